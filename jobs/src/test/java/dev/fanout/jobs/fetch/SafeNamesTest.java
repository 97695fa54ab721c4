package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SafeNamesTest {
  private static final List<String> HOSTILE =
      List.of(
          "http://h/../../etc/passwd",
          "http://h/%2e%2e/%2e%2e/x",
          "http://h/..",
          "..",
          "/etc/passwd",
          "http://h/a\u0000b",
          "http://h/a\\..\\b",
          "http://h/" + "x".repeat(5000),
          "http://h/\u00e9t\u00e9/\u65e5\u672c",
          "");

  @Test
  void fileName_hostileUrls_oneSafeSegmentEach() {
    for (String url : HOSTILE) {
      String name = SafeNames.fileName(url);
      assertThat(name).as(url).isNotEmpty().doesNotContain("/", "\\", "\u0000");
      assertThat(name).as(url).isNotIn(".", "..").doesNotStartWith(".");
      assertThat(name.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(SafeNames.MAX_BYTES);
      assertThat(name).matches("[A-Za-z0-9._%~-]+");
    }
  }

  @Test
  void resolve_hostileUrls_stayInsideTheDirectory() {
    Path dir = Path.of("/tmp/fanout-out").toAbsolutePath();
    for (String url : HOSTILE) {
      assertThat(SafeNames.resolve(dir, url).getParent()).isEqualTo(dir);
    }
  }

  @Test
  void fileName_urlsThatLookAlike_neverCollide() {
    List<String> urls =
        List.of(
            "http://h/a/b",
            "http://h/a_b",
            "http://h/a%2Fb",
            "http://h/a?b",
            "http://h/a%3Fb",
            "https://h/a/b",
            "http://h/a/b/",
            "http://h/A/b",
            "http://h/" + "y".repeat(300) + "1",
            "http://h/" + "y".repeat(300) + "2");
    Set<String> names = new HashSet<>();
    for (String url : urls) {
      names.add(SafeNames.fileName(url));
    }
    // only the scheme is dropped: http and https of the same path share a name by design
    assertThat(names).hasSize(urls.size() - 1);
  }

  @Test
  void fileName_sameUrl_sameNameEveryTime() {
    String url = "http://127.0.0.1:8080/p/1?ms=100&size=300";

    assertThat(SafeNames.fileName(url)).isEqualTo(SafeNames.fileName(url));
    assertThat(SafeNames.fileName(url)).isEqualTo("127.0.0.1%3A8080_p_1%3Fms%3D100%26size%3D300");
  }
}
