package dev.fanout.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.fanout.internal.codec.Recipe;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A few inputs of one run, sent to one member as one executor task: the task's recipe (class name
 * and settings), the resource's, and the encoded inputs go out, {@link MemberRun#run the member's
 * reply} comes back. One message per chunk instead of per input is what keeps the per-task overhead
 * small.
 *
 * <p>Not thread-safe: built by one thread, then handed to Hazelcast.
 */
final class Chunk implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
  String runId;
  String owner; // the client's uuid, or "" for the embedded member
  int workers; // tasks of this run the member runs at once
  Recipe task;
  Recipe resource; // null for none
  byte[][] inputs;
  private transient HazelcastInstance member;

  Chunk() {} // for Hazelcast

  Chunk(String runId, String owner, int workers, Recipe task, Recipe resource, byte[][] inputs) {
    this.runId = runId;
    this.owner = owner;
    this.workers = workers;
    this.task = task;
    this.resource = resource;
    this.inputs = inputs;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public byte[] call() {
    return MemberRuns.of(member).open(runId, owner, workers, resource).run(task, inputs);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
    out.writeString(owner);
    out.writeInt(workers);
    out.writeByteArray(Wire.bytes(task));
    out.writeByteArray(resource == null ? null : Wire.bytes(resource));
    out.writeInt(inputs.length);
    for (byte[] input : inputs) {
      out.writeByteArray(input);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    runId = in.readString();
    owner = in.readString();
    workers = Math.max(1, in.readInt());
    task = Wire.recipe(in.readByteArray());
    byte[] r = in.readByteArray();
    resource = r == null ? null : Wire.recipe(r);
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
  public int getFactoryId() {
    return Wire.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return Wire.CHUNK;
  }
}
