package dev.fanout.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code -a FILE}: one input per line, as GNU parallel does; blank lines skipped. */
final class InputLines {
  private InputLines() {}

  /**
   * The inputs of {@code file}.
   *
   * @throws IllegalArgumentException when the file is missing, unreadable or has no input
   */
  static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "-a: no such file: " + file + "; give a file of inputs, one per line");
    } catch (IOException e) {
      throw new UncheckedIOException("-a: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> inputs = lines.stream().filter(l -> !l.isBlank()).toList();
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("-a: " + file + " has no input: put one per line");
    }
    return inputs;
  }
}
