package dev.fanout.cluster.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;

/**
 * A task's exception, carried from a member as its class name, message and stack, without Java
 * serialization. The client rebuilds the same class when it has it and it takes a message (so a
 * retry policy testing {@code instanceof IOException} works as on the other models); otherwise a
 * {@link RemoteTaskException} naming the original class.
 */
final class RemoteErrors {
  private static final int MAX_FRAMES = 64;

  private RemoteErrors() {}

  /** An exception of a class the client cannot rebuild; its message names the original. */
  static final class RemoteTaskException extends RuntimeException {
    RemoteTaskException(String type, String message) {
      super(type + (message == null ? "" : ": " + message));
    }
  }

  static void write(DataOutputStream out, Throwable error) throws IOException {
    writeString(out, error.getClass().getName());
    out.writeBoolean(error.getMessage() != null);
    if (error.getMessage() != null) {
      writeString(out, error.getMessage());
    }
    StackTraceElement[] stack = error.getStackTrace();
    int n = Math.min(stack.length, MAX_FRAMES);
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      StackTraceElement f = stack[i];
      writeString(out, f.getClassName());
      writeString(out, f.getMethodName());
      writeString(out, f.getFileName() == null ? "" : f.getFileName());
      out.writeInt(f.getLineNumber());
    }
  }

  static Throwable read(DataInputStream in) throws IOException {
    String type = readString(in);
    String message = in.readBoolean() ? readString(in) : null;
    int n = in.readInt();
    if (n < 0 || n > MAX_FRAMES) {
      throw new IOException("malformed error: " + n + " stack frames");
    }
    StackTraceElement[] stack = new StackTraceElement[n];
    for (int i = 0; i < n; i++) {
      String cls = readString(in);
      String method = readString(in);
      String file = readString(in);
      stack[i] = new StackTraceElement(cls, method, file.isEmpty() ? null : file, in.readInt());
    }
    Throwable t = rebuild(type, message);
    t.setStackTrace(stack);
    return t;
  }

  private static Throwable rebuild(String type, String message) {
    try {
      Class<?> cls = Class.forName(type, false, RemoteErrors.class.getClassLoader());
      if (Throwable.class.isAssignableFrom(cls)) {
        if (message == null) {
          return (Throwable) cls.getConstructor().newInstance();
        }
        Constructor<?> c = cls.getConstructor(String.class);
        return (Throwable) c.newInstance(message);
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // not here, or no such constructor: fall back to a message naming the original
    }
    return new RemoteTaskException(type, message);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("malformed error: negative length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
