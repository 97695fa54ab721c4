package examples;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An example of your own task for {@code ./fanout bench --task}: the SHA-256 of the file named by
 * each input line. A public class with a public no-arg constructor, so that worker JVMs can load
 * it by name.
 */
public final class Checksum implements Task<String, String> {
  public Checksum() {}

  @Override
  public String run(String file, Worker worker) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(Path.of(file))));
  }
}
