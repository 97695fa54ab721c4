package dev.fanout.internal.process;

import dev.fanout.Resource;
import dev.fanout.Worker;

/** An initializer that always throws, like a Pool initializer that cannot reach its database. */
public final class FailingResource implements Resource<String> {
  @Override
  public String open(Worker worker) {
    throw new IllegalStateException("cannot reach the database");
  }
}
