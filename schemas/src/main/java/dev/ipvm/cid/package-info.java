/**
 * Content identifiers: {@link dev.ipvm.cid.Cid} (v0 and v1), multihashes, the multicodec
 * codes we name, and the unsigned varints they are built from.
 */
package dev.ipvm.cid;
