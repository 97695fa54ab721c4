package dev.fanout.jobs.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The URLs of a list, read lazily one line at a time: a two-million-line file is never in memory.
 * Blank lines and {@code #} comments are skipped; every other line is a URL, good or bad (a bad one
 * fails as its own outcome, naming its line).
 *
 * <p>Not thread-safe: one consumer pulls it.
 */
public final class UrlSource implements Iterator<UrlSource.Line>, AutoCloseable {
  /**
   * One URL and where it came from.
   *
   * @param number its line in the list (or its position among the arguments), from 1
   * @param url the URL
   * @param source the list's name when there are several, {@code argument} for a command-line URL,
   *     or empty for the only list
   */
  public record Line(long number, String url, String source) {
    public Line(long number, String url) {
      this(number, url, "");
    }

    /** {@code line 3}, {@code list.txt line 3} or {@code argument 2}: what an error names. */
    public String where() {
      if (source.isEmpty()) {
        return "line " + number;
      }
      return source.equals(ARGUMENT) ? "argument " + number : source + " line " + number;
    }
  }

  /** The source of URLs given on the command line. */
  public static final String ARGUMENT = "argument";

  private final BufferedReader reader;
  private final String source;
  private long number;
  private Line next;
  private boolean done;

  public UrlSource(BufferedReader reader) {
    this(reader, "");
  }

  /** The URLs of {@code reader}, whose errors name {@code source} (empty for the only list). */
  public UrlSource(BufferedReader reader, String source) {
    this.reader = reader;
    this.source = source;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      String text;
      try {
        text = reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the URL list " + source + " at line " + (number + 1), e);
      }
      if (text == null) {
        done = true;
        break;
      }
      number++;
      String url = text.strip();
      if (number == 1 && !url.isEmpty() && url.charAt(0) == '\uFEFF') {
        url = url.substring(1).strip(); // a byte-order mark from a Windows editor
      }
      if (!url.isEmpty() && !url.startsWith("#")) {
        next = new Line(number, url, source);
      }
    }
    return next != null;
  }

  @Override
  public Line next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Line l = next;
    next = null;
    return l;
  }

  /** Counts the URL lines of a fresh reader without keeping them, for a progress bar's total. */
  public static long count(BufferedReader reader) {
    long n = 0;
    try (UrlSource s = new UrlSource(reader)) {
      while (s.hasNext()) {
        s.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // reading is over either way
    }
  }
}
