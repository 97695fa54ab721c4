package dev.fanout.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * The caller's answer to a file's COMMIT: stored (no error), or why not. Sent to the member whose
 * task waits in {@link RemoteFile#commit()}.
 *
 * <p>Not thread-safe; one use.
 */
final class FileDone extends SealedCall<Boolean> {
  private String runId;
  private String file;
  private String error; // null: stored

  FileDone() {} // for Hazelcast

  FileDone(String runId, String file, String error, Seal sealer) {
    this.runId = runId;
    this.file = file;
    this.error = error;
    seal(sealer);
  }

  @Override
  Object[] fields() {
    return new Object[] {runId, file, error};
  }

  @Override
  String what() {
    return "a file's acknowledgement";
  }

  @Override
  Boolean run(MemberRuns runs) {
    return runs.fileDone(runId, file, error);
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
    out.writeString(file);
    out.writeString(error);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    runId = in.readString();
    file = in.readString();
    error = in.readString();
  }

  @Override
  public int getClassId() {
    return Wire.FILE_DONE;
  }
}
