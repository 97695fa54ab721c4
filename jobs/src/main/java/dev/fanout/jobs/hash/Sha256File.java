package dev.fanout.jobs.hash;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of one file, as lowercase hex: reading is I/O, hashing is CPU, so this is the "real"
 * mixed job next to {@code cpu}'s pure arithmetic.
 *
 * <p>The input is the path as a string, so on {@code processes} and {@code cluster} only the path
 * crosses the boundary and the worker reads the file itself. A missing, unreadable or vanished file
 * fails with an {@link IOException} whose message is the reason in coreutils' words.
 *
 * <p>Stateless and thread-safe; a named class with a public no-arg constructor.
 */
public final class Sha256File implements Task<String, String> {
  private static final int BUFFER = 64 * 1024;

  public Sha256File() {}

  @Override
  public String run(String path, Worker worker) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long total = 0;
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      // the JVM decodes file names with the locale's charset; in the C locale that is ASCII
      throw new IOException(
          "the name cannot be encoded in this locale's charset ("
              + System.getProperty("sun.jnu.encoding")
              + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8",
          e);
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = in.read(buffer.clear())) >= 0) {
        digest.update(buffer.array(), 0, n);
        total += n;
      }
    } catch (IOException e) {
      String where =
          worker.id().startsWith("member-")
              ? " (on "
                  + worker.id()
                  + ": members hash the caller's absolute paths, so they need the same files,"
                  + " e.g. on shared storage)"
              : "";
      throw new IOException(Problems.reason(e) + where, e);
    }
    worker.addBytes(total);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e); // every JDK must have it
    }
  }
}
