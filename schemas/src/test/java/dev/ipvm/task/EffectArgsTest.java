package dev.ipvm.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The effect commands' args and the effect requests a function returns: what is accepted, and errors naming the field. */
class EffectArgsTest {
  static Ipld.Map map(Object... kv) {
    Ipld.Map.Builder b = Ipld.Map.builder();
    for (int i = 0; i < kv.length; i += 2) {
      b.put((String) kv[i], kv[i + 1] instanceof String s ? Ipld.text(s) : (Ipld) kv[i + 1]);
    }
    return b.build();
  }

  @Test
  void httpArgsAreReadAndChecked() {
    HttpRequest r = HttpRequest.fromArgs(Command.HTTP_POST, map("url", "https://api.example.com/orders",
        "headers", map("Content-Type", "application/json"), "body", "{}"));
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.headers()).containsEntry("content-type", "application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(HttpRequest.fromArgs(Command.HTTP_POST, r.toArgs())).usingRecursiveComparison().isEqualTo(r);

    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_GET, map())).hasMessage("args.url is required");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_GET, map("url", "ftp://example.com/x")))
        .hasMessageContaining("must be an http or https URL");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_GET, map("url", "https://u:p@example.com/")))
        .hasMessageContaining("user info");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_POST, map("url", "https://example.com/",
        "headers", map("Idempotency-Key", "mine")))).hasMessageContaining("Idempotency-Key");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_POST, map("url", "https://example.com/",
        "headers", map("x-a", "1\r\nx-b: 2")))).hasMessageContaining("line break");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_POST, map("url", "https://example.com/",
        "headers", map("x-a", Ipld.integer(1))))).hasMessage("args.headers.x-a must be a string, got a int");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_GET, map("url", "https://example.com/", "body", "x")))
        .hasMessageContaining("a GET request has no body");
    assertThatThrownBy(() -> HttpRequest.fromArgs(Command.HTTP_GET, map("url", "https://example.com/", "verb", "x")))
        .hasMessageContaining("unknown field 'verb'");
  }

  @Test
  void publishArgsTakeBytesTextOrAnyValue() {
    KafkaPublish text = KafkaPublish.fromArgs(map("topic", "orders", "key", "k1", "value", "hello"));
    assertThat(new String(text.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(text.dagCbor()).isFalse();
    KafkaPublish cbor = KafkaPublish.fromArgs(map("topic", "orders", "value", map("total", Ipld.integer(650))));
    assertThat(cbor.dagCbor()).isTrue();
    assertThat(cbor.key()).isNull();
    assertThatThrownBy(() -> KafkaPublish.fromArgs(map("topic", "no spaces", "value", "x")))
        .hasMessageContaining("not a legal Kafka topic name");
    assertThatThrownBy(() -> KafkaPublish.fromArgs(map("topic", "orders"))).hasMessage("args.value is required");
    assertThatThrownBy(() -> KafkaPublish.fromArgs(map("topic", "orders", "value", "x", "key", Ipld.integer(1))))
        .hasMessageContaining("args.key must be bytes or a string");
  }

  @Test
  void commandsKnowWhichAreEffects() {
    assertThat(Command.of("/wasm/run")).hasValue(Command.WASM_RUN);
    assertThat(Command.WASM_RUN.effect()).isFalse();
    assertThat(Command.of("/http/delete").orElseThrow().effect()).isTrue();
    assertThat(Command.of("/kafka/publish").orElseThrow().effect()).isTrue();
    assertThat(Command.of("/http/patch")).isEmpty();
  }

  static final Ipld.Map POST = map("cmd", "/http/post", "args", map("url", "https://example.com/hook", "body", "x"));

  @Test
  void aFunctionResultIsAnEffectRequestOnlyWithItsKey() {
    assertThat(FxRequest.parse(Ipld.integer(3))).isNull();
    assertThat(FxRequest.parse(map("out", Ipld.integer(3), "fx", POST))).as("another key is plain data").isNull();
    FxRequest fx = FxRequest.parse(map("ipvm/fx", map("join", POST), "out", Ipld.integer(3)));
    assertThat(fx.out()).isEqualTo(Ipld.integer(3));
    assertThat(fx.fork()).isEmpty();
    assertThat(fx.join().cmd()).isEqualTo(Command.HTTP_POST);
    assertThat(FxRequest.parse(map("ipvm/fx", map("fork", Ipld.list(POST)))).out()).isEqualTo(Ipld.NULL);
  }

  @Test
  void aMalformedEffectRequestNamesWhatIsWrong() {
    assertThatThrownBy(() -> FxRequest.parse(map("ipvm/fx", map("fork", Ipld.list(POST)), "extra", Ipld.TRUE)))
        .hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> FxRequest.parse(map("ipvm/fx", map("fork", Ipld.list(map("cmd", "/shell/exec",
        "args", map()))))))
        .hasMessageContaining("ipvm/fx.fork[0].cmd '/shell/exec' is not supported");
    assertThatThrownBy(() -> FxRequest.parse(map("ipvm/fx", map("join", map("cmd", "/http/get",
        "args", map("url", "gopher://x")))))).hasMessageContaining("ipvm/fx.join: args.url must be an http");
    Ipld[] many = new Ipld[FxRequest.MAX_TASKS + 1];
    java.util.Arrays.fill(many, POST);
    assertThatThrownBy(() -> FxRequest.parse(map("ipvm/fx", map("fork", Ipld.list(many)))))
        .hasMessageContaining("more than " + FxRequest.MAX_TASKS);
  }

  @Test
  void requestedTasksGetNoncesFromTheirRequesterAndPosition() {
    Cid a = Cid.of(Multicodec.DAG_CBOR, new byte[] {1});
    Cid b = Cid.of(Multicodec.DAG_CBOR, new byte[] {2});
    assertThat(FxRequest.nonce(a, 0)).isEqualTo(FxRequest.nonce(a, 0)).hasSize(16);
    assertThat(FxRequest.nonce(a, 0)).isNotEqualTo(FxRequest.nonce(a, 1)).isNotEqualTo(FxRequest.nonce(b, 0));
  }
}
