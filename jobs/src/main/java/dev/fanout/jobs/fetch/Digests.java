package dev.fanout.jobs.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests {@code --checksums} needs, computed over a body as it streams by.
 *
 * <p>Not thread-safe: one request feeds it.
 */
final class Digests {
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();

  Digests(List<String> algorithms) throws IOException {
    for (String a : algorithms) {
      try {
        digests.put(a, MessageDigest.getInstance(a));
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("the JDK lacks " + a, e);
      }
    }
  }

  /** Adds the chunk's remaining bytes without consuming them. */
  void update(ByteBuffer chunk) {
    for (MessageDigest d : digests.values()) {
      d.update(chunk.duplicate());
    }
  }

  void update(byte[] bytes, int off, int len) {
    for (MessageDigest d : digests.values()) {
      d.update(bytes, off, len);
    }
  }

  boolean isEmpty() {
    return digests.isEmpty();
  }

  void reset() {
    digests.values().forEach(MessageDigest::reset);
  }

  /** Hex digests by algorithm; ends the computation. */
  Map<String, String> hex() {
    Map<String, String> hex = new LinkedHashMap<>();
    digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
    return hex;
  }
}
