package dev.ipvm.wasm.module;

/**
 * Decodes the instructions of one function body or constant expression, one at a time, knowing
 * the immediates of every allowed opcode (MVP, sign extension, non-trapping float-to-int, bulk
 * memory, reference types, multi-value block types) and tracking block nesting. Forbidden
 * opcodes fail with {@link ModuleException.Kind#FORBIDDEN_FEATURE}; unknown ones with
 * {@link ModuleException.Kind#INVALID_MODULE}.
 *
 * <p>Decoding stops with the {@code end} that closes the outermost frame ({@link #finished()}).
 */
final class InstructionDecoder {
  static final byte FRAME_BLOCK = 0;
  static final byte FRAME_LOOP = 1;
  static final byte FRAME_IF = 2;
  static final byte FRAME_ELSE = 3;
  static final byte FRAME_OUTER = 4;

  private final WasmReader in;
  private byte[] frames = new byte[16];
  private int frameCount;
  private boolean finished;

  private int opcode;
  private int start;
  private int depthBefore;
  private int label;
  private int[] labels = new int[8];
  private int labelCount;
  private byte closedFrame;

  /** Decodes from the reader's position; the outermost frame (function or expression) is open. */
  InstructionDecoder(WasmReader in) {
    this.in = in;
    frames[0] = FRAME_OUTER;
    frameCount = 1;
  }

  boolean finished() {
    return finished;
  }

  /** Opcode of the last instruction (0xFC-prefixed: {@code 0xFC00 | sub}). */
  int opcode() {
    return opcode;
  }

  /** Offset of the last instruction's first byte. */
  int start() {
    return start;
  }

  /** Offset one past the last instruction's last byte. */
  int end() {
    return in.position();
  }

  /**
   * Number of open blocks/loops/ifs (not counting the outermost frame) before the last
   * instruction. A branch whose label equals this targets the outermost frame.
   */
  int depthBefore() {
    return depthBefore;
  }

  /** Label of the last br/br_if. */
  int label() {
    return label;
  }

  /** Number of labels of the last br_table, including the default. */
  int labelCount() {
    return labelCount;
  }

  int label(int i) {
    return labels[i];
  }

  /** For an {@code end}: the kind of frame it closed. */
  byte closedFrame() {
    return closedFrame;
  }

  /** Decodes the next instruction and returns its opcode. */
  int next() {
    if (finished) {
      throw in.invalidAt(in.position(), "instructions after the final end");
    }
    start = in.position();
    depthBefore = frameCount - 1;
    int op = in.u8();
    opcode = op;
    switch (op) {
      case 0x00, 0x01, 0x0F, 0x1A, 0x1B, 0xD1 -> {} // unreachable nop return drop select ref.is_null
      case 0x02 -> push(FRAME_BLOCK);
      case 0x03 -> push(FRAME_LOOP);
      case 0x04 -> push(FRAME_IF);
      case 0x05 -> elseOp();
      case 0x0B -> endOp();
      case 0x0C, 0x0D -> {
        label = in.index();
        checkLabel(label);
      }
      case 0x0E -> brTable();
      case 0x10 -> in.index(); // call
      case 0x11 -> { // call_indirect typeidx tableidx
        in.index();
        in.index();
      }
      case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F ->
          throw in.forbiddenAt(start, ForbiddenFeature.EXCEPTION_HANDLING, opcodeName(op));
      case 0x12, 0x13 -> throw in.forbiddenAt(start, ForbiddenFeature.TAIL_CALLS, opcodeName(op));
      case 0x14, 0x15, 0xD3, 0xD4, 0xD5, 0xD6 ->
          throw in.forbiddenAt(start, ForbiddenFeature.GC, opcodeName(op));
      case 0x1C -> { // select t*
        int n = in.index();
        for (int i = 0; i < n; i++) {
          ValueTypes.valueType(in);
        }
      }
      case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2 -> in.index();
      case 0x3F, 0x40 -> in.index(); // memory.size/grow memidx
      case 0x41 -> in.s32();
      case 0x42 -> in.s64();
      case 0x43 -> in.skip(4);
      case 0x44 -> in.skip(8);
      case 0xD0 -> ValueTypes.referenceType(in); // ref.null
      case Opcodes.PREFIX_MISC -> misc();
      case Opcodes.PREFIX_SIMD ->
          throw in.forbiddenAt(start, ForbiddenFeature.SIMD, prefixedName(op));
      case Opcodes.PREFIX_ATOMIC ->
          throw in.forbiddenAt(start, ForbiddenFeature.THREADS, prefixedName(op));
      case Opcodes.PREFIX_GC -> throw in.forbiddenAt(start, ForbiddenFeature.GC, prefixedName(op));
      default -> {
        if (op >= 0x28 && op <= 0x3E) {
          memarg();
        } else if (op < 0x45 || op > 0xC4) {
          throw in.invalidAt(start, String.format("unknown opcode 0x%02X", op));
        }
        // 0x45..0xC4: numeric instructions (including sign extension) without immediates
      }
    }
    return opcode;
  }

  private void push(byte kind) {
    ValueTypes.blockType(in);
    if (frameCount == frames.length) {
      frames = java.util.Arrays.copyOf(frames, frames.length * 2);
    }
    frames[frameCount++] = kind;
  }

  private void elseOp() {
    if (frames[frameCount - 1] != FRAME_IF) {
      throw in.invalidAt(start, "else without a matching if");
    }
    frames[frameCount - 1] = FRAME_ELSE;
  }

  private void endOp() {
    closedFrame = frames[--frameCount];
    if (frameCount == 0) {
      finished = true;
    }
  }

  private void checkLabel(int l) {
    if (l > depthBefore) {
      throw in.invalidAt(
          start, "branch label " + l + " is deeper than the nesting depth " + depthBefore);
    }
  }

  private void brTable() {
    int n = in.index();
    if (n >= in.limit() - in.position()) {
      // each label takes at least one byte; n + 1 labels must fit
      throw in.invalidAt(start, "br_table with " + n + " labels exceeds the body");
    }
    labelCount = n + 1;
    if (labels.length < labelCount) {
      labels = new int[labelCount];
    }
    for (int i = 0; i < labelCount; i++) {
      int l = in.index();
      checkLabel(l);
      labels[i] = l;
    }
  }

  private void memarg() {
    long align = in.u32();
    if ((align & 0x40) != 0) {
      in.index(); // memory index (multi-memory encoding)
    }
    in.u32(); // offset
  }

  private void misc() {
    int sub = in.index();
    opcode = Opcodes.misc(sub);
    switch (sub) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> {} // trunc_sat
      case 9, 11, 13, 15, 16, 17 -> in.index(); // data.drop memory.fill elem.drop table.*
      case 8, 10, 12, 14 -> { // memory.init memory.copy table.init table.copy
        in.index();
        in.index();
      }
      default -> throw in.invalidAt(start, "unknown opcode 0xFC " + sub);
    }
  }

  private String prefixedName(int prefix) {
    String sub;
    try {
      sub = " " + in.u32();
    } catch (ModuleException e) {
      sub = "";
    }
    return String.format("opcode 0x%02X%s", prefix, sub);
  }

  private static String opcodeName(int op) {
    String name =
        switch (op) {
          case 0x06 -> "try";
          case 0x07 -> "catch";
          case 0x08 -> "throw";
          case 0x09 -> "rethrow";
          case 0x0A -> "throw_ref";
          case 0x18 -> "delegate";
          case 0x19 -> "catch_all";
          case 0x1F -> "try_table";
          case 0x12 -> "return_call";
          case 0x13 -> "return_call_indirect";
          case 0x14 -> "call_ref";
          case 0x15 -> "return_call_ref";
          case 0xD3 -> "ref.as_non_null";
          case 0xD4 -> "br_on_null";
          case 0xD5 -> "ref.eq";
          case 0xD6 -> "br_on_non_null";
          default -> "?";
        };
    return String.format("%s, opcode 0x%02X", name, op);
  }
}
