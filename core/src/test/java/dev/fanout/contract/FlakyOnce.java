package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Input: a marker file's path. Fails the first time it sees a path (creating the marker), succeeds
 * the next: retries work across threads, processes and machines sharing the file system.
 */
public final class FlakyOnce implements Task<String, String> {
  @Override
  public String run(String marker, Worker worker) throws IOException {
    try {
      Files.createFile(Path.of(marker));
    } catch (FileAlreadyExistsException e) {
      return "ok " + Path.of(marker).getFileName();
    }
    throw new IOException("first attempt fails: " + Path.of(marker).getFileName());
  }
}
