/**
 * The IPVM Flink job: {@link dev.ipvm.job.IpvmJob} builds the dataflow from one typed
 * {@link dev.ipvm.job.config.JobConfig}. Subpackages hold its parts by concept, in layers that depend
 * one way (PackageCyclesTest): config; event (the records between operators); intake (decode and
 * verify), task (the function keyed by Task ID), exec (running Wasm and effects), blocks (modules
 * by CID), receipt (signing), metrics; kafka (serde, topics); and this package, which wires them.
 */
package dev.ipvm.job;
