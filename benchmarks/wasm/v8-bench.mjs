// Times the sample Wasm modules in V8 (Node's WebAssembly): the speed anchor for the Chicory
// benchmarks (dev.ipvm.bench.wasm.WasmBench). Same .wasm files (the committed, unmetered
// bytes), same inputs, same two kinds of op:
//
//   fresh  one op = new WebAssembly.Instance(module) (runs the start section) + one call
//   warm   one op = one call on an instance built beforehand
//
// A call is what the Java side does: numeric ABI fib(90) / fib_rec(25); bytes ABI alloc(len),
// copy the DAG-CBOR input into memory, call, copy the result bytes out. Every result is checked
// against a reference computed here in JS before timing.
//
// Warm instances: the samples' allocator is a bump allocator that never frees, so a long-lived
// instance would grow its memory without end. As on the Java side, the mutable globals (the
// bump pointer among them) are put back to their values after instantiation before each call.
// JS cannot reach a global that is not exported, so the warm variant runs a copy of the module
// whose export section also exports its mutable globals ("bench:global<i>"); every other byte,
// the code section included, is the same. The fresh variant runs the original bytes.
//
// Timing per case: warm-up rounds, then measurement rounds, each a timed loop of at least
// --time-ms; ops are run in batches sized so that a batch takes about 1 ms, and the clock is read
// between batches. Prints JSON on stdout (progress on stderr).
//
//   node benchmarks/wasm/v8-bench.mjs [--warmup 2] [--rounds 3] [--time-ms 2000]
//        [--kernels fib,fib_rec,sha256,blur,uppercase] [--modes fresh,warm]
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasmDir = join(root, "functions", "src", "main", "resources", "samples");
const ppmPath = join(root, "functions", "samples", "images", "sample.ppm");

// ---- options ------------------------------------------------------------------------------

const opts = { warmup: 2, rounds: 3, timeMs: 2000, kernels: "fib,fib_rec,sha256,blur,uppercase", modes: "fresh,warm" };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i], v = process.argv[i + 1];
  if (v === undefined) throw new Error(`missing value for ${k}`);
  if (k === "--warmup") opts.warmup = Number(v);
  else if (k === "--rounds") opts.rounds = Number(v);
  else if (k === "--time-ms") opts.timeMs = Number(v);
  else if (k === "--kernels") opts.kernels = v;
  else if (k === "--modes") opts.modes = v;
  else throw new Error(`unknown option ${k}`);
}

// ---- DAG-CBOR (just what the kernels need) ----------------------------------------------

function head(major, n) {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = m | 25; b.writeUInt16BE(n, 1); return b; }
  const b = Buffer.alloc(5); b[0] = m | 26; b.writeUInt32BE(n, 1); return b;
}
/** params: non-negative number (int), Buffer (bytes), string (text). */
function encodeParams(params) {
  const parts = [head(4, params.length)];
  for (const p of params) {
    if (typeof p === "number") parts.push(head(0, p));
    else if (typeof p === "string") { const b = Buffer.from(p, "utf8"); parts.push(head(3, b.length), b); }
    else parts.push(head(2, p.length), p);
  }
  return Buffer.concat(parts);
}
const cborBytes = (b) => Buffer.concat([head(2, b.length), b]);
const cborText = (s) => { const b = Buffer.from(s, "utf8"); return Buffer.concat([head(3, b.length), b]); };

// ---- inputs and references (the same formulas as dev.ipvm.bench.wasm.WasmKernels) --------

function fib(n) { let a = 0n, b = 1n; for (let i = 0; i < n; i++) { [a, b] = [b, BigInt.asIntN(64, a + b)]; } return a; }
function i64Bytes(v) { const b = Buffer.alloc(8); b.writeBigInt64BE(v); return b; }

function sha256Input() { const b = Buffer.alloc(64 * 1024); for (let i = 0; i < b.length; i++) b[i] = (31 * i + 7) & 0xff; return b; }
function uppercaseInput() {
  const p = "The quick brown fox jumps over the lazy dog. ";
  return p.repeat(Math.ceil(65536 / p.length)).slice(0, 65536);
}
/** Edge-clamped box blur, as functions/samples/README.md specifies it; plain P6 header only. */
function boxBlur(ppm, r) {
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString("latin1"));
  if (!m) throw new Error("sample.ppm: unexpected header");
  const w = Number(m[1]), h = Number(m[2]), off = m[0].length;
  if (ppm.length - off !== w * h * 3) throw new Error("sample.ppm: raster size");
  const header = Buffer.from(`P6\n${w} ${h}\n255\n`, "ascii");
  const out = Buffer.alloc(header.length + w * h * 3);
  header.copy(out);
  const d = (2 * r + 1) ** 2;
  const clamp = (v, n) => (v < 0 ? 0 : v >= n ? n - 1 : v);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
    let s = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += ppm[off + (clamp(y + dy, h) * w + clamp(x + dx, w)) * 3 + c];
    out[header.length + (y * w + x) * 3 + c] = Math.floor((s + Math.floor(d / 2)) / d);
  }
  return out;
}

function kernels() {
  const ppm = readFileSync(ppmPath);
  const sha = sha256Input();
  const text = uppercaseInput();
  return {
    fib: { module: "math.wasm", fn: "fib", arg: 90, expected: i64Bytes(fib(90)) },
    fib_rec: { module: "math.wasm", fn: "fib_rec", arg: 25, expected: i64Bytes(fib(25)) },
    sha256: { module: "sha256.wasm", fn: "sha256", input: encodeParams([sha]), expected: cborBytes(createHash("sha256").update(sha).digest()) },
    blur: { module: "image.wasm", fn: "blur", input: encodeParams([ppm, 2]), expected: cborBytes(boxBlur(ppm, 2)) },
    uppercase: { module: "uppercase.wasm", fn: "uppercase", input: encodeParams([text]), expected: cborText(text.replace(/[a-z]/g, (c) => c.toUpperCase())) },
  };
}

// ---- the warm copy: export every mutable global -----------------------------------------

function leb(bytes, p) { let r = 0, s = 0, b; do { b = bytes[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return [r, p]; }
function uleb(n) { const out = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n); return Buffer.from(out); }
function skipConstExpr(bytes, p) {
  for (;;) {
    const op = bytes[p++];
    if (op === 0x0b) return p;
    if (op === 0x41 || op === 0x42 || op === 0x23) { do { } while (bytes[p++] & 0x80); }
    else if (op === 0x43) p += 4;
    else if (op === 0x44) p += 8;
    else throw new Error(`global initializer opcode 0x${op.toString(16)}`);
  }
}
/** Returns [bytes with the mutable globals exported as "bench:global<i>", [their indexes]]. */
function exportMutableGlobals(wasm) {
  const sections = [];
  let p = 8;
  while (p < wasm.length) {
    const id = wasm[p];
    const [size, q] = leb(wasm, p + 1);
    sections.push({ id, start: p, payload: q, end: q + size });
    p = q + size;
  }
  if (sections.some((s) => s.id === 2)) throw new Error("module has imports");
  const mutable = [];
  const g = sections.find((s) => s.id === 6);
  if (g) {
    let [count, q] = leb(wasm, g.payload);
    for (let i = 0; i < count; i++) {
      const mut = wasm[q + 1];
      q = skipConstExpr(wasm, q + 2);
      if (mut === 1) mutable.push(i);
    }
  }
  if (!mutable.length) return [wasm, []];
  const extra = mutable.map((i) => { const name = Buffer.from(`bench:global${i}`); return Buffer.concat([uleb(name.length), name, Buffer.from([0x03]), uleb(i)]); });
  const out = [wasm.subarray(0, 8)];
  for (const s of sections) {
    if (s.id !== 7) { out.push(wasm.subarray(s.start, s.end)); continue; }
    const [count, q] = leb(wasm, s.payload);
    const payload = Buffer.concat([uleb(count + mutable.length), wasm.subarray(q, s.end), ...extra]);
    out.push(Buffer.from([7]), uleb(payload.length), payload);
  }
  if (!sections.some((s) => s.id === 7)) throw new Error("module has no export section");
  return [Buffer.concat(out), mutable];
}

// ---- one call through the ABI ---------------------------------------------------------------

function caller(k) {
  if (!k.input) {
    return (inst) => inst.exports[k.fn](k.arg);
  }
  const input = k.input, len = input.length;
  return (inst) => {
    const ex = inst.exports;
    const ptr = ex.alloc(len);
    new Uint8Array(ex.memory.buffer, ptr, len).set(input);
    const packed = ex[k.fn](ptr, len);
    const rp = Number(BigInt.asUintN(64, packed) >> 32n), rl = Number(BigInt.asUintN(32, packed));
    return new Uint8Array(ex.memory.buffer, rp, rl).slice();
  };
}
const asBytes = (k, r) => (k.input ? Buffer.from(r) : i64Bytes(r));

// ---- timing ---------------------------------------------------------------------------------

let sink = 0;
function consume(r) { sink = (sink + (typeof r === "bigint" ? Number(r & 0xffn) : r.length)) | 0; }

function timedLoop(op, batch, ms) {
  let n = 0;
  const t0 = performance.now();
  let t;
  do {
    for (let i = 0; i < batch; i++) consume(op());
    n += batch;
    t = performance.now();
  } while (t - t0 < ms);
  return { ops: n, seconds: (t - t0) / 1000 };
}

function measure(op) {
  // batch size: about 1 ms of ops, re-estimated after each warm-up round
  let batch = 1;
  for (let i = 0; i < opts.warmup; i++) {
    const r = timedLoop(op, batch, opts.timeMs);
    batch = Math.max(1, Math.round(r.ops / r.seconds / 1000));
  }
  const rounds = [];
  for (let i = 0; i < opts.rounds; i++) {
    const r = timedLoop(op, batch, opts.timeMs);
    rounds.push(r.ops / r.seconds);
  }
  const mean = rounds.reduce((a, b) => a + b, 0) / rounds.length;
  return { opsPerSec: mean, rounds, batch };
}

// ---- main -----------------------------------------------------------------------------------

const all = kernels();
const results = [];
const modules = {};
for (const name of opts.kernels.split(",")) {
  const k = all[name];
  if (!k) throw new Error(`unknown kernel ${name}`);
  const bytes = readFileSync(join(wasmDir, k.module));
  modules[k.module] ??= (() => {
    const [warmBytes, globals] = exportMutableGlobals(bytes);
    return { fresh: new WebAssembly.Module(bytes), warm: new WebAssembly.Module(warmBytes), globals };
  })();
  const m = modules[k.module];
  const call = caller(k);
  const check = (r, what) => {
    const got = asBytes(k, r);
    if (!got.equals(k.expected)) throw new Error(`${name} (${what}): result ${got.length} bytes ${got.subarray(0, 24).toString("hex")}... differs from the reference`);
    return got;
  };

  // fresh: a new instance of the original module per op
  const freshOp = () => call(new WebAssembly.Instance(m.fresh, {}));
  const resultBytes = check(freshOp(), "fresh");

  // warm: one instance of the copy that exports its mutable globals, rewound before each call
  const inst = new WebAssembly.Instance(m.warm, {});
  const globals = m.globals.map((i) => inst.exports[`bench:global${i}`]);
  const saved = globals.map((g) => g.value);
  const warmOp = () => {
    for (let i = 0; i < globals.length; i++) globals[i].value = saved[i];
    return call(inst);
  };
  for (let i = 0; i < 3; i++) check(warmOp(), `warm #${i}`);

  for (const mode of opts.modes.split(",")) {
    const op = mode === "fresh" ? freshOp : mode === "warm" ? warmOp : null;
    if (!op) throw new Error(`unknown mode ${mode}`);
    process.stderr.write(`[v8] ${name} ${mode} ... `);
    const r = measure(op);
    process.stderr.write(`${r.opsPerSec.toFixed(1)} ops/s (rounds ${r.rounds.map((x) => x.toFixed(1)).join(", ")})\n`);
    results.push({
      kernel: name, mode, opsPerSec: r.opsPerSec, rounds: r.rounds, batch: r.batch,
      resultBytes: resultBytes.length, resultSha256: createHash("sha256").update(resultBytes).digest("hex"),
    });
  }
}

console.log(JSON.stringify({
  engine: "V8",
  node: process.version,
  v8: process.versions.v8,
  cpu: os.cpus()[0]?.model ?? "?",
  settings: { warmupRounds: opts.warmup, rounds: opts.rounds, roundMs: opts.timeMs },
  results,
  sink,
}, null, 2));
