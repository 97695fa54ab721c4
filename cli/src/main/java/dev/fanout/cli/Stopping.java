package dev.fanout.cli;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that must say what it did before it ends: both start
 * the JVM's shutdown (so the command's shutdown hook prints its summary) with exit code 130 or 143,
 * and remember which signal came, so the summary can name it.
 *
 * <p>Thread-safe.
 */
final class Stopping {
  private static volatile String signal;

  private Stopping() {}

  /** Routes SIGINT and SIGTERM through {@link System#exit} with 130 and 143. Idempotent. */
  static void install() {
    handle("INT", ExitCode.INTERRUPTED);
    handle("TERM", ExitCode.TERMINATED);
  }

  private static void handle(String name, int code) {
    try {
      Signal.handle(
          new Signal(name),
          s -> {
            signal = "SIG" + name;
            // exit from a thread of its own: the handler's thread must not wait for the hooks
            Thread.ofPlatform().name("fanout-" + name.toLowerCase()).start(() -> System.exit(code));
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // a platform without this signal: the JVM's default shutdown still runs the hooks
    }
  }

  /** {@code SIGINT} or {@code SIGTERM} when one started the shutdown, else {@code a signal}. */
  static String signal() {
    String s = signal;
    return s == null ? "a signal" : s;
  }
}
