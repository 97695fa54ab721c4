package dev.fanout.benchmarks;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.fetch.AsyncFetchTask;
import dev.fanout.jobs.fetch.BlockingClientResource;
import dev.fanout.jobs.fetch.FetchResult;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.fetch.FetchTask;
import dev.fanout.jobs.fetch.NettyClientResource;
import dev.fanout.jobs.http.SlowSiteServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTTP requests per second with the {@code fetch} job's own clients against the project's {@code
 * serve} (a {@link SlowSiteServer} in a JVM of its own, one loop thread, answering at once with 300
 * bytes). Every model runs the same 64 requests at once over kept-alive loopback connections
 * ({@code sequential}: one), {@value #REQUESTS} per batch. Add {@code -prof
 * dev.fanout.benchmarks.CpuProfiler} for the client JVM's CPU time per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpBenchmark {
  static final int REQUESTS = 2_000;
  static final int CONCURRENCY = 64;

  @Param({"sequential", "threads", "virtual", "async", "processes", "cluster", "auto"})
  public String model;

  private ServerProcess server;
  private Fanout fanout;
  private List<String> urls;
  private boolean async;

  @Setup(Level.Trial)
  public void open() throws Exception {
    Model m = Model.parse(model);
    async = m == Model.ASYNC;
    server = ServerProcess.start(1);
    urls =
        IntStream.range(0, REQUESTS)
            .mapToObj(
                i -> SlowSiteServer.pageUrl("127.0.0.1", server.port(), i, 0, SlowSiteServer.SMALL))
            .toList();
    fanout =
        ModelUnderTest.open(
            model,
            b -> {
              b.resource(async ? new NettyClientResource() : new BlockingClientResource());
              return switch (m) {
                case SEQUENTIAL -> b;
                case THREADS -> b.workers(CONCURRENCY).concurrency(CONCURRENCY);
                case PROCESSES ->
                    b.workers(2).threadsPerWorker(CONCURRENCY / 2).concurrency(CONCURRENCY);
                // the embedded member runs "workers" tasks at once
                case CLUSTER -> b.workers(CONCURRENCY).concurrency(CONCURRENCY);
                default -> b.concurrency(CONCURRENCY);
              };
            });
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    if (fanout != null) {
      fanout.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public List<Outcome<String, FetchResult>> requests() {
    FetchSettings settings = FetchSettings.defaults();
    List<Outcome<String, FetchResult>> out =
        async
            ? fanout.mapAsync(new AsyncFetchTask(settings), urls)
            : fanout.map(new FetchTask(settings), urls);
    ModelUnderTest.check(out, REQUESTS);
    return out;
  }
}
