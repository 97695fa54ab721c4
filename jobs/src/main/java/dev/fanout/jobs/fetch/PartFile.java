package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.HttpRequest;
import dev.fanout.jobs.http.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A download in progress: the body goes to a partial file, {@code .fanout-<hash of the URL>.part},
 * which can never be mistaken for a complete download. The caller's {@link Folder} moves it to its
 * final name once whole. An interrupted download keeps its bytes there, so a retry or a later run
 * with {@code -C} continues it; its validator (ETag or Last-Modified) is kept next to it in a
 * {@code .part.validator} file.
 *
 * <p>Digests asked for (for {@code --checksums}) are computed as the body is written, the bytes
 * already in the file included.
 *
 * <p>Not thread-safe: one request writes it.
 */
public final class PartFile implements BodySink, AutoCloseable {
  /** Partial and temporary files start with this, so they never look like a download. */
  public static final String PREFIX = ".fanout-";

  private final Path path;
  private final FileChannel channel;
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
  private long size;
  private long asked;
  private boolean unusable;
  private boolean completed;
  private boolean closed;

  private PartFile(Path path, boolean keep, List<String> algorithms) throws IOException {
    this.path = path;
    for (String a : algorithms) {
      try {
        digests.put(a, MessageDigest.getInstance(a));
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("the JDK lacks " + a, e);
      }
    }
    Files.createDirectories(path.getParent());
    if (!keep) {
      Files.deleteIfExists(validatorFile(path));
    }
    this.channel =
        keep
            ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
            : FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    this.size = channel.size();
    channel.position(size);
    if (size > 0 && !digests.isEmpty()) {
      digestExisting();
    }
  }

  /**
   * Opens the partial file of {@code url} in {@code dir}: keeping the bytes already there when
   * {@code keep}, else from zero; computing {@code algorithms} (JDK names, e.g. SHA-256).
   */
  public static PartFile open(Path dir, String url, boolean keep, List<String> algorithms)
      throws IOException {
    return new PartFile(Folder.partFile(dir, url), keep, algorithms);
  }

  private void digestExisting() throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buf = new byte[1 << 16];
      long left = size;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        for (MessageDigest d : digests.values()) {
          d.update(buf, 0, n);
        }
        left -= n;
      }
    }
  }

  /** Bytes in the file so far. */
  public long size() {
    return size;
  }

  public Path path() {
    return path;
  }

  /**
   * The request for {@code url}: a plain GET, or, when bytes are kept and their validator is known,
   * one asking for the rest ({@code Range}) only if the body is still the same ({@code If-Range}).
   * Bytes kept without a validator are dropped: nothing proves the rest would match them.
   */
  public HttpRequest request(String url) throws IOException {
    String v = validator();
    if (size > 0 && v != null) {
      asked = size;
      return HttpRequest.get(url).header("Range", "bytes=" + size + "-").header("If-Range", v);
    }
    if (size > 0) {
      restart();
    }
    asked = 0;
    return HttpRequest.get(url);
  }

  /**
   * The response's head: a {@code 206} starting where the kept bytes end appends to them; anything
   * else (a {@code 200}: the body changed, or the server ignores ranges) starts the file over. The
   * response's validator is kept for a later continuation.
   */
  @Override
  public void begin(ResponseHead head) throws IOException {
    String range = head.header("content-range");
    boolean appends =
        asked > 0
            && head.status() == 206
            && range != null
            && range.trim().startsWith("bytes " + asked + "-");
    if (!appends) {
      if (head.status() == 206) {
        throw new IOException(
            "the server answered a range other than the one asked for ("
                + range
                + "); the kept bytes were dropped, fetch it again");
      }
      restart();
    }
    String etag = head.header("etag");
    String validator = etag != null && !etag.startsWith("W/") ? etag : head.header("last-modified");
    validator(validator);
  }

  /** Drops the bytes kept so far: the server sent the whole body again. */
  public void restart() throws IOException {
    if (size == 0 && channel.size() == 0) {
      return;
    }
    channel.truncate(0);
    channel.position(0);
    size = 0;
    for (MessageDigest d : digests.values()) {
      d.reset();
    }
  }

  /** Bytes already in the file when the request was made: not received this time. */
  public long kept() {
    return asked;
  }

  @Override
  public void accept(ByteBuffer chunk) throws IOException {
    for (MessageDigest d : digests.values()) {
      d.update(chunk.duplicate());
    }
    try {
      while (chunk.hasRemaining()) {
        size += channel.write(chunk);
      }
    } catch (java.nio.channels.ClosedByInterruptException e) {
      throw e; // a cancel: the bytes written so far are good, and kept
    } catch (IOException e) {
      unusable = true; // a full disk, an I/O error: these bytes are not worth continuing
      throw e;
    }
  }

  /** The validator kept with the partial bytes (ETag or Last-Modified), or null. */
  public String validator() throws IOException {
    Path v = validatorFile(path);
    return size > 0 && Files.exists(v) ? Files.readString(v, StandardCharsets.UTF_8).strip() : null;
  }

  /** Keeps {@code validator} with the bytes to come, or forgets it when null. */
  public void validator(String validator) throws IOException {
    Path v = validatorFile(path);
    if (validator == null || validator.isBlank()) {
      Files.deleteIfExists(v);
    } else {
      Files.writeString(v, validator, StandardCharsets.UTF_8);
    }
  }

  /**
   * The body is complete: forces it to the disk (before the caller renames it) and returns the
   * digests asked for, hex, by algorithm.
   */
  public Map<String, String> complete() throws IOException {
    channel.force(true);
    completed = true; // kept even when empty: an empty body is a whole file too
    close();
    Map<String, String> hex = new LinkedHashMap<>();
    digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
    return hex;
  }

  /**
   * Closes the file; its bytes stay for a later continuation. An empty one, or one a write failed
   * on (a full disk), is removed.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
      if ((size == 0 && !completed) || unusable) {
        Files.deleteIfExists(path);
        Files.deleteIfExists(validatorFile(path));
      }
    } catch (IOException ignored) {
      // a leftover partial file is harmless: never under a final name
    }
  }

  /**
   * The download failed with {@code error}: its bytes stay for a continuation only when the cause
   * was a cut (an interrupt or cancel, a dropped or stalled connection: what a retry would try
   * again); a response that broke the protocol, a body over the cap, a bad status drop them.
   */
  public void failed(Throwable error) {
    Throwable e = error;
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    boolean cut =
        e instanceof java.io.InterruptedIOException
            || e instanceof java.nio.channels.ClosedByInterruptException
            || e instanceof java.util.concurrent.CancellationException
            || dev.fanout.jobs.http.HttpException.isRetryable(e);
    if (!cut) {
      unusable = true;
    }
  }

  /** Removes the partial file of {@code url} in {@code dir} and its validator. */
  public static void discard(Path dir, String url) throws IOException {
    Path p = Folder.partFile(dir, url);
    Files.deleteIfExists(p);
    Files.deleteIfExists(validatorFile(p));
  }

  static void forgetValidator(Path part) throws IOException {
    Files.deleteIfExists(validatorFile(part));
  }

  static Path validatorFile(Path part) {
    return part.resolveSibling(part.getFileName() + ".validator");
  }
}
