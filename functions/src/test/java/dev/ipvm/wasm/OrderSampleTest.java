package dev.ipvm.wasm;

import static dev.ipvm.wasm.SamplesTest.run;
import static dev.ipvm.wasm.WasmRuntimeTest.assertFailed;
import static dev.ipvm.wasm.WasmRuntimeTest.okValue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Command;
import dev.ipvm.task.FxRequest;
import dev.ipvm.task.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * order.wasm: a pure function whose result asks for an effect. Its output must be a
 * well-formed {@link FxRequest}, or the job could not turn it into an /http/post task.
 */
class OrderSampleTest {
  private static final String URL = "https://shop.example/orders";

  /** [[250, 2], [1000, 1], [0, 7]]: total 1500 */
  private static final Ipld ITEMS = Ipld.list(item(250, 2), item(1000, 1), item(0, 7));

  private static Ipld item(long price, long qty) {
    return Ipld.list(Ipld.integer(price), Ipld.integer(qty));
  }

  private static Ipld.Map postArgs(String url, long total) {
    return Ipld.Map.builder()
        .put("url", url)
        .put("headers", Ipld.Map.builder().put("content-type", "application/json").build())
        .put("body", "{\"total\":" + total + "}")
        .build();
  }

  private static Ipld.Map postTask(String url, long total) {
    return Ipld.Map.builder().put("cmd", "/http/post").put("args", postArgs(url, total)).build();
  }

  private static void assertPost(FxRequest.TaskSpec task, String url, long total) {
    assertThat(task.cmd()).isEqualTo(Command.HTTP_POST);
    assertThat(task.args()).isEqualTo(postArgs(url, total));
    assertThat(task.meta()).isNull();
    HttpRequest http = HttpRequest.fromArgs(task.cmd(), task.args());
    assertThat(http.method()).isEqualTo("POST");
    assertThat(http.url()).isEqualTo(URI.create(url));
    assertThat(http.headers()).isEqualTo(Map.of("content-type", "application/json"));
    assertThat(new String(http.body(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":" + total + "}");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void checkoutJoinsOnThePost(Engine e) {
    Ipld result = okValue(run(e, "order", "checkout", Ipld.text(URL), ITEMS));
    assertThat(result).isEqualTo(Ipld.Map.builder()
        .put("out", 1500)
        .put(FxRequest.KEY, Ipld.Map.builder().put("fork", Ipld.list()).put("join", postTask(URL, 1500)).build())
        .build());

    FxRequest fx = FxRequest.parse(result);
    assertThat(fx.out()).isEqualTo(Ipld.integer(1500));
    assertThat(fx.fork()).isEmpty();
    assertPost(fx.join(), URL, 1500);
    assertThat(fx.tasks()).containsExactly(fx.join());
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void checkoutNotifyForksThePost(Engine e) {
    Ipld result = okValue(run(e, "order", "checkout_notify", Ipld.text(URL), ITEMS));
    assertThat(result).isEqualTo(Ipld.Map.builder()
        .put("out", 1500)
        .put(FxRequest.KEY, Ipld.Map.builder().put("fork", Ipld.list(postTask(URL, 1500))).build())
        .build());

    FxRequest fx = FxRequest.parse(result);
    assertThat(fx.out()).isEqualTo(Ipld.integer(1500));
    assertThat(fx.join()).isNull();
    assertThat(fx.fork()).hasSize(1);
    assertPost(fx.fork().get(0), URL, 1500);
  }

  @Test
  void emptyOrderAndLargestTotal() {
    FxRequest empty = FxRequest.parse(okValue(run(Engine.COMPILER, "order", "checkout", Ipld.text(URL), Ipld.list())));
    assertThat(empty.out()).isEqualTo(Ipld.integer(0));
    assertPost(empty.join(), URL, 0);

    Ipld max = Ipld.list(item(Long.MAX_VALUE - 10, 1), item(5, 2));
    FxRequest big = FxRequest.parse(okValue(run(Engine.COMPILER, "order", "checkout", Ipld.text(URL), max)));
    assertThat(big.out()).isEqualTo(Ipld.integer(Long.MAX_VALUE));
    assertPost(big.join(), URL, Long.MAX_VALUE);
  }

  @Test
  void malformedInputTraps() {
    Ipld url = Ipld.text(URL);
    Ipld[][] bad = {
        {url},
        {url, ITEMS, Ipld.integer(1)},
        {Ipld.integer(1), ITEMS},
        {Ipld.Bytes.of(URL.getBytes(StandardCharsets.UTF_8)), ITEMS},
        {url, Ipld.integer(5)},
        {url, Ipld.list(item(-1, 2))},
        {url, Ipld.list(item(1, -2))},
        {url, Ipld.list(Ipld.list(Ipld.integer(1), Ipld.integer(2), Ipld.integer(3)))},
        {url, Ipld.list(Ipld.list(Ipld.text("1"), Ipld.integer(2)))},
        {url, Ipld.list(item(Long.MAX_VALUE, 1), item(1, 1))}, // total above 2^63-1
    };
    for (Ipld[] params : bad) {
      assertFailed(run(Engine.COMPILER, "order", "checkout", params), WasmError.TRAP);
      assertFailed(run(Engine.COMPILER, "order", "checkout_notify", params), WasmError.TRAP);
    }
  }

  @Test
  void fuelIsIdenticalAcrossEngines() {
    Outcome compiled = run(Engine.COMPILER, "order", "checkout", Ipld.text(URL), ITEMS);
    Outcome interpreted = run(Engine.INTERPRETER, "order", "checkout", Ipld.text(URL), ITEMS);
    assertThat(compiled.fuelUsed()).isPositive().isEqualTo(interpreted.fuelUsed());
    assertThat(okValue(interpreted)).isEqualTo(okValue(compiled));
  }
}
