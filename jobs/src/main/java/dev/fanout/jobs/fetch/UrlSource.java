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
  /** One URL and the line it came from, from 1. */
  public record Line(long number, String url) {}

  private final BufferedReader reader;
  private long number;
  private Line next;
  private boolean done;

  public UrlSource(BufferedReader reader) {
    this.reader = reader;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      String text;
      try {
        text = reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the URL list at line " + (number + 1), e);
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
        next = new Line(number, url);
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
