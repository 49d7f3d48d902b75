package dev.ipvm.wasm.component;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.component.WitType.Primitive;
import java.util.List;

/**
 * Lowers IPLD params into a module through the canonical ABI: as flat core values, or stored in
 * its memory at a given address (strings and lists always go to memory from cabi_realloc).
 * Flat values are longs with i32 and f32 in the low 32 bits, so a variant's joined positions
 * need no conversion.
 */
final class Lower {
  private final GuestMemory memory;

  Lower(GuestMemory memory) {
    this.memory = memory;
  }

  /** Appends the flat values of {@code v} as type {@code t}. */
  void flat(WitType t, Ipld v, List<Long> out, String path) {
    if (t instanceof WitType.Prim p) {
      if (p.kind() == Primitive.STRING) {
        long[] pl = string(v, path);
        out.add(pl[0]);
        out.add(pl[1]);
      } else {
        long bits = IpldToWit.scalar(p.kind(), v, path);
        out.add(p.layout().flat().get(0) == FlatType.I32 ? bits & 0xFFFFFFFFL : bits);
      }
    } else if (t instanceof WitType.ListOf l) {
      long[] pl = list(l, v, path);
      out.add(pl[0]);
      out.add(pl[1]);
    } else if (t instanceof WitType.Record r) {
      List<Ipld> values = IpldToWit.recordValues(r, v, path);
      for (int i = 0; i < values.size(); i++) {
        flat(r.fields().get(i).type(), values.get(i), out, path + "." + r.fields().get(i).name());
      }
    } else if (t instanceof WitType.Tuple u) {
      List<Ipld> items = IpldToWit.tupleItems(u, v, path);
      for (int i = 0; i < items.size(); i++) {
        flat(u.types().get(i), items.get(i), out, path + "[" + i + "]");
      }
    } else if (t instanceof WitType.Variant var) {
      IpldToWit.Chosen c = IpldToWit.variantCase(var, v, path);
      out.add((long) c.index());
      int start = out.size();
      WitType payload = var.cases().get(c.index()).type();
      if (payload != null) {
        flat(payload, c.payload(), out, path + "." + var.cases().get(c.index()).name());
      }
      // the other cases' positions are zero
      for (int i = out.size() - start; i < var.layout().flat().size() - 1; i++) {
        out.add(0L);
      }
    } else if (t instanceof WitType.Flags f) {
      for (long w : IpldToWit.flagWords(f, v, path)) {
        out.add(w & 0xFFFFFFFFL);
      }
    } else {
      throw new AbiException(AbiError.BAD_PARAMS, path + " has type " + t + ", which the runtime cannot pass");
    }
  }

  /** Stores {@code v} as type {@code t} at {@code ptr} (already checked to hold the type's size). */
  void store(WitType t, Ipld v, long ptr, String path) {
    if (t instanceof WitType.Prim p) {
      if (p.kind() == Primitive.STRING) {
        long[] pl = string(v, path);
        memory.store(ptr, 4, pl[0]);
        memory.store(ptr + 4, 4, pl[1]);
      } else {
        memory.store(ptr, (int) p.layout().size(), IpldToWit.scalar(p.kind(), v, path));
      }
    } else if (t instanceof WitType.ListOf l) {
      long[] pl = list(l, v, path);
      memory.store(ptr, 4, pl[0]);
      memory.store(ptr + 4, 4, pl[1]);
    } else if (t instanceof WitType.Record r) {
      List<Ipld> values = IpldToWit.recordValues(r, v, path);
      long offset = 0;
      for (int i = 0; i < values.size(); i++) {
        WitType ft = r.fields().get(i).type();
        offset = Layout.alignTo(offset, ft.layout().align());
        store(ft, values.get(i), ptr + offset, path + "." + r.fields().get(i).name());
        offset += ft.layout().size();
      }
    } else if (t instanceof WitType.Tuple u) {
      List<Ipld> items = IpldToWit.tupleItems(u, v, path);
      long offset = 0;
      for (int i = 0; i < items.size(); i++) {
        WitType ft = u.types().get(i);
        offset = Layout.alignTo(offset, ft.layout().align());
        store(ft, items.get(i), ptr + offset, path + "[" + i + "]");
        offset += ft.layout().size();
      }
    } else if (t instanceof WitType.Variant var) {
      IpldToWit.Chosen c = IpldToWit.variantCase(var, v, path);
      memory.store(ptr, Layout.discriminantSize(var.cases().size()), c.index());
      WitType payload = var.cases().get(c.index()).type();
      if (payload != null) {
        store(payload, c.payload(), ptr + Layout.payloadOffset(var.payloadLayouts()),
            path + "." + var.cases().get(c.index()).name());
      }
    } else if (t instanceof WitType.Flags f) {
      long[] words = IpldToWit.flagWords(f, v, path);
      if (f.layout().size() < 4) {
        memory.store(ptr, (int) f.layout().size(), words[0]);
      } else {
        for (int i = 0; i < words.length; i++) {
          memory.store(ptr + 4L * i, 4, words[i]);
        }
      }
    } else {
      throw new AbiException(AbiError.BAD_PARAMS, path + " has type " + t + ", which the runtime cannot pass");
    }
  }

  private long[] string(Ipld v, String path) {
    byte[] bytes = IpldToWit.string(v, path);
    long ptr = memory.allocate(1, bytes.length, path);
    memory.write(ptr, bytes);
    return new long[] {ptr, bytes.length};
  }

  private long[] list(WitType.ListOf t, Ipld v, String path) {
    if (t.isBytes() && v instanceof Ipld.Bytes b) {
      long ptr = memory.allocate(1, b.length(), path);
      memory.write(ptr, b.toByteArray());
      return new long[] {ptr, b.length()};
    }
    List<Ipld> items = IpldToWit.listItems(t, v, path);
    Layout e = t.element().layout();
    long ptr = memory.allocate(e.align(), items.size() * e.size(), path);
    for (int i = 0; i < items.size(); i++) {
      store(t.element(), items.get(i), ptr + i * e.size(), path + "[" + i + "]");
    }
    return new long[] {ptr, items.size()};
  }
}
