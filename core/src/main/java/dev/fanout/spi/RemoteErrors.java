package dev.fanout.spi;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a task's exception crosses a process boundary without Java serialization: class name, message
 * and stack frames of it and its causes. The receiving side rebuilds the same class when it can (a
 * public constructor taking a message), else a {@link RemoteTaskException}; either way with the
 * remote stack trace, and a suppressed note naming the worker it was thrown in. A remote engine's
 * worker side encodes a failed attempt's error here; the caller's side decodes it into the outcome.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteErrors {
  private static final int MAX_CAUSES = 8;
  private static final int MAX_FRAMES = 256;

  private RemoteErrors() {}

  /** Writes {@code error} and up to 8 of its causes. */
  public static void write(DataOutputStream out, Throwable error) throws IOException {
    List<Throwable> chain = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error;
        t != null && chain.size() < MAX_CAUSES && seen.put(t, true) == null;
        t = t.getCause()) {
      chain.add(t);
    }
    out.writeByte(chain.size());
    for (Throwable t : chain) {
      out.writeUTF(t.getClass().getName());
      writeString(out, t.getMessage());
      StackTraceElement[] frames = t.getStackTrace();
      int n = Math.min(frames.length, MAX_FRAMES);
      out.writeShort(n);
      for (int i = 0; i < n; i++) {
        StackTraceElement f = frames[i];
        out.writeUTF(f.getClassName());
        out.writeUTF(f.getMethodName());
        writeString(out, f.getFileName());
        out.writeInt(f.getLineNumber());
      }
    }
  }

  /**
   * Reads an error written by {@link #write}.
   *
   * @param where where it was thrown, for the note: {@code "worker-3 (pid 4242)"}
   */
  public static Throwable read(DataInputStream in, String where) throws IOException {
    int n = in.readUnsignedByte();
    if (n == 0 || n > MAX_CAUSES) {
      throw new IOException("malformed error: " + n + " exceptions in its cause chain");
    }
    Throwable[] chain = new Throwable[n];
    for (int i = 0; i < n; i++) {
      String type = in.readUTF();
      String message = readString(in);
      int frames = in.readUnsignedShort();
      StackTraceElement[] trace = new StackTraceElement[frames];
      for (int j = 0; j < frames; j++) {
        trace[j] = new StackTraceElement(in.readUTF(), in.readUTF(), readString(in), in.readInt());
      }
      chain[i] = rebuild(type, message, where);
      chain[i].setStackTrace(trace);
    }
    for (int i = 0; i + 1 < n; i++) {
      try {
        chain[i].initCause(chain[i + 1]);
      } catch (IllegalStateException e) {
        // a class whose constructor set its own cause: keep that one
      }
    }
    Throwable note = new RemoteTaskException("thrown in " + where, null);
    note.setStackTrace(new StackTraceElement[0]);
    chain[0].addSuppressed(note);
    return chain[0];
  }

  private static Throwable rebuild(String type, String message, String where) {
    try {
      Class<?> cls = Class.forName(type, false, ClassLoader.getSystemClassLoader());
      if (Throwable.class.isAssignableFrom(cls)) {
        Constructor<?> ctor = cls.getConstructor(String.class);
        return (Throwable) ctor.newInstance(message);
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // not rebuildable here: fall through to a stand-in that names the class
    }
    return new RemoteTaskException(type + (message == null ? "" : ": " + message), type);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      // writeUTF caps at 64 KiB; a longer message is cut, never a failed frame
      out.writeUTF(s.length() > 16_000 ? s.substring(0, 16_000) + "..." : s);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /**
   * Stands in for an exception whose class cannot be rebuilt on this side, and notes where an
   * exception was thrown. Its message starts with the remote class name.
   */
  public static final class RemoteTaskException extends RuntimeException {
    private final String remoteClass;

    RemoteTaskException(String message, String remoteClass) {
      super(message);
      this.remoteClass = remoteClass;
    }

    /** The class name of the exception on the remote side, or null for a note. */
    public String remoteClass() {
      return remoteClass;
    }
  }
}
