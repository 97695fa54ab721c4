package dev.fanout.jobs.hash;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** File errors in the words of coreutils ({@code No such file or directory}), not Java's. */
final class Problems {
  private Problems() {}

  /** A name fit for a one-line message: control characters (a newline in a name) escaped. */
  static String name(Object path) {
    String s = String.valueOf(path);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(Character.isISOControl(c) ? '?' : c);
      }
    }
    return b.toString();
  }

  static String reason(Exception e) {
    return switch (e) {
      case NoSuchFileException x -> "No such file or directory";
      case AccessDeniedException x -> "Permission denied";
      case NotDirectoryException x -> "Not a directory";
      case FileSystemLoopException x -> "file system loop";
      case FileSystemException x when x.getReason() != null -> x.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
