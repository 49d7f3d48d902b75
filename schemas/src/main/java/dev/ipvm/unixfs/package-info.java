/**
 * UnixFS files as {@code ipfs add --cid-version 1} makes them: {@link dev.ipvm.unixfs.UnixFs}
 * chunks a file into 262144-byte raw blocks under a balanced dag-pb tree (at most 174 links a
 * node) and reassembles a file from its blocks, checking each against its CID. The dag-pb and
 * UnixFS protobuf codecs here are small and strict: only the fields a file needs.
 */
package dev.ipvm.unixfs;
