package dev.fanout.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Param;

/** The benchmarks' model lists come from the registry: adding a model must add it everywhere. */
@Timeout(60) // the availability check starts every model, an embedded Hazelcast member included
class ModelParamTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        TaskOverheadBenchmark.class,
        SleepFanoutBenchmark.class,
        EventsBenchmark.class,
        HttpBenchmark.class
      })
  void modelParam_listsEveryModelOfTheRegistry(Class<?> benchmark) throws Exception {
    Param param = benchmark.getField("model").getAnnotation(Param.class);

    List<String> labels = Arrays.stream(Model.values()).map(Model::label).toList();
    assertThat(param.value()).containsExactlyElementsOf(labels);
  }

  @Test
  void available_includesEveryModelBuiltIntoCore() {
    assertThat(ModelUnderTest.available()).contains("sequential", "threads", "virtual", "async");
  }
}
