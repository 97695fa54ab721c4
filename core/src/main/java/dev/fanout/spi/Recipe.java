package dev.fanout.spi;

import dev.fanout.AsyncTask;
import dev.fanout.Configured;
import dev.fanout.Resource;
import dev.fanout.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * How a task or resource crosses to another JVM: its class name and, for a {@link Configured} one,
 * its settings encoded by {@link Codecs}. The receiving side {@link #build builds} it with its own
 * class loader, after checking, before any static initializer or constructor runs, that the class
 * is one of fanout's task or resource types.
 *
 * <p>Immutable and thread-safe; equal recipes build equal objects, so receivers cache by recipe.
 *
 * @param className the class's binary name
 * @param settings the encoded settings, or null for a class built by its no-arg constructor
 */
public record Recipe(String className, byte[] settings) {
  private static final int MAX_NAME = 1024;
  private static final int MAX_SETTINGS = 16 << 20;

  /**
   * The recipe of {@code instance}, after {@link NamedClasses#check the submit-time check}.
   *
   * @throws IllegalArgumentException when it cannot be rebuilt in another JVM, saying why
   */
  public static Recipe of(Object instance, String role, String model) {
    NamedClasses.check(instance, role, model);
    if (!(instance instanceof Configured<?> configured)) {
      return new Recipe(instance.getClass().getName(), null);
    }
    byte[] settings;
    try {
      settings = Codecs.encode(configured.settings());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the settings of the "
              + role
              + " "
              + instance.getClass().getName()
              + " cannot be encoded for the "
              + model
              + " model: "
              + e.getMessage(),
          e);
    }
    return new Recipe(instance.getClass().getName(), settings);
  }

  /** Writes this recipe. */
  public void write(DataOutput out) throws IOException {
    out.writeUTF(className);
    out.writeInt(settings == null ? -1 : settings.length);
    if (settings != null) {
      out.write(settings);
    }
  }

  /** Reads a recipe written by {@link #write}. */
  public static Recipe read(DataInput in) throws IOException {
    String name = in.readUTF();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IOException("malformed recipe: a class name of " + name.length() + " chars");
    }
    int n = in.readInt();
    if (n < -1 || n > MAX_SETTINGS) {
      throw new IOException("malformed recipe: settings of " + n + " bytes");
    }
    byte[] settings = null;
    if (n >= 0) {
      settings = new byte[n];
      in.readFully(settings);
    }
    return new Recipe(name, settings);
  }

  /**
   * Builds the object with {@code loader}: only a class on that loader's classpath implementing
   * {@link Task}, {@link AsyncTask} or {@link Resource}, checked before the class is initialized.
   *
   * @param where the worker or member, for messages: {@code worker-2}
   * @throws ReflectiveOperationException when the class is missing, not a fanout type, or cannot be
   *     constructed; its message says what to do
   * @throws IOException when the settings cannot be decoded
   */
  public Object build(ClassLoader loader, String where)
      throws ReflectiveOperationException, IOException {
    Class<?> cls;
    try {
      cls = Class.forName(className, false, loader); // false: no static initializer yet
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ClassNotFoundException(
          "the class "
              + className
              + " is not on the classpath of "
              + where
              + ": workers and members load tasks by name from their own classpath; start"
              + " members with the jar that holds it (./fanout member --classpath JAR)",
          e);
    }
    if (!Task.class.isAssignableFrom(cls)
        && !AsyncTask.class.isAssignableFrom(cls)
        && !Resource.class.isAssignableFrom(cls)) {
      throw new ClassNotFoundException(
          "refusing to run "
              + className
              + " on "
              + where
              + ": it is not a dev.fanout Task, AsyncTask or Resource");
    }
    if (Modifier.isAbstract(cls.getModifiers()) || cls.isInterface()) {
      throw new InstantiationException(className + " is abstract: it cannot run on " + where);
    }
    Constructor<?> ctor;
    Object[] args;
    if (settings == null) {
      ctor = cls.getDeclaredConstructor();
      args = new Object[0];
    } else {
      if (!Configured.class.isAssignableFrom(cls)) {
        throw new ClassNotFoundException(
            "refusing settings for " + className + " on " + where + ": it is not Configured");
      }
      Object decoded = Codecs.decode(settings, loader);
      ctor = settingsConstructor(cls, decoded == null ? null : decoded.getClass());
      if (ctor == null) {
        throw new NoSuchMethodException(
            className + " has no public constructor taking its settings on " + where);
      }
      args = new Object[] {decoded};
    }
    ctor.setAccessible(true); // as NamedClasses allows: a non-public class of the user's
    return ctor.newInstance(args);
  }

  /** The constructor of {@code cls} taking one argument of {@code settings}' type, or null. */
  static Constructor<?> settingsConstructor(Class<?> cls, Class<?> settings) {
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      if (params.length == 1
          && (settings == null
              ? !params[0].isPrimitive()
              : box(params[0]).isAssignableFrom(settings))) {
        return c;
      }
    }
    return null;
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return switch (c.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "boolean" -> Boolean.class;
      default -> c;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Recipe r
        && r.className.equals(className)
        && Arrays.equals(r.settings, settings);
  }

  @Override
  public int hashCode() {
    return className.hashCode() * 31 + Arrays.hashCode(settings);
  }

  @Override
  public String toString() {
    return className + (settings == null ? "" : " (" + settings.length + " bytes of settings)");
  }
}
