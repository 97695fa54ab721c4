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

  /** Where {@link WritesFile} writes. */
  public record Target(java.nio.file.Path dir) {}

  /** Writes {@code size} bytes (i % 251) to {@code dir/name} through the worker: "name:size". */
  public static final class WritesFile
      implements Task<String, Long>, dev.fanout.Configured<Target> {
    private final Target target;

    public WritesFile(Target target) {
      this.target = target;
    }

    @Override
    public Target settings() {
      return target;
    }

    @Override
    public Long run(String spec, Worker w) throws IOException {
      String name = spec.substring(0, spec.indexOf(':'));
      int size = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
      byte[] block = new byte[10_000];
      try (dev.fanout.OutputFile file = w.createFile(target.dir().resolve(name))) {
        for (int done = 0; done < size; ) {
          int n = Math.min(block.length, size - done);
          for (int i = 0; i < n; i++) {
            block[i] = (byte) ((done + i) % 251);
          }
          file.write(java.nio.ByteBuffer.wrap(block, 0, n));
          done += n;
        }
        file.commit();
      }
      return (long) size;
    }
  }

  /** Not a task: a member must refuse it before its static initializer runs. */
  public static final class NotATask {
    public static final AtomicInteger INITIALIZED = new AtomicInteger();

    static {
      INITIALIZED.incrementAndGet();
    }
  }

  /** Sleeps until interrupted, counting how many run now in this JVM. */
  public static final class SleepsUntilInterrupted implements Task<Long, Long> {
    public static final AtomicInteger RUNNING = new AtomicInteger();

    @Override
    public Long run(Long n, Worker w) throws InterruptedException {
      RUNNING.incrementAndGet();
      try {
        Thread.sleep(600_000);
        return n;
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }
}
