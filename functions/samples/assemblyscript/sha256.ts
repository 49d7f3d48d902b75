// Bytes-ABI sample: sha256(bytes) -> 32-byte digest (FIPS 180-4), written from scratch.
import { decodeParams, beginResult, packedResult, fail, KIND_BYTES, KIND_TEXT } from "./lib/cbor";
export { alloc } from "./lib/abi";

// @ts-ignore: decorator
@lazy const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// Hash state H0..H7 and the message schedule W[0..63].
const H: StaticArray<u32> = new StaticArray<u32>(8);
const W: StaticArray<u32> = new StaticArray<u32>(64);

function init(): void {
  unchecked(H[0] = 0x6a09e667);
  unchecked(H[1] = 0xbb67ae85);
  unchecked(H[2] = 0x3c6ef372);
  unchecked(H[3] = 0xa54ff53a);
  unchecked(H[4] = 0x510e527f);
  unchecked(H[5] = 0x9b05688c);
  unchecked(H[6] = 0x1f83d9ab);
  unchecked(H[7] = 0x5be0cd19);
}

/** Compresses one 64-byte block at `p` into H. */
function block(p: usize): void {
  for (let t = 0; t < 16; t++) {
    unchecked(W[t] = bswap<u32>(load<u32>(p + (<usize>t << 2))));
  }
  for (let t = 16; t < 64; t++) {
    const w15 = unchecked(W[t - 15]);
    const w2 = unchecked(W[t - 2]);
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    unchecked(W[t] = unchecked(W[t - 16]) + s0 + unchecked(W[t - 7]) + s1);
  }
  let a = unchecked(H[0]);
  let b = unchecked(H[1]);
  let c = unchecked(H[2]);
  let d = unchecked(H[3]);
  let e = unchecked(H[4]);
  let f = unchecked(H[5]);
  let g = unchecked(H[6]);
  let h = unchecked(H[7]);
  for (let t = 0; t < 64; t++) {
    const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + S1 + ch + unchecked(K[t]) + unchecked(W[t]);
    const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  unchecked(H[0] += a);
  unchecked(H[1] += b);
  unchecked(H[2] += c);
  unchecked(H[3] += d);
  unchecked(H[4] += e);
  unchecked(H[5] += f);
  unchecked(H[6] += g);
  unchecked(H[7] += h);
}

/** SHA-256 of [p, p+len) written as 32 big-endian bytes to `out`. */
function digest(p: usize, len: u32, out: usize): void {
  init();
  const full = len & ~63;
  for (let off: u32 = 0; off < full; off += 64) block(p + <usize>off);
  // Final one or two blocks: remaining bytes, 0x80, zero padding, 64-bit bit length.
  const rem = len - full;
  const tail = heap.alloc(128);
  memory.fill(tail, 0, 128);
  memory.copy(tail, p + <usize>full, <usize>rem);
  store<u8>(tail + <usize>rem, 0x80);
  const tailLen: usize = rem < 56 ? 64 : 128;
  const bits: u64 = <u64>len << 3;
  store<u64>(tail + tailLen - 8, bswap<u64>(bits));
  block(tail);
  if (tailLen == 128) block(tail + 64);
  for (let i = 0; i < 8; i++) {
    store<u32>(out + (<usize>i << 2), bswap<u32>(unchecked(H[i])));
  }
}

/** params [bytes] (or [text], hashing its UTF-8 bytes) -> the 32-byte SHA-256 digest as a byte string. */
export function sha256(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(1);
  const m = params.at(0);
  if (m.kind != KIND_BYTES && m.kind != KIND_TEXT) fail();
  const out = beginResult(KIND_BYTES, 32);
  digest(m.ptr, m.len, out);
  return packedResult();
}
