package dev.fanout.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a URL file: one per line, blank lines and {@code #} comments skipped. */
final class UrlList {
  private UrlList() {}

  /**
   * The URLs of {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line of a bad URL
   */
  static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--urls: no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("--urls: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + ": '"
                + dev.fanout.Outcome.describe(line)
                + "' is not an http(s) URL: fix or remove the line");
      }
      urls.add(line);
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("--urls: " + file + " has no URL");
    }
    return urls;
  }
}
