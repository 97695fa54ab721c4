package dev.fanout.benchmarks;

import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmark jar's entry point: JMH's own command line, with one addition. Without {@code -p
 * model=...}, the benchmarks run on every model of the registry that starts in this build; the ones
 * that do not (a module not built yet) are named on stderr and left out, instead of failing each of
 * their benchmarks.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("fanout-benchmarks: " + e.getMessage() + " (-h lists the options)");
      System.exit(2);
      return;
    }
    if (cmd.shouldHelp()
        || cmd.shouldList()
        || cmd.shouldListWithParams()
        || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    if (!cmd.getParameter("model").hasValue()) {
      List<String> models = ModelUnderTest.available();
      System.err.println("fanout-benchmarks: models in this run: " + String.join(", ", models));
      options.param("model", models.toArray(String[]::new));
    }
    try {
      new Runner(options.build()).run();
    } catch (RunnerException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("fanout-benchmarks: the run failed: " + cause);
      System.exit(1);
    }
    // worker pools the availability check started are daemons, but a stray one must not hold us
    System.exit(0);
  }
}
