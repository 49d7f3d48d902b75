// Bytes-ABI sample: uppercase(text) -> text.
import { decodeParams, beginResult, packedResult, KIND_TEXT } from "./lib/cbor";
export { alloc } from "./lib/abi";

/**
 * params [text] -> text with ASCII a-z mapped to A-Z; every other byte
 * (including all non-ASCII UTF-8 bytes) unchanged. Traps on any other params.
 */
export function uppercase(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(1);
  const s = params.text(0);
  const out = beginResult(KIND_TEXT, s.len);
  const n = <usize>s.len;
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(s.ptr + i);
    store<u8>(out + i, c >= 0x61 && c <= 0x7A ? c - 0x20 : c);
  }
  return packedResult();
}
