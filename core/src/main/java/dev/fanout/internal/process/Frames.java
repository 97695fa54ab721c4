package dev.fanout.internal.process;

import dev.fanout.spi.Recipe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;

/**
 * The framed protocol between the engine and a worker JVM, over the worker's stdin and stdout. A
 * frame is a 4-byte big-endian length, then that many bytes: a type byte and its body.
 *
 * <pre>
 * parent -> worker   INIT    hasResource:bool [resource:recipe]   (always the first frame)
 *                    CHUNK   task:recipe async:bool count:int (id:long len:int input:bytes)*
 *                    CANCEL  id:long
 * worker -> parent   HELLO   magic:int version:int pid:long   (always the first frame)
 *                    READY                                    (the resource, if any, is open)
 *                    INIT_FAILED  error                       (the resource initializer threw)
 *                    STARTED id:long startNanos:long          (flushed before the task runs)
 *                    RESULT  id:long endNanos:long cpuNanos:long bytes:long len:int value:bytes
 *                    ERROR   id:long endNanos:long cpuNanos:long bytes:long error
 *                    EXITING                                  (System.exit was called)
 * </pre>
 *
 * A recipe is a task's or resource's class name and settings ({@link dev.fanout.spi.Recipe}).
 *
 * <p>Values use {@link dev.fanout.spi.Codecs}, errors {@link dev.fanout.spi.RemoteErrors}. A
 * worker's stdout carries nothing else: it points {@code System.out} at stderr before running user
 * code.
 *
 * <p>Stateless and thread-safe; each stream is used by one reader and one writer at a time.
 */
final class Frames {
  static final byte CHUNK = 1;
  static final byte CANCEL = 2;
  static final byte INIT = 3;
  static final byte HELLO = 10;
  static final byte READY = 11;
  static final byte INIT_FAILED = 12;
  static final byte STARTED = 13;
  static final byte RESULT = 14;
  static final byte ERROR = 15;
  static final byte EXITING = 16;

  static final int MAGIC = 0x46414e4f; // "FANO"
  static final int VERSION = 2;

  /** Larger frames are refused: such a length means the stream is not ours (or is corrupt). */
  static final int MAX_FRAME = 256 << 20;

  private Frames() {}

  /** A frame as read: its type and a stream over its body. */
  record Frame(byte type, DataInputStream body) {}

  /**
   * Reads the next frame.
   *
   * @return the frame, or null at a clean end of stream (between frames)
   * @throws MalformedFrameException when the bytes are not a frame
   * @throws IOException when the stream fails or ends inside a frame
   */
  static Frame read(DataInputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
    if (length < 1 || length > MAX_FRAME) {
      throw new MalformedFrameException(
          "malformed frame: length "
              + length
              + " (bytes "
              + hex(length)
              + ") is outside 1.."
              + MAX_FRAME
              + "; did something else write to this stream?");
    }
    byte[] body = new byte[length];
    try {
      in.readFully(body);
    } catch (EOFException e) {
      throw new MalformedFrameException(
          "malformed frame: the stream ended inside a frame of " + length + " bytes");
    }
    return new Frame(body[0], new DataInputStream(new ByteArrayInputStream(body, 1, length - 1)));
  }

  private static String hex(int v) {
    return String.format("%08x", v);
  }

  /** The INIT frame: the worker's resource, or null for none. */
  static byte[] init(Recipe resource) {
    Builder f = new Builder(INIT);
    try {
      f.body().writeBoolean(resource != null);
      if (resource != null) {
        resource.write(f.body());
      }
    } catch (IOException e) {
      throw new AssertionError(e); // in memory
    }
    return f.bytes();
  }

  /** A CHUNK frame: {@code jobs} of one task, for one worker. */
  static byte[] chunk(Recipe task, boolean async, List<Job> jobs) {
    Builder f = new Builder(CHUNK);
    try {
      task.write(f.body());
      f.body().writeBoolean(async);
      f.body().writeInt(jobs.size());
      for (Job job : jobs) {
        f.body().writeLong(job.id);
        f.body().writeInt(job.input.length);
        f.body().write(job.input);
      }
    } catch (IOException e) {
      throw new AssertionError(e); // in memory
    }
    return f.bytes();
  }

  /** A CANCEL frame for the job {@code id}. */
  static byte[] cancel(long id) {
    Builder f = new Builder(CANCEL);
    try {
      f.body().writeLong(id);
    } catch (IOException e) {
      throw new AssertionError(e); // in memory
    }
    return f.bytes();
  }

  /** A frame being built: write the body to {@link #body()}, then {@link #bytes()}. */
  static final class Builder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream body = new DataOutputStream(bytes);

    Builder(byte type) {
      bytes.write(0);
      bytes.write(0);
      bytes.write(0);
      bytes.write(0);
      bytes.write(type);
    }

    DataOutputStream body() {
      return body;
    }

    /** The whole frame, length prefix included. */
    byte[] bytes() {
      byte[] b = bytes.toByteArray();
      int length = b.length - 4;
      if (length > MAX_FRAME) {
        throw new IllegalArgumentException(
            "a frame of "
                + length
                + " bytes exceeds the "
                + MAX_FRAME
                + "-byte limit: send smaller"
                + " inputs or results (or a smaller chunkSize)");
      }
      b[0] = (byte) (length >>> 24);
      b[1] = (byte) (length >>> 16);
      b[2] = (byte) (length >>> 8);
      b[3] = (byte) length;
      return b;
    }
  }

  /** The bytes on a stream are not a frame of this protocol. */
  static final class MalformedFrameException extends IOException {
    MalformedFrameException(String message) {
      super(message);
    }
  }

  /** Checks that a frame body was read to its end. */
  static void requireEnd(Frame f) throws MalformedFrameException {
    try {
      if (f.body().available() != 0) {
        throw new MalformedFrameException(
            "malformed frame: "
                + f.body().available()
                + " unexpected bytes after a type-"
                + f.type()
                + " frame");
      }
    } catch (MalformedFrameException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedFrameException("malformed frame: " + e.getMessage());
    }
  }
}
