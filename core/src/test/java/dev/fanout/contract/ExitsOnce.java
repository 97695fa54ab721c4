package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Input: a marker file's path. The first time it sees a path it halts its JVM (a worker dying under
 * its task); the next time it succeeds. Only for models that isolate crashes.
 */
public final class ExitsOnce implements Task<String, String> {
  @Override
  public String run(String marker, Worker worker) throws IOException {
    try {
      Files.createFile(Path.of(marker));
    } catch (FileAlreadyExistsException e) {
      return "ok on " + worker.id();
    }
    Runtime.getRuntime().halt(3);
    return "unreachable";
  }
}
