package dev.ipvm.cli.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.Engine;
import dev.ipvm.wasm.ExportNames;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.ModuleReport;
import dev.ipvm.wasm.Outcome;
import dev.ipvm.wasm.RuntimeConfig;
import dev.ipvm.wasm.WasmRuntime;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm wasm}: run and inspect Wasm modules locally, with the same runtime the job uses. */
@Command(name = "wasm", mixinStandardHelpOptions = true,
    description = "Run and inspect Wasm modules with the bounded runtime.",
    subcommands = {WasmCommand.Run.class, WasmCommand.Inspect.class})
public final class WasmCommand extends CommandGroup {

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run an exported function and print its result as DAG-JSON.",
          "The runtime is the job's: bounded and deterministic. The fuel used goes to standard error.",
          "Params are a DAG-JSON list: numbers for the numeric ABI; anything for the bytes ABI (the module exports "
              + "memory and alloc, and the function is (i32, i32) -> i64).",
          "A failure prints its name (OutOfFuel, Trap, MemoryLimit, ...) and reason, and exits 1."},
      footerHeading = "%nExamples:%n",
      footer = {"  S=functions/src/main/resources/samples",
          "  ipvm wasm run $S/math.wasm --fun add --params '[1,2]'",
          "  ipvm wasm run $S/uppercase.wasm --fun uppercase --params '[\"hello\"]' \\",
          "      --fuel 100000",
          "  ipvm wasm run $S/image.wasm --fun crop --bytes-param in.ppm \\",
          "      --params '[10,20,64,32]' --out out.ppm",
          "  ipvm wasm run spin.wasm --fun spin --time 500 --json"})
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.wasm", description = "The module.")
    Path file;

    @Option(names = "--fun", required = true, paramLabel = "NAME",
        description = {"The exported function to call: the name as written, else the first export that is its "
            + "UPPERCASE, kebab-case, snake_case, lowerCamelCase or PascalCase form, else %%NAME, as Homestar and the job "
            + "match it (add_one runs add-one)."})
    String fun;

    @Option(names = "--params", defaultValue = "[]", paramLabel = "JSON", description = "Params as a DAG-JSON list (default []).")
    String params;

    @Option(names = "--bytes-param", paramLabel = "FILE",
        description = "A file's bytes as a param, placed before the --params list (repeatable, in order).")
    java.util.List<Path> bytesParams = new java.util.ArrayList<>();

    @Option(names = "--fuel", paramLabel = "N", description = "Fuel budget in Wasm instructions (default ${DEFAULT-VALUE}).",
        defaultValue = "1000000000")
    long fuel;

    @Option(names = "--memory", paramLabel = "BYTES", description = "Memory cap (default ${DEFAULT-VALUE}).", defaultValue = "67108864")
    long memory;

    @Option(names = "--time", paramLabel = "MS", description = "Time limit in ms (default ${DEFAULT-VALUE}).", defaultValue = "10000")
    long time;

    @Option(names = "--output", paramLabel = "BYTES", description = "Largest result (default ${DEFAULT-VALUE}).", defaultValue = "1048576")
    int output;

    @Option(names = "--abi", paramLabel = "ABI", defaultValue = "auto", description = "auto (default), numeric or bytes.")
    String abi;

    @Option(names = "--interpreter", description = "Use Chicory's interpreter instead of the compiler.")
    boolean interpreter;

    @Option(names = "--wasi", description = "Provide WASI preview1, made deterministic (fixed clock, seeded random, no files).")
    boolean wasi;

    @Option(names = "--json", description = "Print one JSON object: {\"ok\": value, \"fuel\": n} or {\"error\": {...}, \"fuel\": n}.")
    boolean json;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
        description = "Write the result to FILE: raw bytes for a bytes result (e.g. an image), DAG-JSON otherwise.")
    Path out;

    @Override
    public Integer call() throws Exception {
      Ipld list;
      try {
        list = DagJson.decode(params);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--params is not valid DAG-JSON: " + e.getMessage());
      }
      if (!(list instanceof Ipld.List items)) {
        throw new IllegalArgumentException("--params must be a JSON list, e.g. '[1, 2]'");
      }
      java.util.List<Ipld> all = new java.util.ArrayList<>();
      for (Path p : bytesParams) {
        all.add(Ipld.Bytes.wrap(Files.readAllBytes(p)));
      }
      all.addAll(items.items());
      Abi.Choice choice = switch (abi) {
        case "auto" -> Abi.Choice.AUTO;
        case "numeric" -> Abi.Choice.NUMERIC;
        case "bytes" -> Abi.Choice.BYTES;
        default -> throw new IllegalArgumentException("--abi must be auto, numeric or bytes, got '" + abi + "'");
      };
      Limits limits = new Limits(fuel, memory, Duration.ofMillis(time), output);
      RuntimeConfig config = RuntimeConfig.builder()
          .engine(interpreter ? Engine.INTERPRETER : Engine.COMPILER)
          .hostModules(wasi ? Set.of(RuntimeConfig.WASI) : Set.of())
          .build();
      Outcome outcome;
      try (WasmRuntime runtime = new WasmRuntime(config)) {
        byte[] wasm = Files.readAllBytes(file);
        // matched as the job matches it (add_one runs add-one), so a Homestar func behaves the same here
        outcome = runtime.run(wasm, ExportNames.resolve(runtime, wasm, fun), all, limits, choice);
      }
      if (json) {
        System.out.println(toJson(outcome));
      } else if (outcome instanceof Outcome.Ok ok && out != null) {
        Files.write(out, ok.value() instanceof Ipld.Bytes b ? b.toByteArray()
            : (ok.value() == null ? "null" : DagJson.encodeToString(ok.value())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        System.err.println("fuel " + ok.fuelUsed() + ", result written to " + out);
      } else if (outcome instanceof Outcome.Ok ok) {
        System.out.println(ok.value() == null ? "null" : DagJson.encodeToString(ok.value()));
        System.err.println("fuel " + ok.fuelUsed());
      } else {
        Outcome.Failed f = (Outcome.Failed) outcome;
        System.err.println("ipvm: " + f.error().errorName() + ": " + f.message() + " (fuel " + f.fuelUsed() + ")");
      }
      return outcome instanceof Outcome.Ok ? 0 : 1;
    }

    private static String toJson(Outcome outcome) throws java.io.IOException {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
        g.writeStartObject();
        if (outcome instanceof Outcome.Ok ok) {
          g.writeFieldName("ok");
          g.writeRawValue(ok.value() == null ? "null" : DagJson.encodeToString(ok.value()));
        } else {
          Outcome.Failed f = (Outcome.Failed) outcome;
          g.writeObjectFieldStart("error");
          g.writeStringField("name", f.error().errorName());
          g.writeStringField("message", f.message());
          g.writeBooleanField("deterministic", f.deterministic());
          g.writeEndObject();
        }
        g.writeNumberField("fuel", outcome.fuelUsed());
        g.writeEndObject();
      }
      return w.toString();
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {"List a module's exports and imports, and whether it is accepted.",
          "When the runtime would refuse the module, it says why."},
      footerHeading = "%nExample:%n",
      footer = "  ipvm wasm inspect functions/src/main/resources/samples/math.wasm")
  static final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.wasm", description = "The module.")
    Path file;

    @Option(names = "--wasi", description = "Judge it as a runtime that provides WASI would.")
    boolean wasi;

    @Override
    public Integer call() throws Exception {
      RuntimeConfig config = RuntimeConfig.builder().hostModules(wasi ? Set.of(RuntimeConfig.WASI) : Set.of()).build();
      ModuleReport report;
      try (WasmRuntime runtime = new WasmRuntime(config)) {
        report = ModuleReport.of(runtime, Files.readAllBytes(file));
      }
      System.out.println("exports");
      report.exports().forEach(e -> System.out.println("  " + e));
      System.out.println("imports" + (report.imports().isEmpty() ? "  (none)" : ""));
      report.imports().forEach(i -> System.out.println("  " + i));
      if (report.problem() == null) {
        System.out.println("accepted");
        return 0;
      }
      System.out.println("rejected    " + report.problem().error().errorName() + ": " + report.problem().message());
      return 1;
    }
  }
}
