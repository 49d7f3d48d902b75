// Runs every sample module through Node's own WebAssembly with the IPVM ABI
// (see README.md) and checks the outputs. Exits non-zero on any mismatch.
//
//   node functions/samples/test-node.mjs
//
// Each call gets a fresh instance, as the host does. Bytes-ABI inputs are the
// DAG-CBOR encoding of the params list, encoded by hand below; outputs are
// decoded strictly (one canonical byte or text string, nothing after it;
// for order.wasm any canonical value, see decodeStrict).
import { readFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(here, "..", "src", "main", "resources", "samples");
const modules = {};
for (const name of ["math", "uppercase", "sha256", "image", "order"]) {
  modules[name] = new WebAssembly.Module(readFileSync(join(wasmDir, `${name}.wasm`)));
  const imports = WebAssembly.Module.imports(modules[name]);
  if (imports.length) throw new Error(`${name}.wasm has imports: ${JSON.stringify(imports)}`);
}
const instance = (name) => new WebAssembly.Instance(modules[name], {});

// ---- DAG-CBOR (just what the samples use) ----------------------------------

function head(major, n) {
  n = BigInt(n);
  const m = major << 5;
  if (n < 24n) return Buffer.from([m | Number(n)]);
  if (n < 0x100n) return Buffer.from([m | 24, Number(n)]);
  if (n < 0x10000n) { const b = Buffer.alloc(3); b[0] = m | 25; b.writeUInt16BE(Number(n), 1); return b; }
  if (n < 0x100000000n) { const b = Buffer.alloc(5); b[0] = m | 26; b.writeUInt32BE(Number(n), 1); return b; }
  const b = Buffer.alloc(9); b[0] = m | 27; b.writeBigUInt64BE(n, 1); return b;
}
/** Canonical key order: shorter encoded key first, then bytewise. */
const keyOrder = (a, b) => {
  const ea = Buffer.from(a, "utf8"), eb = Buffer.from(b, "utf8");
  return ea.length - eb.length || Buffer.compare(ea, eb);
};
/**
 * Canonical DAG-CBOR of: number/bigint (int), Buffer/Uint8Array (bytes), string (text),
 * array (list), plain object (map, keys sorted canonically).
 */
function encode(v) {
  if (typeof v === "number" || typeof v === "bigint") {
    const n = BigInt(v);
    return n >= 0n ? head(0, n) : head(1, -1n - n);
  }
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    return Buffer.concat([head(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(encode)]);
  const keys = Object.keys(v).sort(keyOrder);
  return Buffer.concat([head(5, keys.length), ...keys.flatMap((k) => [encode(k), encode(v[k])])]);
}
const encodeParams = (params) => encode(params);
/**
 * Decodes exactly one strict DAG-CBOR value made of ints (as BigInt), bytes (Buffer), text,
 * lists and maps (plain objects): throws on non-shortest heads, indefinite lengths,
 * non-text or unsorted or repeated map keys, other kinds, and trailing bytes.
 */
function decodeStrict(buf) {
  let p = 0;
  const byte = () => { if (p >= buf.length) throw new Error("truncated"); return buf[p++]; };
  const arg = (ai) => {
    if (ai < 24) return BigInt(ai);
    const n = { 24: 1, 25: 2, 26: 4, 27: 8 }[ai];
    if (!n) throw new Error(`additional info ${ai}`);
    let v = 0n;
    for (let k = 0; k < n; k++) v = (v << 8n) | BigInt(byte());
    if (v < { 1: 24n, 2: 0x100n, 4: 0x10000n, 8: 0x100000000n }[n]) throw new Error("non-shortest head");
    return v;
  };
  const take = (n) => {
    if (p + n > buf.length) throw new Error("truncated");
    const b = Buffer.from(buf.subarray(p, p + n));
    p += n;
    return b;
  };
  const item = () => {
    const h = byte(), major = h >> 5, a = arg(h & 31);
    switch (major) {
      case 0: return a;
      case 1: return -1n - a;
      case 2: return take(Number(a));
      case 3: return new TextDecoder("utf-8", { fatal: true }).decode(take(Number(a)));
      case 4: return Array.from({ length: Number(a) }, item);
      case 5: {
        const m = {};
        let prev = null;
        for (let i = 0n; i < a; i++) {
          if (p < buf.length && buf[p] >> 5 !== 3) throw new Error("map key is not text");
          const k = item();
          if (prev !== null && keyOrder(prev, k) >= 0) throw new Error(`map keys out of order: ${prev}, ${k}`);
          prev = k;
          m[k] = item();
        }
        return m;
      }
      default: throw new Error(`major type ${major}`);
    }
  };
  const v = item();
  if (p !== buf.length) throw new Error("trailing bytes");
  return v;
}
/** Decodes a result that must be exactly one canonical byte string (major 2) or text string (major 3). */
function decodeResult(buf) {
  if (buf.length < 1) throw new Error("empty result");
  const major = buf[0] >> 5, ai = buf[0] & 31;
  if (major !== 2 && major !== 3) throw new Error(`result major type ${major}`);
  let len, off;
  if (ai < 24) { len = ai; off = 1; }
  else if (ai === 24) { len = buf[1]; off = 2; if (len < 24) throw new Error("non-canonical length"); }
  else if (ai === 25) { len = buf.readUInt16BE(1); off = 3; if (len < 0x100) throw new Error("non-canonical length"); }
  else if (ai === 26) { len = buf.readUInt32BE(1); off = 5; if (len < 0x10000) throw new Error("non-canonical length"); }
  else throw new Error(`result additional info ${ai}`);
  if (off + len !== buf.length) throw new Error(`result length ${buf.length} != head ${off}+${len}`);
  const payload = Buffer.from(buf.subarray(off));
  return major === 3 ? { text: payload.toString("utf8") } : { bytes: payload };
}

/** Bytes ABI with raw input bytes: returns the raw result bytes, or throws (trap). */
function callRaw(moduleName, fun, input) {
  const inst = instance(moduleName);
  const { memory, alloc } = inst.exports;
  const ptr = alloc(input.length);
  new Uint8Array(memory.buffer, ptr, input.length).set(input);
  const packed = BigInt.asUintN(64, inst.exports[fun](ptr, input.length));
  const rp = Number(packed >> 32n), rl = Number(packed & 0xffffffffn);
  return Buffer.from(new Uint8Array(memory.buffer, rp, rl));
}
const call = (moduleName, fun, params) => decodeResult(callRaw(moduleName, fun, encodeParams(params)));

// ---- test harness ----------------------------------------------------------

let passed = 0, failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function eq(actual, expected, what = "value") {
  const a = Buffer.isBuffer(actual) ? actual.toString("hex") : String(actual);
  const e = Buffer.isBuffer(expected) ? expected.toString("hex") : String(expected);
  if (typeof actual !== typeof expected || a !== e) {
    throw new Error(`${what}: expected ${e.length > 200 ? e.slice(0, 200) + "..." : e}, got ${a.length > 200 ? a.slice(0, 200) + "..." : a}`);
  }
}
const big = (k, v) => (typeof v === "bigint" ? v.toString() : v);
/** Deep equality of decoded values; numbers compare as BigInt. */
function deepEq(actual, expected, where = "value") {
  const norm = (v) => (typeof v === "number" ? BigInt(v) : v);
  const a = norm(actual), e = norm(expected);
  if (Array.isArray(e)) {
    if (!Array.isArray(a) || a.length !== e.length) throw new Error(`${where}: expected a list of ${e.length}, got ${JSON.stringify(a, big)}`);
    e.forEach((x, i) => deepEq(a[i], x, `${where}[${i}]`));
  } else if (e instanceof Uint8Array) {
    eq(Buffer.from(a), Buffer.from(e), where);
  } else if (typeof e === "object" && e !== null) {
    if (typeof a !== "object" || a === null || Array.isArray(a) || a instanceof Uint8Array) throw new Error(`${where}: expected a map, got ${JSON.stringify(a, big)}`);
    const ak = Object.keys(a).sort(), ek = Object.keys(e).sort();
    if (ak.join() !== ek.join()) throw new Error(`${where}: expected keys ${ek}, got ${ak}`);
    for (const k of ek) deepEq(a[k], e[k], `${where}.${k}`);
  } else {
    eq(a, e, where);
  }
}
function traps(fn) {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return;
    throw new Error(`expected a Wasm trap, got ${e}`);
  }
  throw new Error("expected a Wasm trap, but the call returned");
}

// ---- numeric ABI -----------------------------------------------------------

const math = () => instance("math").exports;
check("add(2, 3) = 5", () => eq(math().add(2, 3), 5));
check("add(-7, 3) = -4", () => eq(math().add(-7, 3), -4));
check("add wraps", () => eq(math().add(2147483647, 1), -2147483648));
check("fib(0) = 0", () => eq(math().fib(0), 0n));
check("fib(1) = 1", () => eq(math().fib(1), 1n));
check("fib(10) = 55", () => eq(math().fib(10), 55n));
check("fib(50) = 12586269025", () => eq(math().fib(50), 12586269025n));
check("fib(92)", () => eq(math().fib(92), 7540113804746346429n));
check("fib(93) traps", () => traps(() => math().fib(93)));
check("fib(-1) traps", () => traps(() => math().fib(-1)));
check("fib_rec(10) = 55", () => eq(math().fib_rec(10), 55n));
check("fib_rec(25) = 75025", () => eq(math().fib_rec(25), 75025n));
check("fib_rec(-1) traps", () => traps(() => math().fib_rec(-1)));

// ---- uppercase and the CBOR codec ------------------------------------------

check("params [\"hello\"] encodes as 81 65 68656c6c6f", () =>
  eq(encodeParams(["hello"]), Buffer.from("816568656c6c6f", "hex")));
check("uppercase raw bytes", () =>
  eq(callRaw("uppercase", "uppercase", Buffer.from("816568656c6c6f", "hex")), Buffer.from("6548454c4c4f", "hex")));
check("uppercase(\"hello, ipvm\")", () => eq(call("uppercase", "uppercase", ["hello, ipvm"]).text, "HELLO, IPVM"));
check("uppercase(\"\")", () => eq(call("uppercase", "uppercase", [""]).text, ""));
check("uppercase keeps non-ASCII", () => eq(call("uppercase", "uppercase", ["héllo ß ∑ 😀 z{}@`"]).text, "HéLLO ß ∑ 😀 Z{}@`"));
check("uppercase 23/24/255/256/65535/65536-byte heads", () => {
  for (const n of [23, 24, 255, 256, 65535, 65536, 100000]) {
    const s = "abcXyz-".repeat(Math.ceil(n / 7)).slice(0, n);
    eq(call("uppercase", "uppercase", [s]).text, s.toUpperCase(), `length ${n}`);
  }
});
const rawTraps = (mod, fun, hex) => () => traps(() => callRaw(mod, fun, Buffer.from(hex, "hex")));
check("uppercase rejects bytes param", () => traps(() => call("uppercase", "uppercase", [Buffer.from("hi")])));
check("uppercase rejects int param", () => traps(() => call("uppercase", "uppercase", [1])));
check("uppercase rejects 0 params", () => traps(() => call("uppercase", "uppercase", [])));
check("uppercase rejects 2 params", () => traps(() => call("uppercase", "uppercase", ["a", "b"])));
check("rejects non-array top level", rawTraps("uppercase", "uppercase", "6568656c6c6f"));
check("rejects non-shortest text length", rawTraps("uppercase", "uppercase", "81780568656c6c6f"));
check("rejects non-shortest array length", rawTraps("uppercase", "uppercase", "980165616263"));
check("rejects indefinite-length array", rawTraps("uppercase", "uppercase", "9f6361626cff"));
check("rejects indefinite-length text", rawTraps("uppercase", "uppercase", "817f616161626cff"));
check("rejects trailing bytes", rawTraps("uppercase", "uppercase", "816361626300"));
check("rejects truncated text", rawTraps("uppercase", "uppercase", "81656162"));
check("rejects truncated array", rawTraps("uppercase", "uppercase", "82636162"));
check("rejects empty input", rawTraps("uppercase", "uppercase", ""));
check("rejects invalid UTF-8", rawTraps("uppercase", "uppercase", "8162c328"));
check("rejects overlong UTF-8", rawTraps("uppercase", "uppercase", "8162c0af"));
check("rejects UTF-8 surrogate", rawTraps("uppercase", "uppercase", "8163eda080"));
check("rejects truncated UTF-8", rawTraps("uppercase", "uppercase", "8162e282"));
check("rejects float param", rawTraps("uppercase", "uppercase", "81fb3ff0000000000000"));
check("rejects tagged param", rawTraps("uppercase", "uppercase", "81d82a4100"));
check("rejects map param", rawTraps("uppercase", "uppercase", "81a0"));
check("rejects reserved additional info", rawTraps("uppercase", "uppercase", "817c"));

// ---- sha256 ------------------------------------------------------------------

const sha = (b) => createHash("sha256").update(b).digest();
check("sha256(\"\")", () => eq(call("sha256", "sha256", [Buffer.alloc(0)]).bytes,
  Buffer.from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex")));
check("sha256(\"abc\")", () => eq(call("sha256", "sha256", [Buffer.from("abc")]).bytes,
  Buffer.from("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "hex")));
check("sha256 result is a 32-byte byte string (58 20 ...)", () =>
  eq(callRaw("sha256", "sha256", encodeParams([Buffer.from("abc")])).subarray(0, 2), Buffer.from("5820", "hex")));
check("sha256(1 MB)", () => {
  const big = Buffer.alloc(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  eq(call("sha256", "sha256", [big]).bytes, sha(big));
});
check("sha256 block-boundary lengths 0..200", () => {
  for (let n = 0; n <= 200; n++) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = (i * 7 + n) & 255;
    eq(call("sha256", "sha256", [b]).bytes, sha(b), `length ${n}`);
  }
});
check("sha256 of text hashes its UTF-8", () => eq(call("sha256", "sha256", ["héllo"]).bytes, sha(Buffer.from("héllo"))));
check("sha256 rejects int", () => traps(() => call("sha256", "sha256", [5])));
check("sha256 rejects 2 params", () => traps(() => call("sha256", "sha256", [Buffer.from("a"), Buffer.from("b")])));

// ---- order: a pure function requesting an effect ----------------------------

const orderCall = (fun, params) => {
  const raw = callRaw("order", fun, encodeParams(params));
  return { raw, value: decodeStrict(raw) };
};
const postTask = (url, total) => ({
  cmd: "/http/post",
  args: { url, headers: { "content-type": "application/json" }, body: `{"total":${total}}` },
});
const checkoutExpected = (url, total) => ({ out: total, "ipvm/fx": { fork: [], join: postTask(url, total) } });
const notifyExpected = (url, total) => ({ out: total, "ipvm/fx": { fork: [postTask(url, total)] } });
/** The decoded output equals `expected`, and its bytes are exactly its canonical encoding. */
function orderCheck(fun, params, expected) {
  const { raw, value } = orderCall(fun, params);
  deepEq(value, expected);
  eq(raw, encode(expected), "canonical bytes");
}
const shop = "https://shop.example/orders";
const cart = [[250, 2], [1000, 1], [0, 7], [19, 0]];
check("checkout sums price*qty and joins on the POST", () => orderCheck("checkout", [shop, cart], checkoutExpected(shop, 1500)));
check("checkout_notify forks the POST, no join", () => orderCheck("checkout_notify", [shop, cart], notifyExpected(shop, 1500)));
check("checkout key order and raw bytes", () => {
  const { raw, value } = orderCall("checkout", ["http://x/o", [[256, 2], [10, 3]]]);
  eq(Object.keys(value).join(), "out,ipvm/fx");
  eq(Object.keys(value["ipvm/fx"]).join(), "fork,join");
  eq(Object.keys(value["ipvm/fx"].join).join(), "cmd,args");
  eq(Object.keys(value["ipvm/fx"].join.args).join(), "url,body,headers");
  eq(raw, Buffer.from("a2636f757419021e676970766d2f6678a264666f726b80646a6f696ea263636d646a2f687474702f706f73746461726773a3" +
    "6375726c6a687474703a2f2f782f6f64626f64796d7b22746f74616c223a3534327d6768656164657273a16c636f6e74656e742d74797065" +
    "706170706c69636174696f6e2f6a736f6e", "hex"));
});
check("checkout of no items: total 0", () => {
  orderCheck("checkout", [shop, []], checkoutExpected(shop, 0));
  orderCheck("checkout_notify", [shop, []], notifyExpected(shop, 0));
});
check("checkout totals across int head sizes, up to 2^63-1", () => {
  for (const [items, total] of [
    [[[23, 1]], 23n], [[[24, 1]], 24n], [[[255, 1], [1, 1]], 256n], [[[65535, 1], [1, 1]], 65536n],
    [[[0xffffffff, 1], [1, 1]], 0x100000000n], [[[2n ** 31n, 2n ** 31n]], 2n ** 62n],
    [[[2n ** 63n - 1n, 1]], 2n ** 63n - 1n], [[[1, 2n ** 63n - 2n], [1, 1]], 2n ** 63n - 1n],
  ]) {
    orderCheck("checkout", [shop, items], checkoutExpected(shop, total));
  }
});
check("checkout keeps a non-ASCII URL byte for byte", () => {
  const u = "https://bücher.example/kasse?q=ß😀";
  orderCheck("checkout", [u, [[3, 3]]], checkoutExpected(u, 9));
});
check("checkout with a 70000-byte URL", () => {
  const u = "https://x.example/" + "a".repeat(70000 - 18);
  orderCheck("checkout", [u, [[1, 1]]], checkoutExpected(u, 1));
  orderCheck("checkout_notify", [u, [[1, 1]]], notifyExpected(u, 1));
});
check("checkout with 1000 items", () => {
  const items = Array.from({ length: 1000 }, (_, i) => [i, i % 7]);
  const total = items.reduce((s, [p, q]) => s + p * q, 0);
  orderCheck("checkout", [shop, items], checkoutExpected(shop, total));
});
const badOrders = {
  "no params": [],
  "url only": [shop],
  "three params": [shop, [], 1],
  "url as bytes": [Buffer.from(shop), []],
  "url as int": [1, []],
  "items as int": [shop, 5],
  "items as text": [shop, "1,2"],
  "items as map": [shop, { price: 1, qty: 1 }],
  "item with one value": [shop, [[1]]],
  "item with three values": [shop, [[1, 2, 3]]],
  "item not a list": [shop, [1, 2]],
  "negative price": [shop, [[-1, 2]]],
  "negative qty": [shop, [[1, -2]]],
  "price as text": [shop, [["1", 2]]],
  "product above 2^63-1": [shop, [[2n ** 32n, 2n ** 31n]]],
  "sum above 2^63-1": [shop, [[2n ** 63n - 1n, 1], [1, 1]]],
  "price above 2^63-1": [shop, [[2n ** 64n - 1n, 1]]],
};
for (const [what, params] of Object.entries(badOrders)) {
  check(`order traps: ${what}`, () => {
    traps(() => callRaw("order", "checkout", encodeParams(params)));
    traps(() => callRaw("order", "checkout_notify", encodeParams(params)));
  });
}
// ["a", [[1, 1]]] = 82 6161 81 820101, with one defect each
check("order accepts the well-formed base case", () =>
  deepEq(decodeStrict(callRaw("order", "checkout", Buffer.from("82616181820101", "hex"))), checkoutExpected("a", 1)));
check("order rejects float price", rawTraps("order", "checkout", "826161818201fb3ff0000000000000"));
check("order rejects non-shortest int", rawTraps("order", "checkout", "8261618182180101"));
check("order rejects indefinite-length items", rawTraps("order", "checkout", "8261619f820101ff"));
check("order rejects trailing bytes", rawTraps("order", "checkout", "8261618182010100"));
check("order rejects truncated input", rawTraps("order", "checkout", "826161818201"));
check("order rejects invalid UTF-8 url", rawTraps("order", "checkout", "8261ff81820101"));
check("order rejects tagged items", rawTraps("order", "checkout", "826161d82a81820101"));

// ---- image operations ------------------------------------------------------

function makePpm(w, h, seed) {
  const px = Buffer.alloc(w * h * 3);
  let s = seed >>> 0;
  for (let i = 0; i < px.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    px[i] = s >>> 24;
  }
  return { w, h, px };
}
const ppmBytes = ({ w, h, px }) => Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), px]);
function parsePpm(buf) {
  const m = /^P6\n(\d+) (\d+)\n255\n/.exec(buf.subarray(0, 40).toString("latin1"));
  if (!m) throw new Error(`non-canonical PPM header: ${JSON.stringify(buf.subarray(0, 20).toString("latin1"))}`);
  const w = +m[1], h = +m[2], px = buf.subarray(m[0].length);
  if (px.length !== w * h * 3) throw new Error("PPM raster size");
  return { w, h, px };
}
function refCrop({ w, px }, x, y, cw, ch) {
  const o = Buffer.alloc(cw * ch * 3);
  for (let r = 0; r < ch; r++) px.copy(o, r * cw * 3, ((y + r) * w + x) * 3, ((y + r) * w + x + cw) * 3);
  return { w: cw, h: ch, px: o };
}
function refRotate90({ w, h, px }) {
  const o = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const d = (x * h + (h - 1 - y)) * 3, s = (y * w + x) * 3; // (x, y) -> (h-1-y, x) in an h-wide image
    o[d] = px[s]; o[d + 1] = px[s + 1]; o[d + 2] = px[s + 2];
  }
  return { w: h, h: w, px: o };
}
function refGrayscale({ w, h, px }) {
  const o = Buffer.alloc(px.length);
  for (let i = 0; i < w * h; i++) {
    const l = (77 * px[3 * i] + 150 * px[3 * i + 1] + 29 * px[3 * i + 2]) >> 8;
    o[3 * i] = o[3 * i + 1] = o[3 * i + 2] = l;
  }
  return { w, h, px: o };
}
function refBlur({ w, h, px }, r) {
  const o = Buffer.alloc(px.length);
  const d = (2 * r + 1) ** 2;
  const cl = (v, n) => Math.min(n - 1, Math.max(0, v));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += px[(cl(y + dy, h) * w + cl(x + dx, w)) * 3 + c];
    o[(y * w + x) * 3 + c] = Math.floor((s + (d >> 1)) / d);
  }
  return { w, h, px: o };
}
const img = (fun, params) => call("image", fun, params).bytes;

const small = makePpm(7, 5, 42);
const smallBytes = ppmBytes(small);
check("crop(7x5, 1, 2, 4, 3)", () => eq(img("crop", [smallBytes, 1, 2, 4, 3]), ppmBytes(refCrop(small, 1, 2, 4, 3))));
check("crop whole image", () => eq(img("crop", [smallBytes, 0, 0, 7, 5]), smallBytes));
check("crop 1x1 bottom-right", () => eq(img("crop", [smallBytes, 6, 4, 1, 1]), ppmBytes(refCrop(small, 6, 4, 1, 1))));
check("crop out of bounds traps", () => traps(() => img("crop", [smallBytes, 4, 0, 4, 1])));
check("crop zero size traps", () => traps(() => img("crop", [smallBytes, 0, 0, 0, 1])));
check("crop negative traps", () => traps(() => img("crop", [smallBytes, -1, 0, 1, 1])));
check("crop huge x traps", () => traps(() => img("crop", [smallBytes, 2n ** 40n, 0, 1, 1])));
check("crop missing params traps", () => traps(() => img("crop", [smallBytes, 0, 0, 1])));
check("rotate90(7x5)", () => eq(img("rotate90", [smallBytes]), ppmBytes(refRotate90(small))));
check("rotate90 x4 is identity", () => {
  let b = smallBytes;
  for (let i = 0; i < 4; i++) b = img("rotate90", [b]);
  eq(b, smallBytes);
});
check("rotate90 corner: top-left goes to top-right", () => {
  const t = { w: 2, h: 1, px: Buffer.from([1, 2, 3, 4, 5, 6]) };
  eq(img("rotate90", [ppmBytes(t)]), ppmBytes({ w: 1, h: 2, px: Buffer.from([1, 2, 3, 4, 5, 6]) }));
  const u = { w: 1, h: 2, px: Buffer.from([1, 2, 3, 4, 5, 6]) }; // top (1,2,3) over bottom (4,5,6)
  eq(img("rotate90", [ppmBytes(u)]), ppmBytes({ w: 2, h: 1, px: Buffer.from([4, 5, 6, 1, 2, 3]) }));
});
check("grayscale(7x5)", () => eq(img("grayscale", [smallBytes]), ppmBytes(refGrayscale(small))));
check("grayscale white stays 255", () =>
  eq(img("grayscale", [ppmBytes({ w: 1, h: 1, px: Buffer.from([255, 255, 255]) })]), ppmBytes({ w: 1, h: 1, px: Buffer.from([255, 255, 255]) })));
for (const r of [0, 1, 2, 3, 10]) {
  check(`blur(7x5, ${r})`, () => eq(img("blur", [smallBytes, r]), ppmBytes(refBlur(small, r))));
}
check("blur(1x1, 5)", () => {
  const one = makePpm(1, 1, 7);
  eq(img("blur", [ppmBytes(one), 5]), ppmBytes(one));
});
check("blur radius 1025 traps", () => traps(() => img("blur", [smallBytes, 1025])));
check("blur radius 1024 works", () => { const t = makePpm(3, 2, 9); eq(img("blur", [ppmBytes(t), 1024]), ppmBytes(refBlur(t, 1024))); });
check("blur negative radius traps", () => traps(() => img("blur", [smallBytes, -1])));

const bigger = makePpm(33, 21, 5);
check("all ops on 33x21", () => {
  const b = ppmBytes(bigger);
  eq(img("crop", [b, 5, 3, 20, 17]), ppmBytes(refCrop(bigger, 5, 3, 20, 17)), "crop");
  eq(img("rotate90", [b]), ppmBytes(refRotate90(bigger)), "rotate90");
  eq(img("grayscale", [b]), ppmBytes(refGrayscale(bigger)), "grayscale");
  eq(img("blur", [b, 4]), ppmBytes(refBlur(bigger, 4)), "blur");
});

// Non-canonical but valid input headers are accepted; the output header is canonical.
check("accepts comments and odd whitespace, writes canonical header", () => {
  const loose = Buffer.concat([Buffer.from("P6 # a comment\n7\t\t5\r\n# another\n255\n"), small.px]);
  eq(img("grayscale", [loose]), ppmBytes(refGrayscale(small)));
  eq(img("crop", [loose, 0, 0, 7, 5]), smallBytes);
});
const bad = {
  "wrong magic P3": Buffer.concat([Buffer.from("P3\n7 5\n255\n"), small.px]),
  "maxval 65535": Buffer.concat([Buffer.from("P6\n7 5\n65535\n"), small.px]),
  "maxval 15": Buffer.concat([Buffer.from("P6\n7 5\n15\n"), small.px]),
  "truncated raster": smallBytes.subarray(0, smallBytes.length - 1),
  "trailing byte": Buffer.concat([smallBytes, Buffer.from([0])]),
  "zero width": Buffer.from("P6\n0 5\n255\n"),
  "no separator": Buffer.concat([Buffer.from("P67 5\n255\n"), small.px]),
  "no whitespace after maxval": Buffer.concat([Buffer.from("P6\n7 5\n255"), small.px]),
  "negative width": Buffer.concat([Buffer.from("P6\n-7 5\n255\n"), small.px]),
  "width too large": Buffer.from("P6\n65536 1\n255\n"),
  "empty": Buffer.alloc(0),
};
for (const [what, b] of Object.entries(bad)) {
  check(`malformed PPM traps: ${what}`, () => {
    for (const [fun, extra] of [["crop", [0, 0, 1, 1]], ["rotate90", []], ["grayscale", []], ["blur", [1]]]) {
      traps(() => img(fun, [b, ...extra]));
    }
  });
}
check("PPM as text param traps", () => traps(() => img("grayscale", [smallBytes.toString("latin1")])));

// The demo image, if present: every op gives the reference result.
const samplePath = join(here, "images", "sample.ppm");
if (existsSync(samplePath)) {
  const sampleBytes = readFileSync(samplePath);
  const sample = parsePpm(sampleBytes);
  check("sample.ppm is 256x192", () => { eq(sample.w, 256); eq(sample.h, 192); });
  check("sample.ppm crop/rotate90/grayscale/blur", () => {
    eq(img("crop", [sampleBytes, 64, 32, 128, 96]), ppmBytes(refCrop(sample, 64, 32, 128, 96)), "crop");
    eq(img("rotate90", [sampleBytes]), ppmBytes(refRotate90(sample)), "rotate90");
    eq(img("grayscale", [sampleBytes]), ppmBytes(refGrayscale(sample)), "grayscale");
    eq(img("blur", [sampleBytes, 2]), ppmBytes(refBlur(sample, 2)), "blur");
  });
} else {
  check("sample.ppm exists", () => { throw new Error(`${samplePath} missing (node images/make-sample.mjs)`); });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
