package dev.fanout.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates fanout's job messages with the cluster's shared secret: an HMAC-SHA256 over every
 * field (each with its length, so fields cannot be shifted into each other) and the time the
 * message was sent. A member refuses a message whose seal does not match, or that was sent more
 * than {@link #MAX_AGE_MILLIS} ago or ahead (a replay of an old message).
 *
 * <p>Immutable and thread-safe.
 */
final class Seal {
  static final long MAX_AGE_MILLIS = 5 * 60_000;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  Seal(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /** The seal of the fields: Strings, byte arrays, arrays of byte arrays, longs and ints. */
  byte[] sign(Object... fields) {
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + ALGORITHM, e); // every JDK has it
    }
    for (Object f : fields) {
      add(mac, f);
    }
    return mac.doFinal();
  }

  /** True when {@code seal} matches the fields and {@code sentAt} is recent. */
  boolean verify(byte[] seal, long sentAt, Object... fields) {
    if (seal == null || Math.abs(System.currentTimeMillis() - sentAt) > MAX_AGE_MILLIS) {
      return false;
    }
    return MessageDigest.isEqual(seal, sign(fields)); // constant time
  }

  private static void add(Mac mac, Object f) {
    switch (f) {
      case null -> mac.update((byte) 0);
      case String s -> bytes(mac, (byte) 1, s.getBytes(StandardCharsets.UTF_8));
      case byte[] b -> bytes(mac, (byte) 2, b);
      case byte[][] all -> {
        mac.update((byte) 3);
        mac.update(ByteBuffer.allocate(4).putInt(all.length).flip());
        for (byte[] b : all) {
          bytes(mac, (byte) 2, b);
        }
      }
      case Long l -> {
        mac.update((byte) 4);
        mac.update(ByteBuffer.allocate(8).putLong(l).flip());
      }
      case Integer i -> {
        mac.update((byte) 5);
        mac.update(ByteBuffer.allocate(4).putInt(i).flip());
      }
      default -> throw new IllegalArgumentException("cannot seal a " + f.getClass());
    }
  }

  private static void bytes(Mac mac, byte tag, byte[] b) {
    mac.update(tag);
    mac.update(ByteBuffer.allocate(4).putInt(b.length).flip());
    mac.update(b);
  }

  /** The refusal a member answers an unauthenticated message with. */
  static SecurityException refusal(String memberId, String what) {
    return new SecurityException(
        memberId
            + " refused "
            + what
            + ": it is not authenticated with this cluster's secret; give the client the"
            + " members' secret (--secret-file FILE or the FANOUT_CLUSTER_SECRET variable)");
  }
}
