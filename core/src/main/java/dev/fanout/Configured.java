package dev.fanout;

/**
 * A {@link Task}, {@link AsyncTask} or {@link Resource} whose settings travel with it. On {@link
 * Model#PROCESSES} and {@link Model#CLUSTER} another JVM rebuilds it from its class name and these
 * settings: fanout encodes {@link #settings()} with its codecs on the caller, decodes them on the
 * worker or member, and calls the class's public constructor that takes them. Nothing travels
 * through system properties or the environment.
 *
 * <pre>{@code
 * public record Settings(Path out, Duration timeout) {}
 *
 * public final class Save implements Task<String, Long>, Configured<Settings> {
 *   private final Settings settings;
 *   public Save(Settings settings) { this.settings = settings; }
 *   public Settings settings() { return settings; }
 *   ...
 * }
 * }</pre>
 *
 * <p>The settings should be a record (its components records, enums, strings, numbers, booleans,
 * {@link java.nio.file.Path paths}, {@link java.time.Duration durations}, lists and maps of them);
 * a path in them should be absolute, because the other JVM may run in another directory or on
 * another machine.
 *
 * @param <C> the type of the settings
 */
public interface Configured<C> {
  /** The settings another JVM rebuilds this object with; immutable. */
  C settings();
}
