package dev.ipvm.wasm.component;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@code component-type} custom section the way wit-component lays one out (a component
 * whose type section holds a package type exporting the world), from types and functions the
 * test declares; value types are given as their encoded bytes ({@link #BOOL} ..., {@link #ref}).
 */
final class WitEncoder {
  static final byte[] BOOL = {0x7F}, S8 = {0x7E}, U8 = {0x7D}, S16 = {0x7C}, U16 = {0x7B}, S32 = {0x7A},
      U32 = {0x79}, S64 = {0x78}, U64 = {0x77}, F32 = {0x76}, F64 = {0x75}, CHAR = {0x74}, STRING = {0x73};

  private final List<byte[]> decls = new ArrayList<>();
  private int types;

  /** Declares a value type (a {@code defvaltype}'s bytes); returns its reference. */
  byte[] type(byte[] defvaltype) {
    decls.add(cat(new byte[] {0x01}, defvaltype));
    return ref(types++);
  }

  /** Declares an exported function. {@code params} alternate names (String) and value types (byte[]). */
  WitEncoder func(String name, byte[] result, Object... params) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x40);
    leb(f, params.length / 2);
    for (int i = 0; i < params.length; i += 2) {
      name(f, (String) params[i]);
      f.writeBytes((byte[]) params[i + 1]);
    }
    if (result == null) {
      f.write(0x01);
      f.write(0x00);
    } else {
      f.write(0x00);
      f.writeBytes(result);
    }
    decls.add(cat(new byte[] {0x01}, f.toByteArray()));
    int index = types++;
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    e.write(0x04);
    e.write(0x00);
    name(e, name);
    e.write(0x01);
    leb(e, index);
    decls.add(e.toByteArray());
    return this;
  }

  /** Appends a raw declaration (for malformed sections). */
  WitEncoder raw(byte[] decl) {
    decls.add(decl);
    return this;
  }

  /** A raw declaration that adds {@code types} entries to the type index space. */
  WitEncoder rawTypes(int types, byte[] decl) {
    this.types += types;
    return raw(decl);
  }

  WitEncoder raw(int... decl) {
    byte[] b = new byte[decl.length];
    for (int i = 0; i < decl.length; i++) {
      b[i] = (byte) decl[i];
    }
    return raw(b);
  }

  /** The section's payload: a component binary. */
  byte[] payload() {
    ByteArrayOutputStream world = new ByteArrayOutputStream();
    world.write(0x41);
    leb(world, decls.size());
    decls.forEach(world::writeBytes);
    ByteArrayOutputStream pkg = new ByteArrayOutputStream();
    pkg.write(0x41);
    leb(pkg, 2);
    pkg.write(0x01);
    pkg.writeBytes(world.toByteArray());
    pkg.write(0x04);
    pkg.write(0x01);
    name(pkg, "ipvm:test/test");
    pkg.write(0x04);
    pkg.write(0x00);
    ByteArrayOutputStream types = new ByteArrayOutputStream();
    leb(types, 1);
    types.writeBytes(pkg.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00});
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    name(enc, "wit-component-encoding");
    enc.writeBytes(new byte[] {0x04, 0x00});
    section(out, 0, enc.toByteArray());
    section(out, 7, types.toByteArray());
    return out.toByteArray();
  }

  /** A module with this world's section appended. */
  byte[] appendTo(byte[] module) {
    return appendSection(module, "component-type:ipvm:test", payload());
  }

  static byte[] appendSection(byte[] module, String sectionName, byte[] payload) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    name(s, sectionName);
    s.writeBytes(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(module);
    section(out, 0, s.toByteArray());
    return out.toByteArray();
  }

  static byte[] ref(int index) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    long v = index;
    while (true) { // signed LEB128 (s33)
      int low = (int) (v & 0x7F);
      v >>= 7;
      boolean done = (v == 0 && (low & 0x40) == 0) || (v == -1 && (low & 0x40) != 0);
      b.write(done ? low : low | 0x80);
      if (done) {
        return b.toByteArray();
      }
    }
  }

  static byte[] list(byte[] element) {
    return cat(new byte[] {0x70}, element);
  }

  static byte[] option(byte[] t) {
    return cat(new byte[] {0x6B}, t);
  }

  static byte[] result(byte[] ok, byte[] error) {
    return cat(new byte[] {0x6A}, opt(ok), opt(error));
  }

  static byte[] tuple(byte[]... items) {
    return cat(new byte[] {0x6F}, count(items.length), cat(items));
  }

  /** Alternating names and types. */
  static byte[] record(Object... fields) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x72);
    leb(b, fields.length / 2);
    for (int i = 0; i < fields.length; i += 2) {
      name(b, (String) fields[i]);
      b.writeBytes((byte[]) fields[i + 1]);
    }
    return b.toByteArray();
  }

  /** Alternating case names and payload types (null for none). */
  static byte[] variant(Object... cases) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x71);
    leb(b, cases.length / 2);
    for (int i = 0; i < cases.length; i += 2) {
      name(b, (String) cases[i]);
      b.writeBytes(opt((byte[]) cases[i + 1]));
      b.write(0x00);
    }
    return b.toByteArray();
  }

  static byte[] enumeration(String... names) {
    return labels(0x6D, names);
  }

  static byte[] flags(String... names) {
    return labels(0x6E, names);
  }

  private static byte[] labels(int code, String... names) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(code);
    leb(b, names.length);
    for (String n : names) {
      name(b, n);
    }
    return b.toByteArray();
  }

  private static byte[] opt(byte[] t) {
    return t == null ? new byte[] {0x00} : cat(new byte[] {0x01}, t);
  }

  static byte[] count(int n) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    leb(b, n);
    return b.toByteArray();
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  static void section(ByteArrayOutputStream out, int id, byte[] payload) {
    out.write(id);
    leb(out, payload.length);
    out.writeBytes(payload);
  }

  static void name(ByteArrayOutputStream out, String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    leb(out, b.length);
    out.writeBytes(b);
  }

  static void leb(ByteArrayOutputStream out, long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v == 0 ? b : b | 0x80);
    } while (v != 0);
  }
}
