package dev.ipvm.wasm.module;

/**
 * Checks that a module is well formed as far as this package decodes it and uses no forbidden
 * feature, without rewriting it. Runs the same decoders as {@link FuelMeter#instrument(byte[])},
 * so loading can reject forbidden features, with the reason, even when metering is off.
 */
public final class WasmFeatures {
  private WasmFeatures() {}

  /**
   * @throws ModuleException naming the forbidden feature or the malformation, with section,
   *     function and offset
   */
  public static void check(byte[] wasm) {
    ModuleInfo info = ModuleDecoder.decode(wasm);
    for (FunctionBody body : info.functions()) {
      WasmReader in = body.instructions(wasm);
      InstructionDecoder d = new InstructionDecoder(in);
      while (!d.finished()) {
        d.next();
      }
      in.expectEnd("function body");
    }
  }
}
