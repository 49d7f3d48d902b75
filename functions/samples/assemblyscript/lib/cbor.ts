// Minimal strict DAG-CBOR codec for the IPVM bytes ABI.
//
// Decoding: the input of a bytes-ABI call is the DAG-CBOR encoding of the
// whole `params` list. `decodeParams` accepts exactly one definite-length
// array whose items are unsigned ints (major 0), negative ints (major 1),
// byte strings (major 2) or text strings (major 3). Anything else traps:
// other kinds (floats, maps, arrays, tags, simple values), indefinite lengths,
// reserved additional info, non-shortest integer/length encodings, truncated
// input, trailing bytes, and text that is not valid UTF-8.
//
// Encoding: results are a single byte string or text string, written with
// the shortest-form length header (canonical DAG-CBOR).
//
// Nested values (lists in the params, maps in the result) go through
// `Reader` and `Writer` instead: same strictness, read and written in order.
//
// Payloads of byte/text params are not copied: they point into the input
// buffer the host wrote, which stays valid for the duration of the call.

export const KIND_UINT: u8 = 0;
export const KIND_NEGINT: u8 = 1;
export const KIND_BYTES: u8 = 2;
export const KIND_TEXT: u8 = 3;

/** Traps (user error). */
// @ts-ignore: decorator
@inline export function fail(): void {
  unreachable();
}

/** One decoded parameter. */
export class Param {
  kind: u8 = 0;
  /** For UINT: the value. For NEGINT: n where the value is -1 - n. */
  num: u64 = 0;
  /** For BYTES/TEXT: payload pointer and length. */
  ptr: usize = 0;
  len: u32 = 0;
}

/** Decoded top-level params list. */
export class Params {
  items: Array<Param> = new Array<Param>();

  get length(): i32 {
    return this.items.length;
  }

  /** Traps unless there are exactly `n` params. */
  expectCount(n: i32): void {
    if (this.items.length != n) fail();
  }

  at(i: i32): Param {
    if (i < 0 || i >= this.items.length) fail();
    return unchecked(this.items[i]);
  }

  /** A byte string param (traps on any other kind). */
  bytes(i: i32): Param {
    const p = this.at(i);
    if (p.kind != KIND_BYTES) fail();
    return p;
  }

  /** A text string param (traps on any other kind). */
  text(i: i32): Param {
    const p = this.at(i);
    if (p.kind != KIND_TEXT) fail();
    return p;
  }

  /** A non-negative integer param that fits in u32 (traps otherwise). */
  u32(i: i32): u32 {
    const p = this.at(i);
    if (p.kind != KIND_UINT || p.num > <u64>u32.MAX_VALUE) fail();
    return <u32>p.num;
  }
}

/** A strict streaming reader over [ptr, ptr+len), for params with nested lists. */
export class Reader {
  pos: usize;
  end: usize;
  constructor(ptr: usize, len: u32) {
    this.pos = ptr;
    this.end = ptr + <usize>len;
  }

  /** Reads one head, trapping unless its major type is `major`; returns its argument. */
  head(major: u8): u64 {
    const h = this.byte();
    if ((h >> 5) != major) fail();
    return this.argument(h & 0x1F);
  }

  /** A definite-length array head: its item count. */
  array(): u32 {
    const n = this.head(4);
    // each item takes at least one byte: bounds the caller's loop
    if (n > <u64>(this.end - this.pos)) fail();
    return <u32>n;
  }

  /** An unsigned int (major 0); a negative int or any other kind traps. */
  uint(): u64 {
    return this.head(0);
  }

  /** A text string, validated as UTF-8; the payload points into the input. */
  text(): Param {
    const n = this.head(3);
    if (n > <u64>(this.end - this.pos)) fail(); // truncated
    const p = new Param();
    p.kind = KIND_TEXT;
    p.ptr = this.pos;
    p.len = <u32>n;
    this.pos += <usize>n;
    validateUtf8(p.ptr, p.len);
    return p;
  }

  /** Traps unless every byte was read. */
  finish(): void {
    if (this.pos != this.end) fail();
  }

  byte(): u8 {
    if (this.pos >= this.end) fail();
    const b = load<u8>(this.pos);
    this.pos += 1;
    return b;
  }

  /** Reads the argument of a head whose additional info is `ai`, enforcing shortest form. */
  argument(ai: u8): u64 {
    if (ai < 24) return <u64>ai;
    let n: i32;
    let min: u64;
    if (ai == 24) { n = 1; min = 24; }
    else if (ai == 25) { n = 2; min = 0x100; }
    else if (ai == 26) { n = 4; min = 0x10000; }
    else if (ai == 27) { n = 8; min = 0x100000000; }
    else { fail(); return 0; } // 28..30 reserved, 31 indefinite length
    let v: u64 = 0;
    for (let k = 0; k < n; k++) v = (v << 8) | <u64>this.byte();
    if (v < min) fail(); // non-shortest encoding
    return v;
  }
}

/** Traps unless [ptr, ptr+len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
export function validateUtf8(ptr: usize, len: u32): void {
  const end = ptr + <usize>len;
  let p = ptr;
  while (p < end) {
    const b0 = <u32>load<u8>(p);
    if (b0 < 0x80) { p += 1; continue; }
    let need: i32;
    let cp: u32;
    let min: u32;
    if ((b0 & 0xE0) == 0xC0) { need = 1; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { need = 2; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { need = 3; cp = b0 & 0x07; min = 0x10000; }
    else { fail(); return; }
    if (p + <usize>need >= end) fail(); // fewer than `need` continuation bytes remain
    for (let k = 1; k <= need; k++) {
      const c = <u32>load<u8>(p + <usize>k);
      if ((c & 0xC0) != 0x80) fail();
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail();
    p += <usize>(need + 1);
  }
}

/** Decodes the DAG-CBOR params list at [ptr, ptr+len). Traps on anything unsupported or non-canonical. */
export function decodeParams(ptr: usize, len: i32): Params {
  if (len < 0) fail();
  const r = new Reader(ptr, <u32>len);
  const head = r.byte();
  if ((head >> 5) != 4) fail(); // top level must be an array
  const count = r.argument(head & 0x1F);
  // each item takes at least one byte
  if (count > <u64>(r.end - r.pos)) fail();
  const out = new Params();
  for (let i: u64 = 0; i < count; i++) {
    const h = r.byte();
    const major = h >> 5;
    const arg = r.argument(h & 0x1F);
    const p = new Param();
    p.kind = major;
    if (major == 0 || major == 1) {
      p.num = arg;
    } else if (major == 2 || major == 3) {
      if (arg > <u64>(r.end - r.pos)) fail(); // truncated
      p.ptr = r.pos;
      p.len = <u32>arg;
      r.pos += <usize>arg;
      if (major == 3) validateUtf8(p.ptr, p.len);
    } else {
      fail(); // arrays, maps, tags, floats and simple values are not accepted here
    }
    out.items.push(p);
  }
  if (r.pos != r.end) fail(); // trailing bytes
  return out;
}

// ---- result encoding -------------------------------------------------------

let resultPtr: usize = 0;
let resultLen: u32 = 0;

function headLength(len: u32): u32 {
  if (len < 24) return 1;
  if (len < 0x100) return 2;
  if (len < 0x10000) return 3;
  return 5;
}

/**
 * Allocates the result buffer for a byte string (major 2) or text string
 * (major 3) of `len` payload bytes, writes its canonical head, and returns a
 * pointer to the payload for the caller to fill in.
 */
export function beginResult(major: u8, len: u32): usize {
  const hl = headLength(len);
  const total = <usize>hl + <usize>len;
  if (total > <usize>0x7FFFFFFF) fail();
  const buf = heap.alloc(total);
  const m = <u8>(major << 5);
  if (hl == 1) {
    store<u8>(buf, m | <u8>len);
  } else if (hl == 2) {
    store<u8>(buf, m | 24);
    store<u8>(buf, <u8>len, 1);
  } else if (hl == 3) {
    store<u8>(buf, m | 25);
    store<u8>(buf, <u8>(len >> 8), 1);
    store<u8>(buf, <u8>len, 2);
  } else {
    store<u8>(buf, m | 26);
    store<u8>(buf, <u8>(len >> 24), 1);
    store<u8>(buf, <u8>(len >> 16), 2);
    store<u8>(buf, <u8>(len >> 8), 3);
    store<u8>(buf, <u8>len, 4);
  }
  resultPtr = buf;
  resultLen = <u32>total;
  return buf + <usize>hl;
}

/** `(resultPtr << 32) | resultLen` of the last `beginResult`, as the bytes ABI returns it. */
export function packedResult(): i64 {
  return <i64>((<u64>resultPtr << 32) | <u64>resultLen);
}

/**
 * Writes one DAG-CBOR result value item by item into a growing buffer. The
 * caller writes map keys in canonical order (shorter key first, then
 * bytewise): the Writer does not sort.
 */
export class Writer {
  buf: usize;
  cap: usize;
  len: usize = 0;

  constructor(capacity: usize) {
    this.buf = heap.alloc(capacity);
    this.cap = capacity;
  }

  /** Returns a pointer to `n` more bytes at the end of the buffer. */
  reserve(n: usize): usize {
    const need = this.len + n;
    if (need > <usize>0x7FFFFFFF) fail();
    if (need > this.cap) {
      let c = this.cap << 1;
      if (c < need) c = need;
      // the stub runtime grows the last block in place
      this.buf = heap.realloc(this.buf, c);
      this.cap = c;
    }
    const p = this.buf + this.len;
    this.len = need;
    return p;
  }

  /** A head with the shortest-form argument. */
  head(major: u8, v: u64): void {
    const m = <u8>(major << 5);
    if (v < 24) {
      store<u8>(this.reserve(1), m | <u8>v);
    } else if (v < 0x100) {
      const p = this.reserve(2);
      store<u8>(p, m | 24);
      store<u8>(p, <u8>v, 1);
    } else if (v < 0x10000) {
      const p = this.reserve(3);
      store<u8>(p, m | 25);
      store<u16>(p, bswap<u16>(<u16>v), 1);
    } else if (v < 0x100000000) {
      const p = this.reserve(5);
      store<u8>(p, m | 26);
      store<u32>(p, bswap<u32>(<u32>v), 1);
    } else {
      const p = this.reserve(9);
      store<u8>(p, m | 27);
      store<u64>(p, bswap<u64>(v), 1);
    }
  }

  uint(v: u64): void {
    this.head(0, v);
  }

  array(count: u32): void {
    this.head(4, count);
  }

  map(count: u32): void {
    this.head(5, count);
  }

  /** A text string from UTF-8 bytes at [ptr, ptr+len). */
  text(ptr: usize, len: u32): void {
    this.head(3, len);
    memory.copy(this.reserve(len), ptr, len);
  }

  /** A text string from an ASCII literal (map keys, constants); traps on non-ASCII. */
  str(s: string): void {
    const n = s.length;
    this.head(3, <u64>n);
    const p = this.reserve(<usize>n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) fail();
      store<u8>(p + <usize>i, <u8>c);
    }
  }

  /** Makes the buffer the call's result; returns it packed as the bytes ABI returns it. */
  finish(): i64 {
    resultPtr = this.buf;
    resultLen = <u32>this.len;
    return packedResult();
  }
}
