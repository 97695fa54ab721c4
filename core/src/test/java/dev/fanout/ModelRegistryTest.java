package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry: every model answers for its defaults, limits and capabilities itself, so a new
 * model is its enum constant plus its engine.
 */
class ModelRegistryTest {

  @ParameterizedTest
  @EnumSource(Model.class)
  void everyModel_hasConsistentDefaultsAndLimits(Model model) {
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = model.defaultWorkers(cores);

    assertThat(Model.parse(model.label())).isEqualTo(model);
    assertThat(model.description()).isNotBlank();
    assertThat(workers).isPositive();
    if (model.uses(Model.Setting.WORKERS)) {
      assertThat(workers).isLessThanOrEqualTo(model.maxWorkers());
    }
    int concurrency = model.defaultConcurrency(workers, 1);
    assertThat(concurrency).isBetween(1, Options.MAX_CONCURRENCY);
    assertThat(model.size(workers, concurrency)).isNotBlank();
    // the builder's defaults are the registry's
    Options o = Fanout.builder().model(model).options();
    assertThat(o.workers()).isEqualTo(workers);
    assertThat(o.concurrency()).isEqualTo(concurrency);
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void everyModel_capabilitiesAgreeWithEachOther(Model model) {
    if (model.runsOnCaller() || model.runsOnOneThread()) {
      assertThat(model.abandonsStuckTasks()).isFalse();
    }
    if (model.isolatesCrashes()) {
      assertThat(model.crossesProcesses()).isTrue();
    }
    assertThat(model.uses(Model.Setting.CONCURRENCY)).isEqualTo(!model.runsOnCaller());
    assertThat(model.sampleSize() > 0).isEqualTo(model == Model.AUTO);
    if (model != Model.CLUSTER) { // built in; cluster comes from the fanout-cluster module
      assertThat(model.isAvailable()).isTrue();
    }
  }
}
