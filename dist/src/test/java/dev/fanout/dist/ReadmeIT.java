package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs README.md as a reader would: every {@code console} block's commands, top to bottom, in one
 * bash session, in a temporary folder holding this build's release as {@code ./fanout} and the
 * repository's {@code examples/}, {@code scripts/} and {@code dist/}; compares each command's
 * output with the README's by {@link Shape}. The rules are written in the README ("How this README
 * is tested").
 */
class ReadmeIT {
  private static final Path README = Release.ROOT.resolve("README.md");
  private static final String ARTICLE = "https://realpython.com/python-concurrency/";
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final String END = "__fanout_readme_end__";
  private static final int COMMAND_SECONDS = 180;

  @TempDir Path dir;

  @Test
  void readme_blocksAreRunnableOrSkippedWithAReason() throws IOException {
    Readme readme = Readme.parse(Files.readString(README));

    assertThat(readme.problems()).isEmpty();
    assertThat(readme.blocks().stream().filter(Readme.Block::runs)).hasSizeGreaterThan(5);
  }

  @Test
  void readme_linksStayInTheRepositoryButTheArticles() throws IOException {
    String text = Files.readString(README);
    List<String> outside = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int article = 0;
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String target = m.group(1);
      if (target.equals(ARTICLE)) {
        article++;
      } else if (target.matches("^[a-z]+:.*")) {
        outside.add(target);
      } else if (!Files.exists(Release.ROOT.resolve(target.replaceAll("#.*", "")))) {
        missing.add(target);
      }
    }

    assertThat(outside).as("links outside the repository").isEmpty();
    assertThat(missing).as("links to files that do not exist").isEmpty();
    assertThat(article).as("the article is linked once").isEqualTo(1);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void readme_everyCommandPrintsWhatTheReadmeShows() throws Exception {
    Readme readme = Readme.parse(Files.readString(README));
    Path home = Release.unpack(Files.createDirectories(dir.resolve("release")));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("fanout"), home.resolve("bin/fanout"));
    Release.copy(Release.ROOT.resolve("examples"), work.resolve("examples"));
    Files.createSymbolicLink(work.resolve("scripts"), Release.ROOT.resolve("scripts"));
    Files.createSymbolicLink(work.resolve("dist"), Release.ROOT.resolve("dist"));

    List<String> failures = new ArrayList<>();
    try (Session bash = new Session(work)) {
      for (Readme.Block block : readme.blocks()) {
        if (!block.runs()) {
          continue;
        }
        for (Readme.Command c : block.commands()) {
          String failure = bash.check(c);
          if (failure != null) {
            failures.add(failure);
          }
        }
      }
    }
    assertThat(failures).as("README commands whose output differs").isEmpty();
  }

  /** One bash process for the whole README: files, variables and background jobs carry over. */
  private static final class Session implements AutoCloseable {
    private final Process bash;
    private final Writer in;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final Path work;
    private int background;

    Session(Path work) throws IOException {
      this.work = work;
      ProcessBuilder pb =
          new ProcessBuilder(shell()).directory(work.toFile()).redirectErrorStream(true);
      pb.environment().put("HOME", work.toString());
      pb.environment().remove("XDG_CACHE_HOME");
      bash = pb.start();
      in = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                  }
                } catch (IOException e) {
                  out.add("(reading bash's output failed: " + e + ")");
                }
              },
              "readme-bash-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * bash in a network namespace of its own when the machine allows one: the README's fixed ports
     * (serve on 8089, a member on 5799) are then free even while someone else follows the README on
     * the same machine. Elsewhere plain bash, and those ports must be free.
     */
    private static List<String> shell() throws IOException {
      List<String> isolated =
          List.of(
              "unshare",
              "--net",
              "bash",
              "-c",
              "ip link set lo up && exec bash --noprofile --norc -s");
      try {
        Process probe =
            new ProcessBuilder("unshare", "--net", "ip", "link", "set", "lo", "up")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return isolated;
        }
        probe.destroyForcibly();
      } catch (IOException e) {
        // no unshare or no ip: plain bash below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while probing for a network namespace", e);
      }
      return List.of("bash", "--noprofile", "--norc", "-s");
    }

    /** Runs one command; returns why its output or exit differs from the README, or null. */
    String check(Readme.Command c) throws IOException, InterruptedException {
      String where = "README.md:" + c.line() + ": $ " + c.text();
      boolean inBackground = c.text().endsWith("&") && !c.text().endsWith("&&");
      if (inBackground) {
        // its own log, so what it prints later cannot mix with the next commands' output
        Path log = work.resolve(".readme-background-" + ++background + ".log");
        String command = c.text().substring(0, c.text().length() - 1);
        send(
            "{ "
                + command
                + "\n} </dev/null >"
                + quote(log)
                + " 2>&1 &\necho \""
                + END
                + " $!\"\n");
        String started = out.poll(COMMAND_SECONDS, TimeUnit.SECONDS);
        if (started == null || !started.startsWith(END + " ")) {
          return where + "\n  did not start in the background: " + started;
        }
        long pid = Long.parseLong(started.substring(END.length() + 1).strip());
        return awaitBackground(where, c.expected(), log, pid);
      }
      send("{ " + c.text() + "\n} </dev/null\necho \"" + END + " $?\"\n");
      List<String> lines = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
      while (true) {
        String line = out.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          return where + "\n  did not end in " + COMMAND_SECONDS + " s; printed:\n" + lines;
        }
        if (line.startsWith(END + " ")) {
          String exit = line.substring(END.length() + 1);
          if (!exit.equals("0")) {
            return where
                + "\n  exited with "
                + exit
                + " (show a failing command as: cmd; echo \"exit $?\"); printed:\n    "
                + String.join("\n    ", lines);
          }
          Optional<String> mismatch = Shape.mismatch(c.expected(), lines);
          return mismatch
              .map(m -> where + "\n  " + m + "\n  printed:\n    " + String.join("\n    ", lines))
              .orElse(null);
        }
        lines.add(line);
      }
    }

    private String awaitBackground(String where, List<String> expected, Path log, long pid)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
      List<String> wanted = new ArrayList<>(expected);
      wanted.add(Shape.ANY_LINES); // it goes on printing while the README goes on
      while (true) {
        boolean ended = ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        if (Shape.mismatch(wanted, lines).isEmpty()) {
          return null;
        }
        if (ended || System.nanoTime() > deadline) {
          String why =
              ended ? "ended before it printed: " : "in " + COMMAND_SECONDS + " s did not print: ";
          return where
              + "\n  "
              + why
              + expected
              + "\n  printed:\n    "
              + String.join("\n    ", lines);
        }
        Thread.sleep(100);
      }
    }

    private static String quote(Path p) {
      return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    private void send(String script) throws IOException {
      in.write(script);
      in.flush();
    }

    @Override
    public void close() throws Exception {
      // background jobs (serve, member) and anything they started
      bash.descendants().forEach(ProcessHandle::destroy);
      in.close();
      if (!bash.waitFor(20, TimeUnit.SECONDS)) {
        bash.descendants().forEach(ProcessHandle::destroyForcibly);
        bash.destroyForcibly();
      }
    }
  }
}
