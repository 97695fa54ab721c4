package dev.fanout.jobs.run;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Input lines as GNU parallel reads them: split on {@code \n} only (a {@code \r} or any other byte
 * stays in the input), an empty line is an input unless {@code skipEmpty}, the last line needs no
 * newline. Several readers are read one after the other, each pulled lazily.
 *
 * <p>Not thread-safe.
 */
public final class Inputs implements Iterator<String> {
  private final Iterator<? extends Reader> readers;
  private final boolean skipEmpty;
  private Reader current;
  private String next;
  private final StringBuilder line = new StringBuilder();
  private final char[] buf = new char[8192];
  private int pos;
  private int len;

  public Inputs(List<? extends Reader> readers, boolean skipEmpty) {
    this.readers = readers.iterator();
    this.skipEmpty = skipEmpty;
  }

  @Override
  public boolean hasNext() {
    try {
      while (next == null) {
        String l = readLine();
        if (l == null) {
          return false;
        }
        if (!(skipEmpty && l.isEmpty())) {
          next = l;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the inputs: " + e.getMessage(), e);
    }
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String n = next;
    next = null;
    return n;
  }

  private String readLine() throws IOException {
    while (true) {
      if (current == null) {
        if (!readers.hasNext()) {
          return null;
        }
        current = readers.next();
        pos = len = 0;
      }
      if (pos == len) {
        len = current.read(buf);
        pos = 0;
        if (len < 0) {
          current.close();
          current = null;
          len = 0;
          if (!line.isEmpty()) {
            String l = line.toString();
            line.setLength(0);
            return l; // the last line of a file without its newline
          }
          continue;
        }
      }
      for (int i = pos; i < len; i++) {
        if (buf[i] == '\n') {
          line.append(buf, pos, i - pos);
          pos = i + 1;
          String l = line.toString();
          line.setLength(0);
          return l;
        }
      }
      line.append(buf, pos, len - pos);
      pos = len;
    }
  }
}
