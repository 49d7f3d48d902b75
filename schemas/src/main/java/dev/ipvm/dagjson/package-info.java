/**
 * DAG-JSON (multicodec 0x0129): the canonical JSON form of IPLD values, for people and tools that
 * read and write invocations, receipts and workflows as text.
 */
package dev.ipvm.dagjson;
