/**
 * {@code bin/ipvm cluster}: IPVM on a real multi-process Flink cluster on one machine, from Maven
 * jars (no Docker, no Flink download): a KRaft broker, one JobManager and N TaskManagers, each
 * its own JVM, started detached so that they outlive the command, and the commands an operator
 * runs against it (submit, status, savepoint, rescale, logs, down) through Flink's REST API.
 *
 * <p>Layers, one direction: {@link dev.ipvm.cluster.ClusterHome} (files) and {@link
 * dev.ipvm.cluster.ClusterSettings} (ports, sizes) ← {@link dev.ipvm.cluster.FlinkConf} (config.yaml) and
 * {@link dev.ipvm.cluster.FlinkProcess} (one JVM) and {@link dev.ipvm.cluster.FlinkRest} (the REST API) ←
 * {@link dev.ipvm.cluster.LocalCluster} (the operations) ← the picocli commands, and {@link
 * dev.ipvm.cluster.Recovery} (TaskManager kills under a steady stream of invocations, which {@link
 * dev.ipvm.cluster.SteadyStream} sends and {@link dev.ipvm.cluster.Traffic} checks; the chaos runs use them too).
 */
package dev.ipvm.cluster;
