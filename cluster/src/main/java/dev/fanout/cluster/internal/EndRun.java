package dev.fanout.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * Sent to every member when a run closes: the member closes that run's resource and forgets it.
 *
 * <p>Not thread-safe; one use.
 */
final class EndRun extends SealedCall<Boolean> {
  private String runId;

  EndRun() {} // for Hazelcast

  EndRun(String runId, Seal sealer) {
    this.runId = runId;
    seal(sealer);
  }

  @Override
  Object[] fields() {
    return new Object[] {runId};
  }

  @Override
  String what() {
    return "the end of a run";
  }

  @Override
  Boolean run(MemberRuns runs) {
    return runs.end(runId);
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    runId = in.readString();
  }

  @Override
  public int getClassId() {
    return Wire.END_RUN;
  }
}
