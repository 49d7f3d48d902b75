// Bytes-ABI sample: a pure function that requests an effect. It cannot do
// I/O (no imports); it returns its result together with an `ipvm/fx`
// request for an /http/post task, which the job then runs as an effect.
import { Reader, Writer, Param, fail } from "./lib/cbor";
export { alloc } from "./lib/abi";

const I64_MAX: u64 = <u64>i64.MAX_VALUE;

class Order {
  url: Param = new Param();
  total: u64 = 0;
}

/** params [url: text, items: [[price: uint, qty: uint], ...]]; traps on anything else. */
function decodeOrder(ptr: usize, len: i32): Order {
  if (len < 0) fail();
  const r = new Reader(ptr, <u32>len);
  if (r.array() != 2) fail();
  const o = new Order();
  o.url = r.text();
  const n = r.array();
  let total: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    if (r.array() != 2) fail();
    const price = r.uint();
    const qty = r.uint();
    // the total must stay a signed 64-bit int: trap rather than wrap
    if (qty != 0 && price > I64_MAX / qty) fail();
    const line = price * qty;
    if (total > I64_MAX - line) fail();
    total += line;
  }
  r.finish();
  o.total = total;
  return o;
}

/** Writes `v` in decimal at `p`; returns the digit count. */
function writeDecimal(p: usize, v: u64): u32 {
  let n: u32 = 1;
  for (let t = v / 10; t != 0; t /= 10) n++;
  let q = v;
  for (let i = <i32>n - 1; i >= 0; i--) {
    store<u8>(p + <usize>i, <u8>(0x30 + <u32>(q % 10)));
    q /= 10;
  }
  return n;
}

/** Copies an ASCII literal to `p`; returns its length. */
function writeAscii(p: usize, s: string): u32 {
  const n = s.length;
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  return <u32>n;
}

/**
 * The task {cmd: "/http/post", args: {url, body: "{\"total\":N}", headers:
 * {"content-type": "application/json"}}}. Keys in canonical order: shorter
 * first, then bytewise ("cmd" < "args"; "url" < "body" < "headers").
 */
function writePostTask(w: Writer, o: Order): void {
  w.map(2);
  w.str("cmd");
  w.str("/http/post");
  w.str("args");
  w.map(3);
  w.str("url");
  w.text(o.url.ptr, o.url.len);
  w.str("body");
  const body = heap.alloc(32); // 9 + at most 19 digits + 1
  let n = writeAscii(body, "{\"total\":");
  n += writeDecimal(body + <usize>n, o.total);
  n += writeAscii(body + <usize>n, "}");
  w.text(body, n);
  w.str("headers");
  w.map(1);
  w.str("content-type");
  w.str("application/json");
}

/**
 * params [url, items] -> {out: total, "ipvm/fx": {fork: [], join: POST task}}:
 * the POST continues the computation, so an await on this task resolves with
 * the POST's outcome.
 */
export function checkout(ptr: usize, len: i32): i64 {
  const o = decodeOrder(ptr, len);
  const w = new Writer(128 + <usize>o.url.len);
  w.map(2); // "out" < "ipvm/fx"
  w.str("out");
  w.uint(o.total);
  w.str("ipvm/fx");
  w.map(2); // "fork" < "join"
  w.str("fork");
  w.array(0);
  w.str("join");
  writePostTask(w, o);
  return w.finish();
}

/**
 * params [url, items] -> {out: total, "ipvm/fx": {fork: [POST task]}}: the
 * POST runs alongside; an await on this task resolves with `out`.
 */
export function checkout_notify(ptr: usize, len: i32): i64 {
  const o = decodeOrder(ptr, len);
  const w = new Writer(128 + <usize>o.url.len);
  w.map(2);
  w.str("out");
  w.uint(o.total);
  w.str("ipvm/fx");
  w.map(1);
  w.str("fork");
  w.array(1);
  writePostTask(w, o);
  return w.finish();
}
