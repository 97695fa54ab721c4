package dev.fanout.spi;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/**
 * The submit-time check for models that rebuild a task or resource in another JVM from its class
 * name (processes, cluster): the class must be a named class that JVM can load from the same
 * classpath and construct with no arguments. Only the class travels, never the object's fields.
 *
 * <p>Stateless and thread-safe.
 */
public final class NamedClasses {
  private NamedClasses() {}

  /**
   * Throws when {@code instance}'s class cannot be rebuilt by name in another JVM.
   *
   * @param instance the user's task or resource
   * @param role what it is, for the message: {@code "task"}, {@code "resource"}
   * @param model the model's label, for the message
   * @throws IllegalArgumentException saying what is wrong and how to fix it
   */
  public static void check(Object instance, String role, String model) {
    Class<?> cls = instance.getClass();
    String problem = problem(cls);
    if (problem == null && instance instanceof dev.fanout.Configured<?> configured) {
      Object settings = configured.settings();
      if (Recipe.settingsConstructor(cls, settings == null ? null : settings.getClass()) == null) {
        problem =
            "class "
                + cls.getName()
                + " is Configured but has no constructor taking its settings ("
                + (settings == null ? "null" : settings.getClass().getName())
                + ")";
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "the "
              + role
              + " "
              + problem
              + ": the "
              + model
              + " model creates the "
              + role
              + " in another JVM from its class name, so it must be a named top-level or static"
              + " nested class on the classpath with a public no-arg constructor, or, to send"
              + " settings along, implement dev.fanout.Configured and take them in a public"
              + " constructor; e.g. `public static final class Square implements Task<Integer,"
              + " Integer> {...}` passed as `new Square()` (its fields are not sent)");
    }
  }

  /** What stops {@code cls} from being rebuilt by name, or null when nothing does. */
  static String problem(Class<?> cls) {
    String name = cls.getName();
    if (cls.isHidden() || cls.isSynthetic() || name.contains("$$Lambda")) {
      return "is a lambda or method reference (" + name + ")";
    }
    if (cls.isAnonymousClass()) {
      return "is an anonymous class (" + name + ")";
    }
    if (cls.isLocalClass()) {
      return "is a local class declared inside a method (" + name + ")";
    }
    if (cls.isMemberClass() && !Modifier.isStatic(cls.getModifiers())) {
      return "is an inner (non-static) class (" + name + "); declare it static";
    }
    if (Modifier.isAbstract(cls.getModifiers())) {
      return "is abstract (" + name + ")";
    }
    if (!dev.fanout.Configured.class.isAssignableFrom(cls)) {
      Constructor<?> ctor;
      try {
        ctor = cls.getDeclaredConstructor();
      } catch (NoSuchMethodException e) {
        return "class " + name + " has no no-arg constructor";
      }
      if (!ctor.trySetAccessible()) {
        return "class " + name + " has a no-arg constructor that cannot be made accessible";
      }
    }
    try {
      if (Class.forName(name, false, ClassLoader.getSystemClassLoader()) != cls) {
        return "class " + name + " comes from another class loader than the classpath's";
      }
    } catch (ClassNotFoundException | LinkageError e) {
      return "class " + name + " is not on the classpath (java.class.path) the workers start with";
    }
    return null;
  }
}
