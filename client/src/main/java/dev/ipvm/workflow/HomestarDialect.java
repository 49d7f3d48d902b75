package dev.ipvm.workflow;

import static dev.ipvm.workflow.Wording.kind;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Await;
import dev.ipvm.task.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tasks written in Homestar's shape ({@code HomestarTask} in workflow.ipldsch), read as
 * {@code /wasm/run} tasks: {@code {"run": {rsc, op, input: {func, args}, nnc}, "meta": {fuel,
 * memory, time}, "prf": [], "cause": null}}. A task is one when its {@code run} has {@code rsc},
 * {@code op} or {@code input}. Its awaits link Instruction CIDs, computed as Homestar computes them
 * ({@link #instruction}); the {@link TaskGraph} finds the awaited tasks of the document once every
 * task is read, the others are another workflow's. Meta integers above 2^64-1 were clamped before
 * decoding ({@link HomestarJson}).
 */
final class HomestarDialect {
  /** The only Homestar operation: {@code run.op}. */
  static final String OP = "wasm/run";

  private static final Set<String> TASK_KEYS = Set.of("run", "meta", "prf", "cause");
  private static final Set<String> RUN_KEYS = Set.of("rsc", "op", "input", "nnc");
  private static final Set<String> INPUT_KEYS = Set.of("func", "args");
  private static final Set<String> META_KEYS = Set.of("fuel", "memory", "time");

  private final String source;

  HomestarDialect(String source) {
    this.source = source;
  }

  /** Whether a task's {@code run} is in Homestar's shape. */
  static boolean isHomestar(Ipld.Map run) {
    return run.containsKey("rsc") || run.containsKey("op") || run.containsKey("input");
  }

  /** The task at {@code index}, {@code m} with its {@code run}. */
  Task task(int index, Ipld.Map m, Ipld.Map run) {
    String at = "task #" + (index + 1);
    for (String key : m.entries().keySet()) {
      if (!TASK_KEYS.contains(key)) {
        throw fail(at, "unknown field \"" + key + "\" (a Homestar task has run, meta, prf, cause)");
      }
    }
    for (String key : run.entries().keySet()) {
      if (!RUN_KEYS.contains(key)) {
        throw fail(at, "unknown field \"run." + key + "\" (a Homestar instruction has rsc, op, input, nnc)");
      }
    }
    Ipld op = run.get("op");
    if (!(op instanceof Ipld.Text opText) || !opText.value().equals(OP)) {
      throw fail(at, op == null ? "\"run.op\" is missing: \"" + OP + "\""
          : "run.op " + op + " is not supported: the only operation is \"" + OP + "\"");
    }
    ModuleSource module = module(at, run.get("rsc"));
    if (!(run.get("input") instanceof Ipld.Map input)) {
      throw fail(at, run.get("input") == null ? "\"run.input\" is missing: {\"func\", \"args\"}"
          : "\"run.input\" must be a map {\"func\", \"args\"}, got a " + kind(run.get("input")));
    }
    for (String key : input.entries().keySet()) {
      if (!INPUT_KEYS.contains(key)) {
        throw fail(at, "unknown field \"run.input." + key + "\" (run.input has func, args)");
      }
    }
    if (!(input.get("func") instanceof Ipld.Text func)) {
      throw fail(at, input.get("func") == null ? "\"run.input.func\" is missing: the exported function to call"
          : "\"run.input.func\" must be a string, got a " + kind(input.get("func")));
    }
    List<AwaitRef> awaits = new ArrayList<>();
    Ipld.List params;
    if (input.get("args") == null) {
      params = new Ipld.List(List.of());
    } else if (input.get("args") instanceof Ipld.List args) {
      awaits(at, args, "run.input.args", awaits);
      params = args;
    } else {
      throw fail(at, "\"run.input.args\" must be a list, got a " + kind(input.get("args")));
    }
    byte[] nonce = nonce(at, run.get("nnc"));
    Ipld.Map meta = meta(at, m.get("meta"));
    Ipld prf = m.get("prf");
    if (prf != null && !(prf instanceof Ipld.List l && l.size() == 0)) {
      throw fail(at, "\"prf\" must be []: proofs are given to the whole run with --proof FILE");
    }
    Ipld cause = m.get("cause");
    if (cause != null && !(cause instanceof Ipld.Null)) {
      throw fail(at, "\"cause\" must be null: a cause is not supported");
    }
    Cid instruction = instruction(run);
    // in the invocation's meta (no part of the Task ID): a later workflow awaiting this instruction
    // finds the Task ID that ran it on the invocations topic
    Ipld.Map.Builder withInstruction = Ipld.Map.builder();
    if (meta != null) {
      meta.forEach(withInstruction::put);
    }
    meta = withInstruction.put(KnownInstructions.META_KEY, Ipld.link(instruction)).build();
    return new Task(index, null, Command.WASM_RUN, module, func.value(), params, null, meta, nonce, false,
        List.copyOf(awaits), instruction);
  }

  /**
   * The Instruction CID of a {@code run} map as Homestar computes it: CIDv1, dag-cbor, sha3-256 of
   * the instruction as Homestar reads it back, which is the map as written except that an absent or
   * null {@code nnc} reads as {@code ""} and an {@code rsc} written as a link reads as the string
   * {@code "ipfs://<CID in base32>"}.
   */
  static Cid instruction(Ipld.Map run) {
    Ipld.Map.Builder b = Ipld.Map.builder();
    run.forEach((key, value) -> {
      if (key.equals("nnc") && value instanceof Ipld.Null) {
        b.put(key, "");
      } else if (key.equals("rsc") && value instanceof Ipld.Link l) {
        b.put(key, "ipfs://" + l.cid());
      } else {
        b.put(key, value);
      }
    });
    if (run.get("nnc") == null) {
      b.put("nnc", "");
    }
    return DagCbor.cid(b.build(), HashAlgorithm.SHA3_256);
  }

  /**
   * {@code rsc}: "ipfs://<CID>", a bare CID, or a link, of a raw block or of a UnixFS file (dag-pb
   * root).
   */
  private ModuleSource module(String at, Ipld rsc) {
    if (rsc instanceof Ipld.Link l) {
      return linked(at, l.cid());
    }
    if (!(rsc instanceof Ipld.Text text)) {
      throw fail(at, rsc == null ? "\"run.rsc\" is missing: \"ipfs://<CID of the module>\""
          : "\"run.rsc\" must be a string \"ipfs://<CID>\" or a link, got a " + kind(rsc));
    }
    String s = text.value();
    String cidText = s.startsWith("ipfs://") ? s.substring("ipfs://".length()) : s;
    Cid cid;
    try {
      cid = Cid.parse(cidText);
    } catch (IllegalArgumentException e) {
      throw fail(at, "run.rsc \"" + s + "\" is not \"ipfs://<CID>\" or a CID: " + e.getMessage());
    }
    return linked(at, cid);
  }

  private ModuleSource linked(String at, Cid cid) {
    if (cid.codec() != Multicodec.RAW && cid.codec() != Multicodec.DAG_PB) {
      throw fail(at, "run.rsc " + cid + " is not a raw block or a UnixFS file (codec 0x"
          + Long.toHexString(cid.codec()) + "): publish modules with 'ipvm put'");
    }
    return new ModuleSource.Linked(cid);
  }

  /** Checks the awaits in Homestar args: each links an Instruction CID (dag-cbor). */
  private void awaits(String at, Ipld value, String path, List<AwaitRef> awaits) {
    Await.Kind kind = AwaitRef.kindOf(value);
    if (kind != null) {
      Ipld target = ((Ipld.Map) value).value(0);
      if (!(target instanceof Ipld.Link l) || l.cid().codec() != Multicodec.DAG_CBOR) {
        throw fail(at, path + ": " + kind.key() + " must link an Instruction CID ({\"/\": \"bafyrmi...\"}), got "
            + target);
      }
      awaits.add(new AwaitRef(kind, null, null, l.cid()));
      return;
    }
    if (value instanceof Ipld.Map m) {
      for (int i = 0; i < m.size(); i++) {
        awaits(at, m.value(i), path + "." + m.key(i), awaits);
      }
    } else if (value instanceof Ipld.List l) {
      for (int i = 0; i < l.size(); i++) {
        awaits(at, l.get(i), path + "[" + i + "]", awaits);
      }
    }
  }

  /**
   * {@code nnc}: absent, null or "" is the empty nonce (pure); bytes are taken as they are; any
   * other string as its UTF-8 bytes. Homestar itself reads a non-empty string as base32hex of a 12-
   * or 16-byte nonce; here the nonce only has to keep Task IDs apart, so every string is accepted.
   */
  private byte[] nonce(String at, Ipld nnc) {
    if (nnc == null || nnc instanceof Ipld.Null) {
      return new byte[0];
    }
    if (nnc instanceof Ipld.Bytes b) {
      return b.toByteArray();
    }
    if (nnc instanceof Ipld.Text text) {
      return text.value().getBytes(StandardCharsets.UTF_8);
    }
    throw fail(at, "\"run.nnc\" must be a string or bytes, got a " + kind(nnc));
  }

  /** {@code meta}: fuel, memory, time, each a non-negative integer or null (dropped). */
  private Ipld.Map meta(String at, Ipld meta) {
    if (meta == null || meta instanceof Ipld.Null) {
      return null;
    }
    if (!(meta instanceof Ipld.Map mm)) {
      throw fail(at, "\"meta\" must be a map {fuel, memory, time}, got a " + kind(meta));
    }
    Ipld.Map.Builder b = Ipld.Map.builder();
    for (int i = 0; i < mm.size(); i++) {
      String key = mm.key(i);
      Ipld v = mm.value(i);
      if (!META_KEYS.contains(key)) {
        throw fail(at, "unknown field \"meta." + key + "\" (a Homestar task's meta has fuel, memory, time)");
      }
      if (v instanceof Ipld.Null) {
        continue;
      }
      if (!(v instanceof Ipld.Int n) || n.signum() < 0) {
        throw fail(at, "meta." + key + " must be a non-negative integer or null, got " + v);
      }
      b.put(key, v);
    }
    Ipld.Map out = b.build();
    return out.size() == 0 ? null : out;
  }

  private WorkflowException fail(String at, String message) {
    return WorkflowException.at(source, at, message);
  }
}
