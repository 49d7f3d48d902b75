/**
 * The IPVM Flink job: {@link dev.ipvm.job.IpvmJob} builds the dataflow from one typed
 * {@link dev.ipvm.job.JobConfig}. Subpackages hold its parts by concept: intake (decode and
 * verify), task (the function keyed by Task ID), exec (running Wasm), blocks (modules by CID),
 * receipt (signing), kafka (wiring), metrics.
 */
package dev.ipvm.job;
