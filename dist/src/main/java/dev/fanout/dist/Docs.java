package dev.fanout.dist;

import dev.fanout.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool, run at {@code package}: writes the shell completion script and the man pages'
 * AsciiDoc sources for {@code fanout} and every subcommand, from the CLI's own picocli model, so
 * they never drift from {@code --help}.
 *
 * <p>Usage: {@code Docs COMPLETION_FILE ADOC_DIR}. Not thread-safe; runs once per build.
 */
public final class Docs {
  private Docs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Docs COMPLETION_FILE ADOC_DIR");
      System.exit(2);
    }
    CommandLine fanout = Main.commandLine();

    // One script for both shells: in zsh it loads bashcompinit itself.
    Path completion = Path.of(args[0]);
    Files.createDirectories(completion.toAbsolutePath().getParent());
    Files.writeString(completion, AutoComplete.bash("fanout", fanout), StandardCharsets.UTF_8);

    File adoc = new File(args[1]);
    if (!adoc.isDirectory() && !adoc.mkdirs()) {
      throw new IOException("cannot create " + adoc);
    }
    int exit =
        // fanout.1, and fanout-COMMAND.1 for every subcommand under it
        ManPageGenerator.generateManPage(
            adoc, null, new boolean[0], false, fanout.getCommandSpec());
    if (exit != 0) {
      throw new IOException("picocli's ManPageGenerator failed with exit code " + exit);
    }
  }
}
