package dev.fanout.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.fanout.spi.Recipe;
import java.io.IOException;

/**
 * A few inputs of one run, sent to one member as one executor task: the task's recipe (class name
 * and settings), the resource's, and the encoded inputs go out, {@link MemberRun#run the member's
 * reply} comes back. One message per chunk instead of per input is what keeps the per-task overhead
 * small.
 *
 * <p>Not thread-safe: built by one thread, then handed to Hazelcast.
 */
final class Chunk extends SealedCall<byte[]> {
  String runId;
  String owner; // the client's uuid, or "" for the embedded member
  int workers; // tasks of this run the member runs at once
  int mode; // MemberRun.ONE_BY_ONE, VIRTUAL or PLATFORM: how the member runs them
  byte[] task; // the task's recipe, as bytes
  byte[] resource; // the resource's recipe, or null for none
  byte[][] inputs;

  Chunk() {} // for Hazelcast

  Chunk(
      String runId,
      String owner,
      int workers,
      int mode,
      Recipe task,
      Recipe resource,
      byte[][] inputs,
      Seal sealer) {
    this.runId = runId;
    this.owner = owner;
    this.workers = workers;
    this.mode = mode;
    this.task = Wire.bytes(task);
    this.resource = resource == null ? null : Wire.bytes(resource);
    this.inputs = inputs;
    seal(sealer);
  }

  @Override
  Object[] fields() {
    return new Object[] {runId, owner, workers, mode, task, resource, inputs};
  }

  @Override
  String what() {
    return "a chunk of tasks";
  }

  @Override
  byte[] run(MemberRuns runs) throws IOException {
    Recipe r = resource == null ? null : Wire.recipe(resource);
    return runs.open(runId, owner, workers, mode, r).run(Wire.recipe(task), inputs);
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
    out.writeString(owner);
    out.writeInt(workers);
    out.writeInt(mode);
    out.writeByteArray(task);
    out.writeByteArray(resource);
    out.writeInt(inputs.length);
    for (byte[] input : inputs) {
      out.writeByteArray(input);
    }
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    runId = in.readString();
    owner = in.readString();
    workers = Math.max(1, in.readInt());
    mode = in.readInt();
    if (mode < MemberRun.ONE_BY_ONE || mode > MemberRun.PLATFORM) {
      throw new IOException("malformed chunk: unknown mode " + mode);
    }
    task = in.readByteArray();
    resource = in.readByteArray();
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("malformed chunk: negative size " + n);
    }
    inputs = new byte[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = in.readByteArray();
    }
  }

  @Override
  public int getClassId() {
    return Wire.CHUNK;
  }
}
