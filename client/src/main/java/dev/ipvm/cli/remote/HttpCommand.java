package dev.ipvm.cli.remote;

import dev.ipvm.cli.kafka.EffectNonce;
import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.Submission;
import dev.ipvm.cli.kafka.SubmitOptions;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.receipt.Outcome;
import dev.ipvm.task.HttpRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipvm http}: have the running IPVM make one HTTP request (an effect) and show the response. */
@Command(name = "http", mixinStandardHelpOptions = true,
    description = {
        "Have the running IPVM make an HTTP request (an effect).",
        "It signs a /http/get, /http/post, /http/put or /http/delete invocation, publishes it, waits for its receipt, "
            + "checks the receipt's signature and shows the response.",
        "",
        "A request is an effect: the job runs it at most once per Task ID (the CID of {sub, cmd, args, nonce}). Each "
            + "call gets a new random nonce, so it is a new request; the nonce is shown on standard error ('nonce "
            + "HEX'). Passing it back with --nonce asks for the very same request, which is not sent again: the receipt "
            + "carries the recorded response (standard error: 'replay'). So after a timeout or a crash, retrying with "
            + "--nonce is safe. Errors are recorded too: after an error receipt the same nonce gets the same error, so "
            + "to try again leave --nonce out.",
        "The job sends the Task ID as the Idempotency-Key header; a request may not set that header itself.",
        "",
        "Standard error: 'nonce HEX', the invocation and Task ID, what happened (executed, denied: REASON, failed, "
            + "replay), and the status line 'HTTP STATUS'. Standard output: the response body exactly as received "
            + "when it is UTF-8 text; other bodies are only counted on standard error (--json has them, as base64).",
        "An error receipt prints 'error: NAME: MESSAGE' (DestinationDenied, ConnectionFailed, Timeout, HttpStatus, "
            + "InvalidArgs, ...); for HttpStatus (the server answered 4xx/5xx) the status line and the body are shown "
            + "too.",
        "The key (--key) defaults to $IPVM_HOME/user.pem (IPVM_HOME: ~/.ipvm).",
        "",
        "Exit codes: 0 ok; 1 an error receipt, a receipt that does not verify, or bad input; 2 usage; 3 no receipt "
            + "within --timeout (retry with the same --nonce)."},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm http get https://example.org/",
        "  ipvm http post https://api.example.org/orders \\",
        "      -H 'Content-Type: application/json' --data '{\"item\": 42}'",
        "    nonce 6b1f0c...                                      (stderr)",
        "  ipvm http post https://api.example.org/orders --nonce 6b1f0c... \\",
        "      -H 'Content-Type: application/json' --data '{\"item\": 42}'",
        "      # the same request: not sent twice, the recorded response comes back",
        "  ipvm http put https://api.example.org/files/a.bin --data-file a.bin",
        "  ipvm http get https://example.org/logo.png --json \\",
        "      | jq -r '.out.ok.body[\"/\"].bytes' | base64 -d > logo.png"})
public final class HttpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  SubmitOptions submit;

  @Mixin
  EffectNonce nonce;

  @Parameters(index = "0", paramLabel = "METHOD", description = "get, post, put or delete (any case).")
  String method;

  @Parameters(index = "1", paramLabel = "URL", description = "An absolute http:// or https:// URL.")
  String url;

  @Option(names = {"-H", "--header"}, paramLabel = "HEADER",
      description = "A request header, 'NAME: VALUE' (repeatable). Names are sent lower-cased; each may be given once.")
  List<String> headers = new ArrayList<>();

  @ArgGroup(exclusive = true)
  Body body;

  static final class Body {
    @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "The request body, as text (UTF-8).")
    String text;

    @Option(names = "--data-file", paramLabel = "FILE", description = "The request body: the file's bytes.")
    Path file;
  }

  @Override
  public Integer call() throws Exception {
    // Everything the user typed is checked before the broker is contacted.
    submit.check(spec.commandLine());
    dev.ipvm.task.Command cmd = command(method);
    Ipld.Map.Builder args = Ipld.Map.builder().put("url", url);
    TreeMap<String, Ipld> headerMap = headers(headers);
    if (!headerMap.isEmpty()) {
      args.put("headers", Ipld.Map.of(headerMap));
    }
    if (body != null) {
      if (cmd == dev.ipvm.task.Command.HTTP_GET) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            (body.text != null ? "--data" : "--data-file") + ": a GET request has no body (use post or put)");
      }
      args.put("body", body.text != null ? Ipld.text(body.text) : Ipld.Bytes.wrap(readBody(body.file)));
    }
    return Submission.effect(submit, cmd, args.build(), nonce.bytes(), nonce.given(), new ResponsePrinter());
  }

  private dev.ipvm.task.Command command(String m) {
    return switch (m.toLowerCase(Locale.ROOT)) {
      case "get" -> dev.ipvm.task.Command.HTTP_GET;
      case "post" -> dev.ipvm.task.Command.HTTP_POST;
      case "put" -> dev.ipvm.task.Command.HTTP_PUT;
      case "delete" -> dev.ipvm.task.Command.HTTP_DELETE;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "METHOD must be get, post, put or delete, got '" + m + "'");
    };
  }

  /** {@code -H 'Name: value'} options as args.headers: names lower-cased (HTTP names ignore case). */
  private TreeMap<String, Ipld> headers(List<String> given) {
    TreeMap<String, Ipld> out = new TreeMap<>();
    for (String h : given) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? "" : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "-H must be 'Name: value', got '" + h + "'");
      }
      if (name.equals(HttpRequest.IDEMPOTENCY_KEY)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "-H " + h.substring(0, colon).strip()
            + ": the job sends the Task ID as Idempotency-Key; to retry a request, pass its --nonce again");
      }
      if (out.put(name, Ipld.text(h.substring(colon + 1).strip())) != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "-H " + name + " is given twice");
      }
    }
    return out;
  }

  private static byte[] readBody(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Kafka.MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException("--data-file " + file + " is " + size + " bytes; a request body is at most "
          + Kafka.MAX_BLOCK_BYTES + " bytes (it travels inside the invocation, a Kafka record)");
    }
    return Files.readAllBytes(file);
  }

  /**
   * The response: {@code HTTP <status>} on stderr, the body on stdout when it is UTF-8 text. An
   * ok value of another shape is printed as DAG-JSON.
   */
  static final class ResponsePrinter implements Submission.Printer {
    @Override
    public void ok(Ipld value) {
      if (!(value instanceof Ipld.Map m) || !(m.get("status") instanceof Ipld.Int)) {
        Submission.DAG_JSON.ok(value);
        return;
      }
      show(m);
    }

    @Override
    public void error(Outcome.Error error) {
      // HttpStatus carries the response (status, headers, body): the body often says what was wrong
      if (error.value().get("status") instanceof Ipld.Int) {
        show(error.value());
      }
    }

    private static void show(Ipld.Map response) {
      StringBuilder line = new StringBuilder("HTTP ").append(response.get("status"));
      if (response.get("url") instanceof Ipld.Text u) {
        line.append("  ").append(u.value());
      }
      if (Ipld.TRUE.equals(response.get("truncated"))) {
        line.append("  (body truncated)");
      }
      System.err.println(line);
      Ipld b = response.get("body");
      byte[] bytes = b instanceof Ipld.Bytes bb ? bb.toByteArray()
          : b instanceof Ipld.Text t ? t.value().getBytes(StandardCharsets.UTF_8) : new byte[0];
      if (utf8(bytes)) {
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
      } else {
        System.err.println("body: " + bytes.length + " bytes, not UTF-8 text (--json shows them, base64)");
      }
    }

    static boolean utf8(byte[] bytes) {
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
        return true;
      } catch (CharacterCodingException e) {
        return false;
      }
    }
  }
}
