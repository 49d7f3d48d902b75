package dev.ipvm.wasm.module;

import java.util.Arrays;

/**
 * The static fuel charges of one function body.
 *
 * <p>Every instruction of the original body costs 1 and belongs to one region: the function
 * region, or the body of its innermost enclosing {@code loop}. A {@code loop} opcode and its
 * matching {@code end} belong to the region around the loop (they run once per entry into the
 * loop, not once per iteration); the instructions between them belong to the loop's region,
 * except those inside nested loops. The function region is charged at function entry, a loop's
 * region each time its header is entered (first entry and every branch back to it). A loop's
 * charge is at least 1, so every iteration of every loop costs fuel.
 *
 * @param entry charge at function entry (at least 1: the final {@code end} counts)
 * @param loops charge at each loop header, in the order the loops appear in the body
 */
record FuelCosts(long entry, long[] loops) {

  /** Decodes the body (rejecting forbidden or unknown instructions) and sums its regions. */
  static FuelCosts of(byte[] bytes, FunctionBody body) {
    WasmReader in = body.instructions(bytes);
    InstructionDecoder d = new InstructionDecoder(in);
    long entry = 0;
    long[] loops = new long[4];
    int loopCount = 0;
    int[] outer = new int[16]; // region around each open block/loop/if
    int depth = 0;
    int region = -1; // -1: the function region, else an index into loops
    while (!d.finished()) {
      int op = d.next();
      if (op == Opcodes.END && !d.finished()) {
        region = outer[--depth];
      }
      if (region < 0) {
        entry++;
      } else {
        loops[region]++;
      }
      if (op == Opcodes.BLOCK || op == Opcodes.IF || op == Opcodes.LOOP) {
        if (depth == outer.length) {
          outer = Arrays.copyOf(outer, depth * 2);
        }
        outer[depth++] = region;
        if (op == Opcodes.LOOP) {
          if (loopCount == loops.length) {
            loops = Arrays.copyOf(loops, loopCount * 2);
          }
          region = loopCount++;
        }
      }
    }
    in.expectEnd("function body");
    long[] charges = Arrays.copyOf(loops, loopCount);
    for (int i = 0; i < charges.length; i++) {
      charges[i] = Math.max(1, charges[i]);
    }
    return new FuelCosts(entry, charges);
  }
}
