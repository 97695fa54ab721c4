/**
 * The {@code cluster} model's public parts: {@link dev.fanout.cluster.ClusterMember}, a standalone
 * Hazelcast member that runs fanout tasks. The engine itself lives in {@code
 * dev.fanout.cluster.internal} and is found by core through {@code ServiceLoader}; a run selects it
 * with {@code Fanout.builder().model(Model.CLUSTER)}.
 */
package dev.fanout.cluster;
