// Writes images/sample.ppm: a deterministic 256x192 binary PPM (P6, maxval 255)
// test pattern for the workflow demo: colour gradients, a colour-bar strip,
// a checkerboard, a disc, a ring, a triangle and a framed rectangle.
// Integer arithmetic only, so the bytes are the same on every machine.
//
//   node functions/samples/images/make-sample.mjs [output.ppm]
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const W = 256;
const H = 192;
const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "sample.ppm");

const header = Buffer.from(`P6\n${W} ${H}\n255\n`, "ascii");
const px = Buffer.alloc(W * H * 3);
const set = (x, y, r, g, b) => {
  const i = (y * W + x) * 3;
  px[i] = r; px[i + 1] = g; px[i + 2] = b;
};

// Colour bars: white, yellow, cyan, green, magenta, red, blue, black.
const bars = [
  [255, 255, 255], [255, 255, 0], [0, 255, 255], [0, 255, 0],
  [255, 0, 255], [255, 0, 0], [0, 0, 255], [0, 0, 0],
];

for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    // Background: red rises left to right, green top to bottom, blue along the anti-diagonal.
    let r = x;
    let g = Math.floor((y * 255) / (H - 1));
    let b = 255 - Math.floor(((x + y) * 255) / (W + H - 2));

    // Top strip: eight colour bars.
    if (y < 24) [r, g, b] = bars[x >> 5];
    // Bottom strip: grey ramp in 16 steps.
    if (y >= H - 16) r = g = b = (x >> 4) * 17;

    // Checkerboard (8 px squares) on the left.
    if (x >= 16 && x < 80 && y >= 40 && y < 104) {
      const on = ((x >> 3) + (y >> 3)) & 1;
      r = g = b = on ? 240 : 16;
    }

    // Orange disc, radius 28, centre (128, 72).
    const dx = x - 128, dy = y - 72, d2 = dx * dx + dy * dy;
    if (d2 <= 28 * 28) [r, g, b] = [255, 140, 0];
    // Teal ring around it, radii 34..38.
    if (d2 >= 34 * 34 && d2 <= 38 * 38) [r, g, b] = [0, 160, 160];

    // Purple triangle: apex (208, 40), base y = 112 from x = 172 to 244.
    if (y >= 40 && y <= 112) {
      const half = Math.floor(((y - 40) * 36) / 72);
      if (x >= 208 - half && x <= 208 + half) [r, g, b] = [128, 0, 200];
    }

    // Framed rectangle: white 3 px frame, dark blue fill, with a small red square inside.
    if (x >= 40 && x < 216 && y >= 124 && y < 170) {
      const frame = x < 43 || x >= 213 || y < 127 || y >= 167;
      if (frame) [r, g, b] = [255, 255, 255];
      else [r, g, b] = [20, 30, 90];
      if (x >= 120 && x < 136 && y >= 139 && y < 155) [r, g, b] = [230, 20, 40];
    }

    set(x, y, r, g, b);
  }
}

writeFileSync(out, Buffer.concat([header, px]));
console.log(`wrote ${out} (${header.length + px.length} bytes)`);
