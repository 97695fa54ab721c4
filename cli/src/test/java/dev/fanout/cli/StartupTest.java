package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the start-up figures rest on (docs/BENCHMARKS.md, session 5). */
class StartupTest {
  @Test
  void picocli_isJava21ClassFiles_whichTheAotCacheCanStore() throws IOException {
    // picocli's own jar is Java 5 class files (major 49): the picocli module rebuilds it
    try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
      byte[] head = in.readNBytes(8);
      int major = (head[6] & 0xff) << 8 | head[7] & 0xff;

      assertThat(major).as("class file major version").isGreaterThanOrEqualTo(65);
    }
  }

  @Test
  void quietLibraries_namesTheProvidersSoNothingSearchesEveryJar() {
    Main.quietLibraries();

    assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
    assertThat(System.getProperty("slf4j.provider")).isEqualTo("org.slf4j.nop.NOPServiceProvider");
    assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
  }
}
