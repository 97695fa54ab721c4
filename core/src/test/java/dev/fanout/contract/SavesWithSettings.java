package dev.fanout.contract;

import dev.fanout.Configured;
import dev.fanout.OutputFile;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A task whose settings travel with it: writes "note|word,word|input" to {@code dir/<input>.txt}
 * through {@link Worker#createFile} and returns the same text.
 */
public final class SavesWithSettings
    implements Task<String, String>, Configured<SavesWithSettings.Settings> {
  /** Settings holding the text that system properties and command lines used to lose. */
  public record Settings(Path dir, String note, List<String> words, Duration pause) {}

  private final Settings settings;

  public SavesWithSettings(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public String run(String input, Worker worker) throws Exception {
    Thread.sleep(settings.pause().toMillis());
    String text = settings.note() + "|" + String.join(",", settings.words()) + "|" + input;
    try (OutputFile file = worker.createFile(settings.dir().resolve(input + ".txt"))) {
      file.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      file.commit();
    }
    return text;
  }
}
