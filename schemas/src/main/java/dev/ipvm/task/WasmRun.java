package dev.ipvm.task;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The {@code /wasm/run} command: the typed form of an invocation's {@code args} and of the
 * limits it asks for in {@code meta} (schemas/ipld/wasm-run.ipldsch).
 *
 * @param module where the module's bytes come from
 * @param fun the exported function to call
 * @param params the function's arguments, in order
 */
public record WasmRun(ModuleRef module, String fun, List<Ipld> params) {

  public static final String COMMAND = "/wasm/run";
  public static final String DATA_URI_PREFIX = "data:application/wasm;base64,";

  public WasmRun {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(fun, "fun");
    params = List.copyOf(params);
  }

  /** Where a module's bytes come from. */
  public sealed interface ModuleRef {
    /** The module is the raw block with this CID (published on the blocks topic). */
    record Linked(Cid cid) implements ModuleRef {}

    /** The module travels inside the invocation as a data URI. */
    record Inline(byte[] bytes) implements ModuleRef {
      public Inline {
        bytes = bytes.clone();
      }

      @Override
      public byte[] bytes() {
        return bytes.clone();
      }

      /** The raw-codec CID of the bytes: the cache key, as if they had been published. */
      public Cid cid() {
        return Cid.of(Multicodec.RAW, bytes);
      }
    }
  }

  /** The args map: {@code {mod, fun, params}}. */
  public Ipld.Map toArgs() {
    Ipld mod = module instanceof ModuleRef.Linked l
        ? Ipld.link(l.cid())
        : Ipld.text(DATA_URI_PREFIX + Base64.getEncoder().encodeToString(((ModuleRef.Inline) module).bytes()));
    return Ipld.Map.builder()
        .put("mod", mod)
        .put("fun", fun)
        .put("params", new Ipld.List(params))
        .build();
  }

  /**
   * Reads {@code /wasm/run} args.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static WasmRun fromArgs(Ipld.Map args) {
    for (String key : args.entries().keySet()) {
      if (!key.equals("mod") && !key.equals("fun") && !key.equals("params")) {
        throw new IllegalArgumentException("args has an unknown field '" + key + "' (expected mod, fun, params)");
      }
    }
    Ipld mod = args.get("mod");
    ModuleRef ref;
    if (mod instanceof Ipld.Link l) {
      ref = new ModuleRef.Linked(l.cid());
    } else if (mod instanceof Ipld.Text t) {
      ref = new ModuleRef.Inline(parseDataUri(t.value()));
    } else if (mod == null) {
      throw new IllegalArgumentException("args.mod is required: a link to the module or a data: URI");
    } else {
      throw new IllegalArgumentException("args.mod must be a link or a data: URI string, got a " + kind(mod));
    }
    if (!(args.get("fun") instanceof Ipld.Text fun)) {
      throw new IllegalArgumentException(args.get("fun") == null ? "args.fun is required"
          : "args.fun must be a string, got a " + kind(args.get("fun")));
    }
    Ipld params = args.get("params");
    List<Ipld> list;
    if (params == null) {
      list = List.of();
    } else if (params instanceof Ipld.List l) {
      list = l.items();
    } else {
      throw new IllegalArgumentException("args.params must be a list, got a " + kind(params));
    }
    return new WasmRun(ref, fun.value(), list);
  }

  private static byte[] parseDataUri(String uri) {
    if (!uri.startsWith(DATA_URI_PREFIX)) {
      String shown = uri.length() > 40 ? uri.substring(0, 40) + "..." : uri;
      throw new IllegalArgumentException("args.mod string must start with '" + DATA_URI_PREFIX + "', got '" + shown + "'");
    }
    try {
      return Base64.getDecoder().decode(uri.substring(DATA_URI_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("args.mod data URI is not valid base64: " + e.getMessage());
    }
  }

  private static String kind(Ipld v) {
    return v.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Limits a task asks for in its invocation's {@code meta}; null where not given.
   *
   * @param fuel Wasm instructions
   * @param memory bytes of linear memory
   * @param timeMillis wall-clock milliseconds
   */
  public record RequestedLimits(Long fuel, Long memory, Long timeMillis) {
    public static final RequestedLimits NONE = new RequestedLimits(null, null, null);

    /** Reads {@code fuel}, {@code memory}, {@code time} from meta (null meta → none). */
    public static RequestedLimits fromMeta(Ipld.Map meta) {
      if (meta == null) {
        return NONE;
      }
      return new RequestedLimits(limit(meta, "fuel"), limit(meta, "memory"), limit(meta, "time"));
    }

    /** Writes the given limits into a meta map (for clients building invocations). */
    public Ipld.Map toMeta() {
      Ipld.Map.Builder b = Ipld.Map.builder();
      if (fuel != null) {
        b.put("fuel", fuel);
      }
      if (memory != null) {
        b.put("memory", memory);
      }
      if (timeMillis != null) {
        b.put("time", timeMillis);
      }
      return b.build();
    }

    private static Long limit(Ipld.Map meta, String key) {
      Ipld v = meta.get(key);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Ipld.Int i) || i.signum() < 0) {
        throw new IllegalArgumentException("meta." + key + " must be a non-negative integer, got " + v);
      }
      // Beyond a long is beyond every maximum: saturate, the cluster maximum then applies.
      return i.fitsLong() ? i.longValue() : Long.MAX_VALUE;
    }
  }
}
