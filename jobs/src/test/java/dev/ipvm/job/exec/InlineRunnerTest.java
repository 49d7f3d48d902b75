package dev.ipvm.job.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.job.config.JobConfig;
import dev.ipvm.job.event.Invoke;
import dev.ipvm.job.event.Result;
import dev.ipvm.task.Command;
import dev.ipvm.task.WasmRun;
import dev.ipvm.ucan.Signer;
import dev.ipvm.wasm.Abi;
import dev.ipvm.wasm.Limits;
import dev.ipvm.wasm.RunContext;
import dev.ipvm.wasm.WasmRuntime;
import java.io.InputStream;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inline runs give exactly the result the executor gives, and only when nothing could differ:
 * the sample math module, really run, both ways.
 */
class InlineRunnerTest {
  static final Limits LIMITS = Limits.DEFAULT;
  byte[] math;
  Cid mathCid;
  WasmRuntime runtime;
  InlineRunner inline;

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in = InlineRunnerTest.class.getResourceAsStream("/samples/math.wasm")) {
      math = in.readAllBytes();
    }
    mathCid = Cid.of(Multicodec.RAW, math);
    inline = open(b -> b);
    runtime = SharedRuntime.acquire(config(b -> b)); // the runtime the executor shares with the task function
  }

  @AfterEach
  void tearDown() {
    inline.close();
    SharedRuntime.release(runtime);
  }

  static JobConfig config(UnaryOperator<JobConfig.Builder> tune) {
    return tune.apply(JobConfig.builder().bootstrap("unused:9092").executorKeyPem(Signer.generate().toPem())
        .checkpointDir("/tmp/unused")).build();
  }

  static InlineRunner open(UnaryOperator<JobConfig.Builder> tune) {
    InlineRunner r = new InlineRunner(config(tune));
    r.open(new UnregisteredMetricsGroup());
    return r;
  }

  Invoke invoke(String fun, Limits limits, Ipld... params) {
    return invoke(new WasmRun.ModuleRef.Linked(mathCid), fun, limits, params);
  }

  static Invoke invoke(WasmRun.ModuleRef module, String fun, Limits limits, Ipld... params) {
    Ipld.Map args = new WasmRun(module, fun, List.of(params)).toArgs();
    Cid task = Cid.of(Multicodec.DAG_CBOR, dev.ipvm.dagcbor.DagCbor.encode(args));
    return new Invoke(task, task, Command.WASM_RUN, args, limits, 0, "did:key:tenant");
  }

  /** What the executor answers: the runtime's outcome of the full limits, made a result the same way. */
  Result executor(Invoke inv) {
    WasmRun run = inv.run();
    return WasmRunner.result(inv, runtime.run(mathCid, math, run.fun(), run.params(), inv.limits(), Abi.Choice.AUTO,
        RunContext.DEFAULT), 0);
  }

  @Test
  void aModuleNotYetCompiledHereGoesToTheExecutor() {
    assertThat(inline.tryRun(invoke("add", LIMITS, Ipld.integer(40), Ipld.integer(2)))).isNull();
  }

  @Test
  void aSmallRunOfACompiledModuleGivesTheExecutorsResult() {
    runtime.load(mathCid, math);
    Invoke add = invoke("add", LIMITS, Ipld.integer(40), Ipld.integer(2));
    Result here = inline.tryRun(add);
    assertThat(here).isNotNull();
    assertThat(here.out()).isEqualTo(new dev.ipvm.receipt.Outcome.Ok(Ipld.integer(42)));
    assertThat(here).usingRecursiveComparison().ignoringFields("micros").isEqualTo(executor(add));
  }

  @Test
  void aRunNeedingMoreThanTheInlineFuelGoesToTheExecutorThatCompletesIt() {
    runtime.load(mathCid, math);
    Invoke fib = invoke("fib_rec", LIMITS, Ipld.integer(25));
    assertThat(inline.tryRun(fib)).isNull();
    assertThat(executor(fib).out()).isInstanceOf(dev.ipvm.receipt.Outcome.Ok.class);
  }

  @Test
  void runningOutOfTheTasksOwnFuelWithinTheInlineFuelIsAnsweredHereAsTheExecutorWould() {
    runtime.load(mathCid, math);
    Invoke starved = invoke("fib_rec", LIMITS.withFuel(5_000), Ipld.integer(25));
    Result here = inline.tryRun(starved);
    assertThat(here).isNotNull();
    assertThat(here.errorName()).isEqualTo("OutOfFuel");
    assertThat(here).usingRecursiveComparison().ignoringFields("micros").isEqualTo(executor(starved));
  }

  @Test
  void aRunThatWouldReadALinkedInputGoesToTheExecutor() {
    runtime.load(mathCid, math);
    assertThat(inline.tryRun(invoke("add", LIMITS, Ipld.link(mathCid), Ipld.integer(2)))).isNull();
  }

  @Test
  void anInlineModuleIsRunHereOnceCompiled() {
    WasmRun.ModuleRef data = new WasmRun.ModuleRef.Inline(math);
    Invoke add = invoke(data, "add", LIMITS, Ipld.integer(1), Ipld.integer(2));
    assertThat(inline.tryRun(add)).isNull();
    runtime.load(math);
    assertThat(inline.tryRun(add).out()).isEqualTo(new dev.ipvm.receipt.Outcome.Ok(Ipld.integer(3)));
  }

  @Test
  void effectsAndADisabledInlinePathNeverRunHere() {
    runtime.load(mathCid, math);
    Invoke add = invoke("add", LIMITS, Ipld.integer(40), Ipld.integer(2));
    Invoke post = new Invoke(add.taskId(), add.invocation(), Command.HTTP_POST, add.args(), LIMITS, 0, "t");
    assertThat(inline.tryRun(post)).isNull();
    InlineRunner off = open(b -> b.inlineFuel(0));
    try {
      assertThat(off.tryRun(add)).isNull();
    } finally {
      off.close();
    }
  }
}
