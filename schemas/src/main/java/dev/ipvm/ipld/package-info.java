/**
 * The IPLD data model: one sealed {@link dev.ipvm.ipld.Ipld} type with a record per kind
 * (null, bool, int, float, string, bytes, list, map, link), independent of any codec.
 */
package dev.ipvm.ipld;
