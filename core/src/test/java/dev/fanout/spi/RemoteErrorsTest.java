package dev.fanout.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RemoteErrorsTest {

  private static Throwable roundTrip(Throwable t) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RemoteErrors.write(new DataOutputStream(bytes), t);
    return RemoteErrors.read(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "worker-2 (pid 9)");
  }

  /** An exception class the receiving side cannot rebuild: no (String) constructor. */
  static final class Odd extends RuntimeException {
    Odd(int code) {
      super("odd " + code);
    }
  }

  @Test
  void roundTrip_keepsClassMessageTraceAndCausesAndNamesTheWorker() throws IOException {
    IOException cause = new IOException("disk full");
    IllegalStateException error = new IllegalStateException("cannot write", cause);

    Throwable back = roundTrip(error);

    assertThat(back).isInstanceOf(IllegalStateException.class).hasMessage("cannot write");
    assertThat(back.getStackTrace()).hasSameSizeAs(error.getStackTrace());
    assertThat(back.getStackTrace()[0].toString()).isEqualTo(error.getStackTrace()[0].toString());
    assertThat(back.getCause()).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(back.getSuppressed()[0]).hasMessage("thrown in worker-2 (pid 9)");
  }

  @Test
  void roundTrip_unrebuildableClass_becomesAStandInNamingIt() throws IOException {
    Throwable back = roundTrip(new Odd(7));

    assertThat(back).isInstanceOf(RemoteErrors.RemoteTaskException.class);
    assertThat(back.getMessage()).isEqualTo(Odd.class.getName() + ": odd 7");
    assertThat(((RemoteErrors.RemoteTaskException) back).remoteClass())
        .isEqualTo(Odd.class.getName());
  }
}
