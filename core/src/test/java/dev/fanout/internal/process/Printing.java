package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Prints a line on System.out and one on System.err, as a chatty task does. */
public final class Printing implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    System.out.println("out " + x);
    System.err.println("err " + x);
    return x;
  }
}
