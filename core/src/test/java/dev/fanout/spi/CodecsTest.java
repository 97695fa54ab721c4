package dev.fanout.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {
  public record Page(String url, int status, List<String> headers) {}

  @Test
  void encode_roundTripsEveryBuiltInTypeAndRecords() throws IOException {
    List<Object> values =
        List.of(
            "héllo ✓",
            new byte[] {1, 2, 3},
            42L,
            7,
            2.5,
            true,
            new BigInteger("41666654166667500000"),
            new Page("http://x/p/1", 200, List.of("a")));
    for (Object v : values) {
      Object back = Codecs.decode(Codecs.encode(v));
      if (v instanceof byte[] b) {
        assertThat((byte[]) back).isEqualTo(b);
      } else {
        assertThat(back).isEqualTo(v);
      }
    }
    assertThat(Codecs.decode(Codecs.encode(null))).isNull();
  }

  @Test
  void decode_malformedInputIsAClearError() {
    assertThatThrownBy(() -> Codecs.decode(new byte[] {99}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown type tag 99");
    assertThatThrownBy(
            () -> Codecs.decode(new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("negative length");
  }
}
