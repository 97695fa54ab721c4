package dev.fanout.cluster;

import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Named task classes the members load by name (they share the tests' classpath). */
public final class TestTasks {
  private TestTasks() {}

  /** n -> n * n. */
  public static final class Square implements Task<Long, Long> {
    @Override
    public Long run(Long n, Worker w) {
      return n * n;
    }
  }

  /** n -> "n*2@worker", after sleeping 20 ms: slow enough to be caught in flight. */
  public static final class SlowDouble implements Task<Long, String> {
    @Override
    public String run(Long n, Worker w) throws InterruptedException {
      Thread.sleep(20);
      return (n * 2) + "@" + w.id();
    }
  }

  /** Fails with an IOException naming its input. */
  public static final class Boom implements Task<String, String> {
    @Override
    public String run(String s, Worker w) throws IOException {
      throw new IOException("boom " + s);
    }
  }

  /** Returns the worker's resource. */
  public static final class WhichResource implements Task<Integer, String> {
    @Override
    public String run(Integer i, Worker w) {
      return w.resource();
    }
  }

  /** Counts its opens in this JVM; each resource is "opened-N". */
  public static final class CountedResource implements Resource<String> {
    public static final AtomicInteger OPENS = new AtomicInteger();
    public static final AtomicInteger CLOSES = new AtomicInteger();

    @Override
    public String open(Worker w) {
      return "opened-" + OPENS.incrementAndGet() + "@" + w.id();
    }

    @Override
    public void close(String r) {
      CLOSES.incrementAndGet();
    }
  }
}
