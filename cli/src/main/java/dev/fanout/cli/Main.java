package dev.fanout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ./fanout}: the top command; every job is a subcommand. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {"Run many tasks at once under any concurrency model, and see why one wins.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every task succeeded",
      "1:some tasks failed (each is reported)",
      "2:usage or input error",
      "70:internal error (a bug in fanout; --debug prints its stack trace)",
      "130:interrupted (Ctrl-C)",
      "143:terminated (SIGTERM)"
    },
    footer = {"", "Run 'fanout COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  /**
   * Every subcommand, in the order {@code --help} lists them; a new command is added here. They are
   * added in code rather than in {@code @Command(subcommands)} so that {@link #main} can build the
   * model of the one command it runs: picocli builds its model of every command and option by
   * reflection (annotations, and the proxies the JDK generates for them on every start), the
   * largest part of a short command's start-up (issue 18, docs/BENCHMARKS.md).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          BenchCommand.class,
          AdviseCommand.class,
          FetchCommand.class,
          ServeCommand.class,
          CpuCommand.class,
          HashCommand.class,
          RaceCommand.class,
          RunCommand.class,
          MemberCommand.class,
          CommandLine.HelpCommand.class);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, print its stack trace.")
  boolean debug;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** The command line with every subcommand and the exit-code mapping, for tests and tools. */
  public static CommandLine commandLine() {
    return commandLine(COMMANDS);
  }

  /**
   * The command line {@code args} need: only the subcommand they start with, else (an option first,
   * {@code help}, an unknown name, nothing) every one, so help and errors read as with {@link
   * #commandLine()}.
   */
  static CommandLine commandLineFor(String... args) {
    if (args.length > 0) {
      for (Class<?> command : COMMANDS) {
        if (command != CommandLine.HelpCommand.class
            && command.getAnnotation(Command.class).name().equals(args[0])) {
          return commandLine(List.of(command));
        }
      }
    }
    return commandLine(COMMANDS);
  }

  private static CommandLine commandLine(List<Class<?>> commands) {
    CommandLine cl = new CommandLine(new Main());
    for (Class<?> command : commands) {
      cl.addSubcommand(command);
    }
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("fanout: " + e.getMessage());
            return ExitCode.USAGE;
          }
          if (e instanceof Paths.OutputFailure
              || e instanceof dev.fanout.jobs.fetch.FetchRun.OutputException) {
            cmd.getErr().println("fanout: " + e.getMessage());
            return ExitCode.SOME_FAILED;
          }
          return internalError(e, cmd.getErr(), debugAsked(parsed));
        });
    cl.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
    CommandLine fetch = cl.getSubcommands().get("fetch");
    if (fetch != null) {
      FetchCommand.describeConcurrency(fetch.getCommandSpec());
    }
    // run's options end at COMMAND: what follows is the command's own (fanout run grep -n x)
    CommandLine run = cl.getSubcommands().get("run");
    if (run != null) {
      run.setStopAtPositional(true);
    }
    return cl;
  }

  /** One line naming the error, the stack trace only when asked: exit {@link ExitCode#INTERNAL}. */
  static int internalError(Throwable e, PrintWriter err, boolean debug) {
    err.println(
        "fanout: internal error: "
            + e
            + (debug ? "" : " (a bug in fanout; run again with --debug for its stack trace)"));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL;
  }

  private static boolean debugAsked(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  public static void main(String[] args) {
    quietLibraries();
    if (Version.asked(args)) {
      exit(Version.print(System.out));
      return;
    }
    int code;
    try {
      code = commandLineFor(args).execute(args);
    } catch (Error e) { // out of memory, stack overflow: still one line and a code of its own
      code =
          internalError(
              e,
              new PrintWriter(System.err, true),
              java.util.Arrays.asList(args).contains("--debug"));
    }
    exit(code);
  }

  /**
   * Ends the process with {@code code}. A success with nothing else running returns from {@code
   * main} instead of calling {@link System#exit}: since JDK 21, {@code System.exit} asks the
   * platform logger whether to log the exit, and finding the logger searches every jar on the class
   * path, opening each one (35 of them, 20-30 ms) that the start-up cache had spared. The JVM then
   * ends as it does after {@code System.exit(0)}: shutdown hooks run, daemon threads stop.
   */
  static void exit(int code) {
    if (code != ExitCode.OK || othersRunning()) {
      System.exit(code);
    }
  }

  /** True when a thread that would keep the JVM alive (not a daemon) runs besides this one. */
  private static boolean othersRunning() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t != Thread.currentThread() && !t.isDaemon() && t.isAlive()) {
        return true;
      }
    }
    return n == threads.length; // more than it could count: assume so
  }

  /**
   * Settles up front what libraries would otherwise probe for at start. {@code -D} on any of these
   * properties still wins.
   *
   * <ul>
   *   <li>A class or resource that is not on the class path is searched for in every jar, opening
   *       each (20-30 ms per start): picocli looks once for Groovy's {@code Closure}, SLF4J
   *       searches for its provider (named here: the no-op one fanout ships, without a line on
   *       stderr saying so), and Netty, left to choose its logging, refuses a no-op SLF4J, looks
   *       for Log4j, then starts {@code java.util.logging}, another search. Netty logs where
   *       HttpClient does, to SLF4J's no-op provider: fanout reports every failure itself.
   *   <li>Netty probes JDK Flight Recorder on first use, loading ~100 JFR classes: 50-100 ms of
   *       start-up for events fanout never records.
   *   <li>Netty walks the network interfaces for a MAC address to seed its channel ids, and where
   *       there is none (a container, a network namespace) logs a warning on stderr in the middle
   *       of fanout's output: a random id of the same shape does, since the ids only need to differ
   *       within this process.
   * </ul>
   */
  static void quietLibraries() {
    byDefault("picocli.disable.closures", "true");
    if (byDefault("slf4j.provider", "org.slf4j.nop.NOPServiceProvider")) {
      byDefault("slf4j.internal.verbosity", "WARN");
    }
    io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
        io.netty.util.internal.logging.Slf4JLoggerFactory.INSTANCE);
    byDefault("io.netty.jfr.enabled", "false");
    if (System.getProperty("io.netty.machineId") == null) {
      byte[] id = new byte[8];
      java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
      id[0] = (byte) ((id[0] | 0x02) & 0xfe); // locally administered, unicast, as MACs go
      System.setProperty("io.netty.machineId", java.util.HexFormat.ofDelimiter(":").formatHex(id));
    }
  }

  /** Sets system property {@code key} unless it is set; true when it did. */
  private static boolean byDefault(String key, String value) {
    if (System.getProperty(key) != null) {
      return false;
    }
    System.setProperty(key, value);
    return true;
  }

  /** {@code --version}: the build's version, the JDK and the machine. */
  public static final class Version implements IVersionProvider {
    /**
     * True for a bare {@code --version} or {@code -V}, which {@link #main} answers without picocli:
     * its model of every command and option is most of {@code --version}'s start-up.
     */
    static boolean asked(String[] args) {
      return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** Prints what picocli's {@code --version} prints; the exit code (1 when the write failed). */
    static int print(java.io.PrintStream out) {
      for (String line : new Version().getVersion()) {
        out.println(line);
      }
      out.flush();
      if (out.checkError()) {
        System.err.println("fanout: could not write the version to standard output");
        return ExitCode.SOME_FAILED;
      }
      return ExitCode.OK;
    }

    /** The version Maven filtered into {@code version.properties}, e.g. {@code 0.1.0}. */
    public static String build() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "unknown (version.properties unreadable: " + e.getMessage() + ")";
      }
      return p.getProperty("version", "unknown (built without Maven)");
    }

    @Override
    public String[] getVersion() {
      return new String[] {
        "fanout " + build(),
        "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores"
      };
    }
  }
}
