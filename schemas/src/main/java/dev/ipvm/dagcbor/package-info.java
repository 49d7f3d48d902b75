/**
 * Strict DAG-CBOR: a canonical encoder and a decoder that rejects every non-canonical
 * form with the {@link dev.ipvm.dagcbor.Rule} broken and the byte offset.
 */
package dev.ipvm.dagcbor;
