/** The benchmarks' Kafka plumbing, shared by every harness: reading what the job writes. */
package dev.ipvm.bench.kafka;
