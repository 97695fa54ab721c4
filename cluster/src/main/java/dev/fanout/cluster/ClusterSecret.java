package dev.fanout.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a cluster's shared secret comes from: {@code --secret-file FILE} (its bytes, without a
 * trailing newline) or the {@value #VARIABLE} environment variable. Members and clients with the
 * same secret authenticate every job message with it (HMAC-SHA256); a member with a secret runs
 * nothing unauthenticated.
 *
 * <p>Stateless; thread-safe.
 */
public final class ClusterSecret {
  /** The environment variable that holds the secret when no file is given. */
  public static final String VARIABLE = "FANOUT_CLUSTER_SECRET";

  private static final int MIN_BYTES = 16;

  private ClusterSecret() {}

  /**
   * The secret from {@code file}, else from {@value #VARIABLE}, else null.
   *
   * @throws IllegalArgumentException when the file cannot be read or the secret is too short
   */
  public static byte[] resolve(Path file) {
    byte[] secret;
    String from;
    if (file != null) {
      try {
        secret = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--secret-file: cannot read " + file + " (" + e + ")", e);
      }
      from = "--secret-file " + file;
    } else {
      String env = System.getenv(VARIABLE);
      if (env == null) {
        return null;
      }
      secret = env.getBytes(StandardCharsets.UTF_8);
      from = VARIABLE;
    }
    int n = secret.length;
    while (n > 0 && (secret[n - 1] == '\n' || secret[n - 1] == '\r')) {
      n--;
    }
    if (n < MIN_BYTES) {
      throw new IllegalArgumentException(
          from
              + ": the secret has "
              + n
              + " bytes; give at least "
              + MIN_BYTES
              + " (e.g. head -c 32 /dev/urandom | base64 > secret)");
    }
    return Arrays.copyOf(secret, n);
  }
}
