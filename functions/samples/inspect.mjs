// Lists the imports and exports of Wasm modules; exits 1 if any module has an import.
// Usage: node inspect.mjs file.wasm...
import { readFileSync } from "node:fs";
import { basename } from "node:path";

let bad = 0;
for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod);
  const exports = WebAssembly.Module.exports(mod);
  const custom = [];
  // list custom section names (id 0) to make sure no debug/name/sourcemap sections slipped in
  let p = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const start = p;
    if (id === 0) { const n = leb(); custom.push(bytes.subarray(p, p + n).toString("utf8")); }
    p = start + size;
  }
  console.log(`${basename(file)}: ${bytes.length} bytes; imports: ${imports.length ? imports.map(i => `${i.module}.${i.name} (${i.kind})`).join(", ") : "none"}; ` +
    `exports: ${exports.map(e => `${e.name} (${e.kind})`).join(", ")}` + (custom.length ? `; custom sections: ${custom.join(", ")}` : ""));
  if (imports.length) bad++;
}
process.exit(bad ? 1 : 0);
