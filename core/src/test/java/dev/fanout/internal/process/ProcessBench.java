package dev.fanout.internal.process;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * Benchmarks of the processes model, not tests: run from a jar classpath so that CDS applies.
 *
 * <pre>
 * startup WORKERS RUNS      run start -> first task running; per-worker start-up (to its first task)
 * cpu N COUNT RUNS           sum of squares of COUNT inputs from N: sequential vs processes, wall
 *                           including start-up and close
 * noop INPUTS RUNS           per-task overhead of a no-op over INPUTS inputs on warm workers
 * chunkfile FILE             writes one CHUNK frame (a NoOp on 1L) to FILE: pipe it into a bare
 *                           worker ({@code java ... WorkerMain w 1 PID - < FILE}) to time one
 *                           worker's whole life, start-up to first result to exit
 * </pre>
 *
 * Add {@code -Dfanout.worker.cds=false} to measure without the CDS archive.
 */
public final class ProcessBench {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "startup" -> startup(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "cpu" ->
          cpu(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "noop" -> noop(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "chunkfile" -> chunkFile(java.nio.file.Path.of(args[1]));
      default -> throw new IllegalArgumentException("startup|cpu|noop");
    }
  }

  private static void startup(int workers, int runs) {
    List<Double> first = new ArrayList<>();
    List<Double> perWorker = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      Map<String, Long> firstStart = new ConcurrentHashMap<>();
      long t0 = System.nanoTime();
      try (Fanout f =
          Fanout.builder()
              .model(Model.PROCESSES)
              .workers(workers)
              .chunkSize(1)
              .listener(
                  e -> {
                    if (e instanceof Event.Started s) {
                      firstStart.merge(s.worker(), s.atNanos(), Math::min);
                    }
                  })
              .build()) {
        // enough short tasks that every worker gets some once it is up
        f.map(new SleepMillis(), LongStream.range(0, workers * 20L).map(i -> 20).boxed().toList());
      }
      double firstMs = (Collections.min(firstStart.values()) - t0) / 1e6;
      double avgMs = firstStart.values().stream().mapToLong(v -> v - t0).average().orElse(0) / 1e6;
      first.add(firstMs);
      perWorker.add(avgMs);
      System.out.printf(
          "run %d: first task running after %.0f ms; workers' first tasks after %.0f ms on average (%d workers)%n",
          r, firstMs, avgMs, firstStart.size());
    }
    System.out.printf(
        "startup workers=%d cds=%s: median first task %.0f ms, median per-worker start-up %.0f ms%n",
        workers, System.getProperty("fanout.worker.cds", "auto"), median(first), median(perWorker));
  }

  private static void cpu(long n, int count, int runs) {
    List<Long> inputs = LongStream.range(0, count).map(i -> n + i).boxed().toList();
    List<Double> seq = new ArrayList<>();
    List<Double> proc = new ArrayList<>();
    List<Double> seqCpu = new ArrayList<>();
    List<Double> procCpu = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      double[] s = timeRun(Model.SEQUENTIAL, inputs);
      double[] p = timeRun(Model.PROCESSES, inputs);
      seq.add(s[0]);
      proc.add(p[0]);
      seqCpu.add(s[1]);
      procCpu.add(p[1]);
      System.out.printf(
          "run %d: sequential %.2f s (CPU %.2f s), processes %.2f s (CPU %.2f s, parent +"
              + " workers), speed-up %.2fx%n",
          r, s[0], s[1], p[0], p[1], s[0] / p[0]);
    }
    System.out.printf(
        "cpu n=%d count=%d cores=%d: median sequential %.2f s, median processes %.2f s, speed-up"
            + " %.2fx; CPU used: sequential %.2f s, processes %.2f s%n",
        n,
        count,
        Runtime.getRuntime().availableProcessors(),
        median(seq),
        median(proc),
        median(seq) / median(proc),
        median(seqCpu),
        median(procCpu));
  }

  /** Wall seconds (start-up and close included) and CPU seconds of this JVM and its workers. */
  private static double[] timeRun(Model model, List<Long> inputs) {
    long cpu0 = cpuOfUsAndWorkers();
    long t0 = System.nanoTime();
    long cpu;
    try (Fanout f = Fanout.builder().model(model).build()) {
      List<Outcome<Long, Long>> out = f.map(new SumOfSquares(), inputs);
      if (!out.stream().allMatch(Outcome::isSuccess)) {
        throw new IllegalStateException("a task failed: " + out);
      }
      cpu = cpuOfUsAndWorkers(); // the workers' CPU can only be read while they live
    }
    return new double[] {(System.nanoTime() - t0) / 1e9, (cpu - cpu0) / 1e9};
  }

  private static void noop(int inputs, int runs) {
    List<Long> data = LongStream.range(0, inputs).boxed().toList();
    List<Double> perTask = new ArrayList<>();
    List<Double> cpuPerTask = new ArrayList<>();
    try (Fanout f = Fanout.builder().model(Model.PROCESSES).build()) {
      f.map(new NoOp(), data.subList(0, Math.min(inputs, 20_000))); // workers up, code warm
      for (int r = 0; r < runs; r++) {
        long cpu0 = cpuOfUsAndWorkers();
        long t0 = System.nanoTime();
        List<Outcome<Long, Long>> out = f.map(new NoOp(), data);
        double us = (System.nanoTime() - t0) / 1e3 / inputs;
        double cpuUs = (cpuOfUsAndWorkers() - cpu0) / 1e3 / inputs;
        if (out.size() != inputs || !out.stream().allMatch(Outcome::isSuccess)) {
          throw new IllegalStateException("lost outcomes");
        }
        perTask.add(us);
        cpuPerTask.add(cpuUs);
        System.out.printf(
            "run %d: %.2f us wall per task, %.2f us CPU per task (parent + workers)%n",
            r, us, cpuUs);
      }
    }
    System.out.printf(
        "noop inputs=%d: median %.2f us wall per task, median %.2f us CPU per task%n",
        inputs, median(perTask), median(cpuPerTask));
  }

  /** CPU time of this JVM and its live child processes, in nanoseconds. */
  private static long cpuOfUsAndWorkers() {
    long ours =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long children =
        ProcessHandle.current()
            .children()
            .mapToLong(c -> c.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
            .sum();
    return ours + children;
  }

  private static void chunkFile(java.nio.file.Path file) throws java.io.IOException {
    java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(input)) {
      dev.fanout.spi.Codecs.write(out, 1L);
    }
    Frames.Builder f = new Frames.Builder(Frames.CHUNK);
    f.body().writeUTF(NoOp.class.getName());
    f.body().writeBoolean(false);
    f.body().writeInt(1);
    f.body().writeLong(0);
    f.body().writeInt(input.size());
    f.body().write(input.toByteArray());
    java.nio.file.Files.write(file, f.bytes());
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
