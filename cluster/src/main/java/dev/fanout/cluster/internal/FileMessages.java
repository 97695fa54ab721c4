package dev.fanout.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The messages of a file streaming from a member to the caller, through the run's bounded queue:
 *
 * <pre>
 * OPEN    file:UTF member:UTF target:UTF   (member: the member's uuid, for the acknowledgement)
 * DATA    file:UTF bytes
 * COMMIT  file:UTF                         (the caller answers with a {@link FileDone})
 * ABORT   file:UTF
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class FileMessages {
  static final byte OPEN = 1;
  static final byte DATA = 2;
  static final byte COMMIT = 3;
  static final byte ABORT = 4;

  private FileMessages() {}

  /**
   * A message as read; {@code authentic} is false when the caller has a secret and the message is
   * not sealed with it (then only a refusal may answer it).
   */
  record Message(
      byte kind, String file, String member, String target, byte[] data, boolean authentic) {
    Message(byte kind, String file, String member, String target, byte[] data) {
      this(kind, file, member, target, data, true);
    }

    Message unauthentic() {
      return new Message(kind, file, member, target, data, false);
    }
  }

  static byte[] open(String file, String member, String target) {
    return write(OPEN, file, member, target, null, 0);
  }

  static byte[] data(String file, byte[] bytes, int length) {
    return write(DATA, file, null, null, bytes, length);
  }

  static byte[] commit(String file) {
    return write(COMMIT, file, null, null, null, 0);
  }

  static byte[] abort(String file) {
    return write(ABORT, file, null, null, null, 0);
  }

  private static byte[] write(
      byte kind, String file, String member, String target, byte[] data, int length) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(kind);
      out.writeUTF(file);
      if (kind == OPEN) {
        out.writeUTF(member);
        out.writeUTF(target);
      } else if (kind == DATA) {
        out.writeInt(length);
        out.write(data, 0, length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory
    }
    return bytes.toByteArray();
  }

  /** {@code body} with its seal (empty without a secret) in front: length, seal, body. */
  static byte[] seal(byte[] body, Seal seal, String runId) {
    byte[] mac = seal == null ? new byte[0] : seal.sign(runId, body);
    byte[] all = new byte[1 + mac.length + body.length];
    all[0] = (byte) mac.length;
    System.arraycopy(mac, 0, all, 1, mac.length);
    System.arraycopy(body, 0, all, 1 + mac.length, body.length);
    return all;
  }

  /**
   * Reads a sealed message.
   *
   * @param seal the caller's secret, or null to accept any
   * @return the message, marked not {@link Message#authentic()} when the caller has a secret and
   *     the message is not sealed with it
   */
  static Message read(byte[] sealed, Seal seal, String runId) throws IOException {
    if (sealed.length == 0 || (sealed[0] & 0xff) > sealed.length - 1) {
      throw new IOException("malformed file message");
    }
    int macLength = sealed[0] & 0xff;
    byte[] mac = java.util.Arrays.copyOfRange(sealed, 1, 1 + macLength);
    byte[] body = java.util.Arrays.copyOfRange(sealed, 1 + macLength, sealed.length);
    Message m = read(body);
    boolean authentic =
        seal == null || java.security.MessageDigest.isEqual(mac, seal.sign(runId, body));
    return authentic ? m : m.unauthentic();
  }

  private static Message read(byte[] message) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
    byte kind = in.readByte();
    String file = in.readUTF();
    return switch (kind) {
      case OPEN -> new Message(kind, file, in.readUTF(), in.readUTF(), null);
      case DATA -> {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
          throw new IOException("malformed file message: " + n + " bytes");
        }
        yield new Message(kind, file, null, null, in.readNBytes(n));
      }
      case COMMIT, ABORT -> new Message(kind, file, null, null, null);
      default -> throw new IOException("malformed file message: kind " + kind);
    };
  }
}
