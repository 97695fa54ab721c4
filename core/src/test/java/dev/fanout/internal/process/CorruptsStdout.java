package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** On input 0, writes straight to file descriptor 1, around System.out: the protocol's stream. */
public final class CorruptsStdout implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) throws IOException {
    if (x == 0) {
      FileOutputStream raw = new FileOutputStream(FileDescriptor.out);
      raw.write("garbage on stdout\n".getBytes(StandardCharsets.UTF_8));
      raw.flush();
    }
    return x;
  }
}
