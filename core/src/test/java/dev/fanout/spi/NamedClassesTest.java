package dev.fanout.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.contract.Square;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NamedClassesTest {

  static final class Nested implements Task<Long, Long> {
    @Override
    public Long run(Long x, Worker w) {
      return x;
    }
  }

  final class Inner implements Task<Long, Long> {
    @Override
    public Long run(Long x, Worker w) {
      return x;
    }
  }

  static final class NeedsArgument implements Task<Long, Long> {
    NeedsArgument(int unused) {}

    @Override
    public Long run(Long x, Worker w) {
      return x;
    }
  }

  @Test
  void check_topLevelAndStaticNestedClasses_pass() {
    NamedClasses.check(new Square(), "task", "processes");
    NamedClasses.check(new Nested(), "task", "processes");
  }

  @Test
  void check_lambda_failsSayingHowToFixIt() {
    Task<Long, Long> lambda = (x, w) -> x;

    assertThatThrownBy(() -> NamedClasses.check(lambda, "task", "processes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the task is a lambda or method reference")
        .hasMessageContaining("the processes model creates the task in another JVM")
        .hasMessageContaining("public no-arg constructor");
  }

  @Test
  void check_anonymousLocalInnerAndArgumentClasses_fail() {
    class Local implements Task<Long, Long> {
      @Override
      public Long run(Long x, Worker w) {
        return x;
      }
    }
    Supplier<Object> anonymous =
        () ->
            new Task<Long, Long>() {
              @Override
              public Long run(Long x, Worker w) {
                return x;
              }
            };

    assertThat(NamedClasses.problem(anonymous.get().getClass()))
        .startsWith("is an anonymous class");
    assertThat(NamedClasses.problem(Local.class)).startsWith("is a local class");
    assertThat(NamedClasses.problem(Inner.class)).contains("declare it static");
    assertThat(NamedClasses.problem(NeedsArgument.class)).contains("has no no-arg constructor");
  }

  @Test
  void build_byName_buildsAnInstanceEvenOfAPackagePrivateClass() throws Exception {
    Object built = new Recipe(Nested.class.getName(), null).build(getClass().getClassLoader(), "w");
    assertThat(built).isInstanceOf(Nested.class);
  }
}
