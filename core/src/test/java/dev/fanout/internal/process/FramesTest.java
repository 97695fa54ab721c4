package dev.fanout.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

  private static DataInputStream stream(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Test
  void read_aBuiltFrame_givesItsTypeAndBody() throws IOException {
    Frames.Builder b = new Frames.Builder(Frames.STARTED);
    b.body().writeLong(7);
    b.body().writeLong(123);

    Frames.Frame f = Frames.read(stream(b.bytes()));

    assertThat(f.type()).isEqualTo(Frames.STARTED);
    assertThat(f.body().readLong()).isEqualTo(7);
    assertThat(f.body().readLong()).isEqualTo(123);
    Frames.requireEnd(f);
  }

  @Test
  void read_atEndOfStream_isNull() throws IOException {
    assertThat(Frames.read(stream(new byte[0]))).isNull();
  }

  @Test
  void read_textInsteadOfFrames_isAMalformedFrameNamingTheLength() {
    byte[] text = "hello from a stray println\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Frames.read(stream(text)))
        .isInstanceOf(Frames.MalformedFrameException.class)
        .hasMessageContaining("malformed frame: length")
        .hasMessageContaining("did something else write to this stream?");
  }

  @Test
  void read_streamEndingInsideAFrame_isMalformed() throws IOException {
    Frames.Builder b = new Frames.Builder(Frames.RESULT);
    b.body().writeLong(1);
    byte[] bytes = b.bytes();

    assertThatThrownBy(() -> Frames.read(stream(Arrays.copyOf(bytes, bytes.length - 3))))
        .isInstanceOf(Frames.MalformedFrameException.class)
        .hasMessageContaining("ended inside a frame");
  }

  @Test
  void requireEnd_trailingBytes_isMalformed() throws IOException {
    Frames.Builder b = new Frames.Builder(Frames.CANCEL);
    b.body().writeLong(1);
    Frames.Frame f = Frames.read(stream(b.bytes()));

    assertThatThrownBy(() -> Frames.requireEnd(f)).hasMessageContaining("8 unexpected bytes");
  }

  @Test
  void describeExit_namesSignalsExitHaltAndOutOfMemory() {
    assertThat(WorkerProcess.describeExit(137, false, false))
        .isEqualTo("killed by signal 9 (SIGKILL), exit code 137");
    assertThat(WorkerProcess.describeExit(3, false, true)).contains("ran out of memory");
    assertThat(WorkerProcess.describeExit(3, true, false))
        .isEqualTo("a task called System.exit(3), exit code 3");
    assertThat(WorkerProcess.describeExit(42, false, false))
        .startsWith("halted with exit code 42 without running shutdown hooks");
    assertThat(WorkerProcess.describeExit(134, false, false)).startsWith("crashed: ");
  }
}
