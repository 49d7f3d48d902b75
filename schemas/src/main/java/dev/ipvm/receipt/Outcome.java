package dev.ipvm.receipt;

import dev.ipvm.ipld.Ipld;
import java.util.Objects;

/** A task's result, as a receipt's {@code out} carries it: {@code {ok: v}} or {@code {error: e}}. */
public sealed interface Outcome permits Outcome.Ok, Outcome.Error {

  Ipld.Map toIpld();

  static Outcome fromIpld(Ipld value) {
    if (value instanceof Ipld.Map m && m.size() == 1) {
      if (m.get("ok") != null) {
        return new Ok(m.get("ok"));
      }
      if (m.get("error") instanceof Ipld.Map e) {
        return new Error(e);
      }
    }
    throw new IllegalArgumentException("must be {ok: any} or {error: {name, message, ...}}");
  }

  /** Success with a value. */
  record Ok(Ipld value) implements Outcome {
    public Ok {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Ipld.Map toIpld() {
      return Ipld.Map.builder().put("ok", value).build();
    }
  }

  /** Failure: {@code name} is stable for matching, {@code message} is for people. */
  record Error(Ipld.Map value) implements Outcome {
    public Error {
      if (!(value.get("name") instanceof Ipld.Text) || !(value.get("message") instanceof Ipld.Text)) {
        throw new IllegalArgumentException("an error needs string fields 'name' and 'message'");
      }
    }

    public static Error of(String name, String message) {
      return new Error(Ipld.Map.builder().put("name", name).put("message", message).build());
    }

    public String name() {
      return ((Ipld.Text) value.get("name")).value();
    }

    public String message() {
      return ((Ipld.Text) value.get("message")).value();
    }

    @Override
    public Ipld.Map toIpld() {
      return Ipld.Map.builder().put("error", value).build();
    }
  }
}
