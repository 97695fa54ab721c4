package dev.fanout.cli;

import java.io.PrintWriter;
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
    subcommands = {
      BenchCommand.class,
      AdviseCommand.class,
      FetchCommand.class,
      ServeCommand.class,
      CpuCommand.class,
      HashCommand.class,
      RaceCommand.class,
      RunCommand.class,
      MemberCommand.class,
      CommandLine.HelpCommand.class
    },
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

  /** The command line with every subcommand and the exit-code mapping, for main and for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
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
    // run's options end at COMMAND: what follows is the command's own (fanout run grep -n x)
    cl.getSubcommands().get("run").setStopAtPositional(true);
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
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Error e) { // out of memory, stack overflow: still one line and a code of its own
      code =
          internalError(
              e,
              new PrintWriter(System.err, true),
              java.util.Arrays.asList(args).contains("--debug"));
    }
    System.exit(code);
  }

  /** {@code --version}: the build's version, the JDK and the machine. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "fanout " + (v == null ? "0.1.0-SNAPSHOT" : v),
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
