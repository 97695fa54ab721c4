package dev.fanout.cluster.internal;

/**
 * Builds a task or resource on a member from its class name, with the member's class loader (its
 * classpath plus {@code --classpath}); core's {@code NamedClasses} checks the class on the client.
 *
 * <p>Stateless; thread-safe.
 */
final class TaskClasses {
  private TaskClasses() {}

  /** Loads and builds a named class on a member, with an error that says what to do. */
  static Object instantiate(String name, ClassLoader loader, String memberId, String what)
      throws ReflectiveOperationException {
    Class<?> c;
    try {
      c = Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ClassNotFoundException(
          "the "
              + what
              + " class "
              + name
              + " is not on the classpath of "
              + memberId
              + ": members load tasks by name (Hazelcast's open-source edition cannot ship classes"
              + " to them); start the member with the jar that holds it (./fanout member"
              + " --classpath JAR)",
          e);
    }
    var constructor = c.getDeclaredConstructor();
    constructor.setAccessible(true); // as core's NamedClasses allows: any no-arg constructor
    return constructor.newInstance();
  }
}
