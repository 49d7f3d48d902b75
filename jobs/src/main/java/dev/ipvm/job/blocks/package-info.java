/** Blocks by CID from the compacted blocks topic, verified against their CIDs, kept per TaskManager. */
package dev.ipvm.job.blocks;
