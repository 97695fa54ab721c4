package dev.fanout.internal.auto;

import dev.fanout.Model;
import dev.fanout.contract.ModelContractTest;
import java.util.stream.Stream;

/** The shared model contract, run on {@code auto}: whatever it picks, the semantics hold. */
class AutoContractTest extends ModelContractTest {
  @Override
  protected Stream<Model> models() {
    return Stream.of(Model.AUTO);
  }
}
