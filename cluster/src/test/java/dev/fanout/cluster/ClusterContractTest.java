package dev.fanout.cluster;

import dev.fanout.Model;
import dev.fanout.contract.ModelContractTest;
import java.util.stream.Stream;

/**
 * Core's contract suite, unchanged, on the {@code cluster} model with its default embedded member
 * (the suite's tasks are named classes, so they run on a member as they are).
 */
class ClusterContractTest extends ModelContractTest {
  @Override
  protected Stream<Model> models() {
    return Stream.of(Model.CLUSTER);
  }
}
