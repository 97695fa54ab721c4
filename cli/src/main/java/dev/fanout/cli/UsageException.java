package dev.fanout.cli;

/** Bad input the user can fix; its message names the input and says what to do. Exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
