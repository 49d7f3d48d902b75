// The allocation half of the IPVM bytes ABI. Every bytes-ABI module
// re-exports `alloc`: the host calls alloc(len), writes the DAG-CBOR params
// into the returned region, then calls the function with (ptr, len).
//
// Built with `--runtime stub`: a bump allocator that never frees. A module
// instance is meant to serve one call; memory grows on demand (up to the
// host's memory limit, beyond which memory.grow fails and the module traps).

/** Returns a pointer to `len` writable bytes (16-byte aligned). Traps if len < 0. */
export function alloc(len: i32): usize {
  if (len < 0) unreachable();
  return heap.alloc(<usize>len);
}
