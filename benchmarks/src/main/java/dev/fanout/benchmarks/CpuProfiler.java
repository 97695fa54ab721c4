package dev.fanout.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code -prof dev.fanout.benchmarks.CpuProfiler}: the CPU time the benchmark JVM spent per
 * operation (every thread of it: caller, workers, event loop, GC, JIT), in ns/op. On a shared
 * machine, wall time per task swings with the neighbours' load; CPU time per task is what fanout
 * itself costs, and moves much less. Worker JVMs of {@code processes} are not counted.
 */
public final class CpuProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuAtStart;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuAtStart = os.getProcessCpuTime();
  }

  @Override
  public List<? extends Result<?>> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    long ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(new ScalarResult("cpu", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }
}
