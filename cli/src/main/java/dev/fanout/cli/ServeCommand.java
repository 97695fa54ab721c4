package dev.fanout.cli;

import dev.fanout.jobs.http.SlowSiteServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout serve}: the local slow-site server every demo, test and benchmark fetches from. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve slow web pages on loopback, so fetch demos and benchmarks run offline.",
      "",
      "Endpoints:",
      "  /p/<id>?ms=<delay>&size=<bytes>&fail=<permille>&after=<s>",
      "      size bytes after ms milliseconds; fail permille answer 503 with Retry-After: after",
      "  /flaky/<id>?n=<count>   503 with Retry-After for the first n requests, then 200",
      "  /status/<code>          that status",
      "  /redirect?n=<hops>      a chain of n redirects    /loop   a redirect loop",
      "  /stall                  headers, then silence     /reset  half a body, then a reset",
      ""
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String host;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port to listen on; 0 picks a free one (default), printed on start.")
  int port;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Event-loop threads (default: one per core).")
  Integer threads;

  @Option(
      names = "--print-urls",
      paramLabel = "N",
      description =
          "Print N URLs of the article's workload on stdout: N/2 pages of 10 KiB and N/2 of 300 B,"
              + " 100 ms each (see --ms and --size).")
  Integer printUrls;

  @Option(
      names = "--ms",
      paramLabel = "MS",
      defaultValue = "100",
      description = "Delay of each printed URL, in ms (default: ${DEFAULT-VALUE}).")
  int ms;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Size of every printed URL (default: the article's mix of 10 KiB and 300 B).")
  Integer size;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be within 0..65535, got " + port);
    }
    if (ms < 0 || (size != null && size < 0) || (printUrls != null && printUrls < 0)) {
      throw new UsageException("--ms, --size and --print-urls must be >= 0");
    }
    java.net.InetAddress address;
    try {
      address = java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new UsageException(
          "--host "
              + host
              + ": not a name or address known here: give an address of this machine (default:"
              + " 127.0.0.1)");
    }
    if (threads != null && threads < 1) {
      throw new UsageException("--threads must be at least 1, got " + threads);
    }
    SlowSiteServer server;
    try {
      server =
          threads == null
              ? SlowSiteServer.start(host, port)
              : SlowSiteServer.start(host, port, threads);
    } catch (Exception e) { // Netty rethrows the checked BindException unchecked
      throw new UsageException(
          "cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + e
              + " (is the port taken, or the address not this machine's? try --port 0)",
          e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "fanout-serve-stop"));
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (printUrls != null) {
      for (int i = 0; i < printUrls; i++) {
        int s = size != null ? size : i < printUrls / 2 ? SlowSiteServer.BIG : SlowSiteServer.SMALL;
        out.println(SlowSiteServer.pageUrl(host, server.port(), i, ms, s));
      }
      out.flush();
    }
    // after the URLs: whoever waits for this line (a script, the README test) finds the list whole
    if (!address.isLoopbackAddress()) {
      err.println(
          "fanout serve: warning: --host "
              + host
              + " is not loopback: any machine that reaches this port can use the server");
    }
    err.println("fanout serve: listening on " + server.url("/") + " (Ctrl-C to stop)");
    err.flush();
    stopped.await();
    return ExitCode.OK;
  }
}
