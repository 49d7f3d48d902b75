// Bytes-ABI samples: image operations on binary PPM (P6, maxval 255).
// Each takes the PPM file as a DAG-CBOR byte string (first param) and returns
// a new PPM file as a byte string with the canonical header "P6\n<w> <h>\n255\n".
import { decodeParams, packedResult, fail, Params } from "./lib/cbor";
import { parsePpm, beginPpmResult, Image } from "./lib/ppm";
export { alloc } from "./lib/abi";

/** Largest accepted blur radius. */
const MAX_RADIUS: u32 = 1024;

function image(params: Params): Image {
  const b = params.bytes(0);
  return parsePpm(b.ptr, b.len);
}

/**
 * crop(ppm, x, y, w, h): the w x h rectangle whose top-left pixel is (x, y).
 * Traps unless w >= 1, h >= 1, x + w <= width and y + h <= height.
 */
export function crop(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(5);
  const img = image(params);
  const x = params.u32(1);
  const y = params.u32(2);
  const w = params.u32(3);
  const h = params.u32(4);
  if (w == 0 || h == 0) fail();
  if (<u64>x + <u64>w > <u64>img.width || <u64>y + <u64>h > <u64>img.height) fail();
  const out = beginPpmResult(w, h);
  const srcStride = <usize>img.width * 3;
  const rowBytes = <usize>w * 3;
  for (let r: u32 = 0; r < h; r++) {
    memory.copy(
      out + <usize>r * rowBytes,
      img.pixels + <usize>(y + r) * srcStride + <usize>x * 3,
      rowBytes,
    );
  }
  return packedResult();
}

/** rotate90(ppm): rotated 90 degrees clockwise; a W x H image becomes H x W. */
export function rotate90(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(1);
  const img = image(params);
  const W = img.width;
  const H = img.height;
  const out = beginPpmResult(H, W);
  // source (x, y) -> destination (H - 1 - y, x); destination width is H
  for (let y: u32 = 0; y < H; y++) {
    const src = img.pixels + <usize>y * <usize>W * 3;
    const dx = <usize>(H - 1 - y);
    for (let x: u32 = 0; x < W; x++) {
      const s = src + <usize>x * 3;
      const d = out + (<usize>x * <usize>H + dx) * 3;
      store<u16>(d, load<u16>(s));
      store<u8>(d, load<u8>(s, 2), 2);
    }
  }
  return packedResult();
}

/** grayscale(ppm): each pixel becomes L = (77R + 150G + 29B) >> 8 in all three channels. */
export function grayscale(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(1);
  const img = image(params);
  const out = beginPpmResult(img.width, img.height);
  const n = <usize>img.width * <usize>img.height;
  for (let i: usize = 0; i < n; i++) {
    const s = img.pixels + i * 3;
    const l = <u8>((77 * <u32>load<u8>(s) + 150 * <u32>load<u8>(s, 1) + 29 * <u32>load<u8>(s, 2)) >> 8);
    const d = out + i * 3;
    store<u8>(d, l);
    store<u8>(d, l, 1);
    store<u8>(d, l, 2);
  }
  return packedResult();
}

// @ts-ignore: decorator
@inline function clampIndex(i: i32, n: i32): i32 {
  return i < 0 ? 0 : (i >= n ? n - 1 : i);
}

/**
 * blur(ppm, radius): box blur over the (2r+1) x (2r+1) window around each
 * pixel, per channel; coordinates outside the image are clamped to the
 * nearest edge pixel, so every window has (2r+1)^2 samples. Each output
 * value is floor((sum + d/2) / d) with d = (2r+1)^2 (round half up), all in
 * integer arithmetic. radius 0 returns the image unchanged. Traps unless
 * 0 <= radius <= 1024.
 */
export function blur(ptr: usize, len: i32): i64 {
  const params = decodeParams(ptr, len);
  params.expectCount(2);
  const img = image(params);
  const radius = params.u32(1);
  if (radius > MAX_RADIUS) fail();
  const W = <i32>img.width;
  const H = <i32>img.height;
  const r = <i32>radius;
  const out = beginPpmResult(img.width, img.height);
  const n = <usize>W * <usize>H * 3;
  if (r == 0) {
    memory.copy(out, img.pixels, n);
    return packedResult();
  }
  // Pass 1: horizontal window sums (u32 per channel value), sliding window.
  if (n > (<usize>0x7FFFFFFF >> 2)) fail(); // scratch buffer would not fit
  const tmp = heap.alloc(n << 2);
  for (let y = 0; y < H; y++) {
    const row = img.pixels + <usize>y * <usize>W * 3;
    const trow = tmp + (<usize>y * <usize>W * 3 << 2);
    for (let ch = 0; ch < 3; ch++) {
      let s: u32 = 0;
      for (let k = -r; k <= r; k++) {
        s += <u32>load<u8>(row + <usize>clampIndex(k, W) * 3 + <usize>ch);
      }
      for (let x = 0; x < W; x++) {
        store<u32>(trow + ((<usize>x * 3 + <usize>ch) << 2), s);
        const add = <u32>load<u8>(row + <usize>clampIndex(x + r + 1, W) * 3 + <usize>ch);
        const sub = <u32>load<u8>(row + <usize>clampIndex(x - r, W) * 3 + <usize>ch);
        s = s + add - sub;
      }
    }
  }
  // Pass 2: vertical window sums of the horizontal sums, then divide with rounding.
  const d: u32 = <u32>(2 * r + 1) * <u32>(2 * r + 1);
  const half = d >> 1;
  const stride = <usize>W * 3;
  for (let i: usize = 0; i < stride; i++) { // one column of one channel at a time
    let s: u32 = 0;
    for (let k = -r; k <= r; k++) {
      s += load<u32>(tmp + ((<usize>clampIndex(k, H) * stride + i) << 2));
    }
    for (let y = 0; y < H; y++) {
      store<u8>(out + <usize>y * stride + i, <u8>((s + half) / d));
      const add = load<u32>(tmp + ((<usize>clampIndex(y + r + 1, H) * stride + i) << 2));
      const sub = load<u32>(tmp + ((<usize>clampIndex(y - r, H) * stride + i) << 2));
      s = s + add - sub;
    }
  }
  return packedResult();
}
