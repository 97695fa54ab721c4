package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** {@link OpenFiles} reads /proc as the management bean reads the system. */
class OpenFilesTest {
  @Test
  void now_agreesWithTheManagementBean() {
    var bean = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    OpenFiles files = OpenFiles.now();

    assertThat(files).isNotNull();
    assertThat(files.max()).isEqualTo(bean.getMaxFileDescriptorCount());
    // other test threads may open or close a few files in between
    assertThat(files.open())
        .isCloseTo(bean.getOpenFileDescriptorCount(), org.assertj.core.data.Offset.offset(8L));
    assertThat(files.open()).isPositive();
  }
}
