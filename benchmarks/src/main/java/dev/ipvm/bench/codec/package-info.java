/** JMH benchmarks of the DAG-CBOR codec and CIDs, anchored against plain Jackson CBOR. */
package dev.ipvm.bench.codec;
