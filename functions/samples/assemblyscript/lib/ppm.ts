// Binary PPM (Netpbm "P6", maxval 255, 8-bit RGB) reading and writing.
//
// Accepted input: "P6", then width, height and maxval as ASCII decimal
// numbers, each preceded by at least one whitespace character (space, \t,
// \n, \v, \f, \r) or '#' comment (to the end of the line), then exactly one
// whitespace character, then exactly width*height*3 raster bytes (row-major,
// top row first, R G B per pixel). Width and height must be 1..65535 and
// maxval must be 255. Anything else traps, including trailing bytes after
// the raster (a single image only).
//
// Output is always written with the canonical header "P6\n<w> <h>\n255\n".
import { fail, beginResult, KIND_BYTES } from "./cbor";

export const MAX_DIM: u32 = 65535;

export class Image {
  width: u32 = 0;
  height: u32 = 0;
  /** Pointer to the first raster byte (inside the input buffer). */
  pixels: usize = 0;
}

// @ts-ignore: decorator
@inline function isSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0D);
}

class Cursor {
  pos: usize;
  end: usize;
  constructor(ptr: usize, len: u32) {
    this.pos = ptr;
    this.end = ptr + <usize>len;
  }

  /** Skips whitespace and comments; traps if there was none. */
  separator(): void {
    const start = this.pos;
    while (this.pos < this.end) {
      const c = <u32>load<u8>(this.pos);
      if (isSpace(c)) {
        this.pos++;
      } else if (c == 0x23) { // '#': comment to end of line
        while (this.pos < this.end) {
          const d = <u32>load<u8>(this.pos);
          if (d == 0x0A || d == 0x0D) break;
          this.pos++;
        }
      } else {
        break;
      }
    }
    if (this.pos == start) fail();
  }

  /** An unsigned decimal number of at least one digit, at most `max`. */
  number(max: u32): u32 {
    let v: u64 = 0;
    let digits = 0;
    while (this.pos < this.end) {
      const c = <u32>load<u8>(this.pos);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + <u64>(c - 0x30);
      if (v > <u64>max) fail();
      digits++;
      this.pos++;
    }
    if (digits == 0) fail();
    return <u32>v;
  }
}

/** Parses a P6 image held in [ptr, ptr+len); traps if malformed. */
export function parsePpm(ptr: usize, len: u32): Image {
  const c = new Cursor(ptr, len);
  if (len < 2 || load<u8>(ptr) != 0x50 || load<u8>(ptr, 1) != 0x36) fail(); // "P6"
  c.pos += 2;
  c.separator();
  const w = c.number(MAX_DIM);
  c.separator();
  const h = c.number(MAX_DIM);
  c.separator();
  const maxval = c.number(65535);
  if (maxval != 255 || w == 0 || h == 0) fail();
  // exactly one whitespace byte before the raster
  if (c.pos >= c.end || !isSpace(<u32>load<u8>(c.pos))) fail();
  c.pos++;
  const size = <u64>w * <u64>h * 3;
  if (<u64>(c.end - c.pos) != size) fail(); // truncated raster or trailing bytes
  const img = new Image();
  img.width = w;
  img.height = h;
  img.pixels = c.pos;
  return img;
}

function decimalLength(v: u32): u32 {
  let n: u32 = 1;
  while (v >= 10) { v /= 10; n++; }
  return n;
}

function writeDecimal(p: usize, v: u32, n: u32): void {
  for (let i = <i32>n - 1; i >= 0; i--) {
    store<u8>(p + <usize>i, <u8>(0x30 + v % 10));
    v /= 10;
  }
}

/**
 * Starts the bytes-ABI result: a DAG-CBOR byte string holding a P6 file of
 * w x h pixels with the canonical header. Returns the pointer to its raster
 * (w*h*3 bytes) for the caller to fill in.
 */
export function beginPpmResult(w: u32, h: u32): usize {
  if (w == 0 || h == 0 || w > MAX_DIM || h > MAX_DIM) fail();
  const wl = decimalLength(w);
  const hl = decimalLength(h);
  const headerLen = 3 + wl + 1 + hl + 1 + 4; // "P6\n" w " " h "\n" "255\n"
  const total = <u64>headerLen + <u64>w * <u64>h * 3;
  if (total > 0x7FFFFFFF) fail();
  let p = beginResult(KIND_BYTES, <u32>total);
  store<u8>(p, 0x50); store<u8>(p, 0x36, 1); store<u8>(p, 0x0A, 2);
  p += 3;
  writeDecimal(p, w, wl);
  p += <usize>wl;
  store<u8>(p, 0x20);
  p += 1;
  writeDecimal(p, h, hl);
  p += <usize>hl;
  store<u8>(p, 0x0A);
  store<u8>(p, 0x32, 1); store<u8>(p, 0x35, 2); store<u8>(p, 0x35, 3); store<u8>(p, 0x0A, 4);
  return p + 5;
}
