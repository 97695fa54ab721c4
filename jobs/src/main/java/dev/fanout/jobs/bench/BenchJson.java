package dev.fanout.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code --json FILE}: the raw measurements, every run and every task, as one JSON document. */
public final class BenchJson {
  private BenchJson() {}

  /** Writes {@code result} to {@code file} atomically (temp file, then rename). */
  public static void write(BenchResult result, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
    mapper.writeValue(tmp.toFile(), result);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
