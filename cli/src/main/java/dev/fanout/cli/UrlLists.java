package dev.fanout.cli;

import dev.fanout.jobs.fetch.UrlSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Where {@code fetch} takes its URLs from, in order: URL arguments (an argument with {@code ://})
 * and lists (a file argument, {@code -i LIST}; {@code -} for standard input), read lazily one line
 * at a time. Each line names where it came from: {@code argument 2}, {@code line 3} for the only
 * list, {@code list.txt line 3} when there are several.
 *
 * <p>Not thread-safe: one consumer pulls it.
 */
final class UrlLists implements Iterator<UrlSource.Line>, AutoCloseable {
  /** One URL argument, or a list. */
  private record Source(String url, long position, String list) {}

  private final List<Source> all;
  private final Iterator<Source> sources;
  private final boolean oneList;
  private UrlSource current;
  private UrlSource.Line next;

  private UrlLists(List<Source> all) {
    this.all = all;
    this.sources = all.iterator();
    this.oneList = all.size() == 1;
  }

  /**
   * The sources of {@code arguments} then {@code inputFiles}.
   *
   * @throws UsageException if there are none
   */
  static UrlLists of(List<String> arguments, List<String> inputFiles) {
    List<Source> all = new ArrayList<>();
    long position = 0;
    for (String a : arguments) {
      position++;
      all.add(isUrl(a) ? new Source(a, position, null) : new Source(null, 0, a));
    }
    for (String i : inputFiles) {
      all.add(new Source(null, 0, i));
    }
    if (all.isEmpty()) {
      throw new UsageException(
          "no URLs: give URLs, a URL list file, or -i LIST (- reads standard input)");
    }
    return new UrlLists(all);
  }

  /** Whether a positional argument is a URL rather than a list file. */
  static boolean isUrl(String argument) {
    return argument.contains("://");
  }

  /** URLs in all sources, for a progress bar's total; -1 when standard input is one of them. */
  long count() throws IOException {
    long n = 0;
    for (Source s : all) {
      if (s.url() != null) {
        n++;
      } else if (s.list().equals("-")) {
        return -1;
      } else {
        n += UrlSource.count(reader(s.list()));
      }
    }
    return n;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (current != null && current.hasNext()) {
        next = current.next();
        break;
      }
      if (current != null) {
        current.close();
        current = null;
      }
      if (!sources.hasNext()) {
        return false;
      }
      Source s = sources.next();
      if (s.url() != null) {
        next = new UrlSource.Line(s.position(), s.url().strip(), UrlSource.ARGUMENT);
      } else {
        current = new UrlSource(reader(s.list()), oneList ? "" : s.list());
      }
    }
    return true;
  }

  @Override
  public UrlSource.Line next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    UrlSource.Line l = next;
    next = null;
    return l;
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
    }
  }

  private static BufferedReader reader(String list) {
    if (list.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, lenientUtf8()));
    }
    try {
      return new BufferedReader(
          new InputStreamReader(Files.newInputStream(Path.of(list)), lenientUtf8()));
    } catch (IOException e) {
      throw new UsageException("cannot read the URL list '" + list + "': " + e, e);
    }
  }

  /**
   * UTF-8 that turns bytes which are not UTF-8 into U+FFFD instead of ending the run: that line's
   * URL then fails on its own, naming its line, and the rest of the list goes on.
   */
  private static CharsetDecoder lenientUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }
}
