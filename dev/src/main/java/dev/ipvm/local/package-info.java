/**
 * The embedded local runner behind {@code bin/ipvm dev}: a broker, the topics, the job on a
 * local Flink with its web UI, and the sample modules, all under one data folder.
 */
package dev.ipvm.local;
