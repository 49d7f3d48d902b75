package dev.ipvm.job.exec;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.blocks.BlockFiles;
import dev.ipvm.job.blocks.BlockStore;
import dev.ipvm.job.event.JobError;
import dev.ipvm.wasm.WasmRuntime;
import dev.ipvm.wasm.component.WitFunction;
import dev.ipvm.wasm.component.WitType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inputs by CID, as Homestar passes its image pipeline's input: where an export's WIT signature
 * wants {@code list<u8>} or {@code string} for a param and the task gives a link to a raw block or
 * a UnixFS file (dag-pb), the function gets that file's bytes (a string must be UTF-8). Only
 * top-level params, and only for exports the canonical ABI calls; the numeric and DAG-CBOR bytes
 * ABIs, and links of other codecs, keep links as they are. Memoizing stays valid: a CID names its
 * bytes.
 */
final class LinkedInputs {
  private LinkedInputs() {}

  /** An input that could not be passed, with the job's error for it. */
  static final class InputException extends Exception {
    private final JobError error;

    InputException(JobError error, String message) {
      super(message);
      this.error = error;
    }

    JobError error() {
      return error;
    }
  }

  /**
   * {@code params} with each link that stands for a {@code list<u8>} or {@code string} param of
   * export {@code fun} replaced by its file's bytes, read by {@code deadlineNanos}.
   */
  static List<Ipld> resolve(WasmRuntime runtime, Cid module, byte[] wasm, String fun, List<Ipld> params,
      BlockStore blocks, long deadlineNanos, int maxBytes) throws InputException {
    if (params.stream().noneMatch(p -> p instanceof Ipld.Link)) {
      return params;
    }
    WitFunction wit;
    try {
      wit = runtime.load(module, wasm).world().find(fun);
    } catch (RuntimeException e) { // the runtime's RunException: the module does not load, the run reports why
      return params;
    }
    if (wit == null) {
      return params; // not the canonical ABI
    }
    List<Ipld> out = new ArrayList<>(params);
    for (int i = 0; i < Math.min(params.size(), wit.params().size()); i++) {
      WitType type = wit.params().get(i).type();
      if (params.get(i) instanceof Ipld.Link link && BlockFiles.readable(link.cid()) && (isBytes(type) || isString(type))) {
        byte[] bytes = read(blocks, link.cid(), wit.params().get(i).name(), deadlineNanos, maxBytes);
        out.set(i, isBytes(type) ? Ipld.Bytes.wrap(bytes) : Ipld.text(utf8(bytes, link.cid(), wit.params().get(i).name())));
      }
    }
    return out;
  }

  private static boolean isBytes(WitType t) {
    return t instanceof WitType.ListOf l && l.isBytes();
  }

  private static boolean isString(WitType t) {
    return t instanceof WitType.Prim p && p.kind() == WitType.Primitive.STRING;
  }

  private static byte[] read(BlockStore blocks, Cid cid, String param, long deadlineNanos, int maxBytes)
      throws InputException {
    try {
      return BlockFiles.read(blocks, cid, deadlineNanos, maxBytes);
    } catch (BlockFiles.FileException e) {
      String about = "input '" + param + "' (" + cid + "): ";
      throw switch (e.failure()) {
        case MISSING -> new InputException(JobError.INPUT_NOT_FOUND, about + e.getMessage()
            + " (module.wait, shared with the module; publish it with: ipvm put FILE)");
        case TOO_LARGE -> new InputException(JobError.INPUT_TOO_LARGE, about + e.getMessage()
            + " (input.max.bytes)");
        case NOT_A_FILE -> new InputException(JobError.INPUT_NOT_A_FILE, about + e.getMessage());
      };
    }
  }

  private static String utf8(byte[] bytes, Cid cid, String param) throws InputException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InputException(JobError.INPUT_NOT_UTF8, "input '" + param + "' (" + cid
          + ") is passed as a string, but its bytes are not UTF-8: " + e.getMessage());
    }
  }
}
