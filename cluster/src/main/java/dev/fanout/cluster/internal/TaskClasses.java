package dev.fanout.cluster.internal;

import java.lang.reflect.Modifier;

/**
 * Tasks and resources travel to members by class name, so they must be classes another JVM can load
 * and build: named, public, with a public no-arg constructor. A small private check until core's
 * shared one ({@code dev.fanout.internal.codec.NamedClasses}, from the processes model) lands.
 *
 * <p>Stateless; thread-safe.
 */
final class TaskClasses {
  private TaskClasses() {}

  /**
   * Refuses, on the client, an object whose class a member could not load by name.
   *
   * @param what "task" or "resource", for the message
   */
  static void requireNamed(Object object, String what) {
    Class<?> c = object.getClass();
    String fix =
        ": the cluster model builds the "
            + what
            + " on each member from its class name; write it"
            + " as a public top-level (or public static nested) class with a public no-arg"
            + " constructor, on the classpath of every member";
    if (c.isSynthetic() || c.isHidden() || c.getName().contains("$$Lambda")) {
      throw new IllegalArgumentException(
          "the " + what + " is a lambda or method reference (" + c.getName() + ")" + fix);
    }
    if (c.isAnonymousClass() || c.isLocalClass()) {
      throw new IllegalArgumentException(
          "the " + what + " is an anonymous or local class (" + c.getName() + ")" + fix);
    }
    if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
      throw new IllegalArgumentException(
          "the " + what + " " + c.getName() + " is an inner (non-static) class" + fix);
    }
    if (!Modifier.isPublic(c.getModifiers())) {
      throw new IllegalArgumentException(
          "the " + what + " " + c.getName() + " is not public" + fix);
    }
    try {
      if (!Modifier.isPublic(c.getConstructor().getModifiers())) {
        throw new NoSuchMethodException();
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "the " + what + " " + c.getName() + " has no public no-arg constructor" + fix);
    }
  }

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
    return c.getConstructor().newInstance();
  }
}
