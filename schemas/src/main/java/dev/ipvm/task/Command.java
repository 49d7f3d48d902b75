package dev.ipvm.task;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The commands the executor runs. {@code /wasm/run} is pure: memoized and coalesced by Task ID.
 * The others are effects: they touch the outside world, so they run on their own stream, at
 * most once per Task ID, never answered from another task's result.
 */
public enum Command {
  WASM_RUN(WasmRun.COMMAND, false),
  HTTP_GET("/http/get", true),
  HTTP_POST("/http/post", true),
  HTTP_PUT("/http/put", true),
  HTTP_DELETE("/http/delete", true),
  KAFKA_PUBLISH(KafkaPublish.COMMAND, true);

  private final String path;
  private final boolean effect;

  Command(String path, boolean effect) {
    this.path = path;
    this.effect = effect;
  }

  /** The command as an invocation's {@code cmd} names it, e.g. {@code /http/post}. */
  public String path() {
    return path;
  }

  /** Whether running it changes or observes the outside world. */
  public boolean effect() {
    return effect;
  }

  public boolean http() {
    return path.startsWith("/http/");
  }

  public static Optional<Command> of(String cmd) {
    return Arrays.stream(values()).filter(c -> c.path.equals(cmd)).findFirst();
  }

  /** Every supported {@code cmd}, for error messages. */
  public static List<String> paths() {
    return Arrays.stream(values()).map(Command::path).toList();
  }

  /**
   * Checks {@code args} for this command.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public void check(dev.ipvm.ipld.Ipld.Map args) {
    switch (this) {
      case WASM_RUN -> WasmRun.fromArgs(args);
      case KAFKA_PUBLISH -> KafkaPublish.fromArgs(args);
      default -> HttpRequest.fromArgs(this, args);
    }
  }
}
