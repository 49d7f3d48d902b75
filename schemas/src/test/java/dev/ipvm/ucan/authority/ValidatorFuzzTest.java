package dev.ipvm.ucan.authority;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.cid.Cid;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagcbor.DagCborException;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.dagjson.DagJsonException;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.ucan.Command;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Envelope;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import dev.ipvm.ucan.UcanException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link Validator#validate} (docs/fuzzing.md). From the fuzzer's data
 * it builds, over four fixed keys, up to six signed delegations (a chain from the subject to the
 * invoker, or issuer and audience chosen freely; subject or powerline, command, policy from
 * DAG-JSON text, nbf, exp, tag spelling, now and then signed by the wrong key) and an invocation
 * (issuer, subject, audience, command, args from DAG-JSON text, exp, iat) whose {@code prf} lists
 * them root first, or in any order with repeats and unknown CIDs; some proofs are revoked; the
 * settings and the time of validation are chosen too.
 * Whatever comes of it, {@code validate} must return a {@link Verdict} and never throw; a Valid
 * one names exactly the {@code prf}, each covering the command.
 */
class ValidatorFuzzTest {
  /** alice (the usual subject), bob, carol, and the executor. */
  private static final Signer[] KEYS = {key(1), key(2), key(3), key(4)};
  private static final String EXECUTOR = Tokens.did(KEYS[3]);
  private static final String[] COMMANDS = {"/", "/msg", "/msg/send", "/msg/sendx", "/crud", "/crud/read"};

  @FuzzTest
  void validate(FuzzedDataProvider data) {
    Tokens tokens = new Tokens();
    List<Signed<Delegation>> made = new ArrayList<>();
    Signed<Invocation> invocation;
    List<Cid> prf = new ArrayList<>();
    try {
      // Unless the fuzzer says otherwise (a false or zero, which is also what it reads once its
      // data runs out), the delegations form a chain alice -> bob -> carol -> ... -> the invoker,
      // each signed by its issuer, and prf lists them root first: the ways to spoil that are choices.
      int delegations = data.consumeInt(0, 6);
      for (int i = 0; i < delegations; i++) {
        boolean aligned = !data.consumeBoolean();
        Signer iss = aligned ? KEYS[i % KEYS.length] : pick(data);
        Signer aud = aligned ? KEYS[(i + 1) % KEYS.length] : pick(data);
        String sub = switch (data.consumeInt(0, 3)) {
          case 0 -> Tokens.did(KEYS[0]);
          case 1 -> null; // powerline
          default -> Tokens.did(pick(data));
        };
        Delegation d = new Delegation(Tokens.did(iss), Tokens.did(aud), sub, command(data),
            policy(data), data.consumeBytes(4), null, time(data), time(data));
        Signer signer = data.consumeInt(0, 7) == 7 ? pick(data) : iss;
        String tag = data.consumeBoolean() ? Delegation.TAG_RC1 : Delegation.TAG;
        made.add(tokens.put(Delegation.decode(Envelope.sign(signer, tag, d.toIpld()).bytes())));
      }
      if (!data.consumeBoolean()) {
        made.forEach(d -> prf.add(d.cid()));
      } else {
        int listed = data.consumeInt(0, 7);
        for (int i = 0; i < listed; i++) {
          int which = data.consumeInt(0, made.size());
          prf.add(which < made.size() ? made.get(which).cid() : DagCbor.cid(Ipld.integer(i))); // else unknown
        }
      }
      for (Signed<Delegation> d : made) {
        if (data.consumeInt(0, 15) == 15) {
          tokens.revoked.add(d.cid());
        }
      }
      Signer invoker = data.consumeBoolean() ? pick(data) : KEYS[delegations % KEYS.length];
      Invocation.Builder b = Invocation.builder().iss(Tokens.did(invoker))
          .sub(data.consumeInt(0, 3) == 3 ? Tokens.did(pick(data)) : Tokens.did(KEYS[0]))
          .cmd(command(data)).args(args(data)).prf(prf).nonce(data.consumeBytes(4))
          .exp(time(data)).iat(time(data));
      if (data.consumeBoolean()) {
        b.aud(Tokens.did(pick(data)));
      }
      Signer signer = data.consumeInt(0, 7) == 7 ? pick(data) : invoker;
      String tag = data.consumeBoolean() ? Invocation.TAG_RC1 : Invocation.TAG;
      invocation = Invocation.decode(Envelope.sign(signer, tag, b.build().toIpld()).bytes());
    } catch (UcanException | DagCborException notConstructible) {
      return; // the fuzzer's data did not make tokens an executor could receive: nothing to validate
    }

    Validator validator = new Validator(new Validator.Settings(data.consumeBoolean() ? null : EXECUTOR,
        Validator.DEFAULT_MAX_PROOFS - data.consumeInt(0, Validator.DEFAULT_MAX_PROOFS),
        Validator.DEFAULT_MAX_PROOF_BYTES >> data.consumeInt(0, 20), data.consumeLong(0, 120)));
    long now = data.consumeBoolean() ? data.consumeLong() : Tokens.NOW + data.consumeLong(-1_000, 1_000);

    Verdict verdict = tokens.validate(validator, invocation, now);

    assertThat(verdict).isNotNull();
    if (verdict instanceof Verdict.Valid valid) {
      assertThat(valid.chain().stream().map(Signed::cid).toList()).isEqualTo(prf);
      for (Signed<Delegation> d : valid.chain()) {
        assertThat(Command.covers(d.payload().cmd(), invocation.payload().cmd())).isTrue();
      }
    }
  }

  private static Signer key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return Signer.fromSeed(seed);
  }

  private static Signer pick(FuzzedDataProvider data) {
    return KEYS[data.consumeInt(0, KEYS.length - 1)];
  }

  private static String command(FuzzedDataProvider data) {
    if (data.consumeInt(0, 7) < 7) {
      return COMMANDS[data.consumeInt(0, COMMANDS.length - 1)];
    }
    String cmd = data.consumeString(24);
    return Command.problem(cmd) == null ? cmd : "/";
  }

  private static Ipld.List policy(FuzzedDataProvider data) {
    return data.consumeBoolean() && json(data, 200) instanceof Ipld.List l ? l : Ipld.list();
  }

  private static Ipld.Map args(FuzzedDataProvider data) {
    return json(data, 200) instanceof Ipld.Map m ? m : Ipld.Map.EMPTY;
  }

  private static Ipld json(FuzzedDataProvider data, int maxLength) {
    try {
      return DagJson.decode(data.consumeString(maxLength));
    } catch (DagJsonException e) {
      return Ipld.NULL;
    }
  }

  /** Absent, near the fixtures' time, anything non-negative, or about 2^53 - 1, the spec's limit. */
  private static Long time(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> null;
      case 1 -> Tokens.NOW + data.consumeLong(-200, 200);
      case 2 -> data.consumeLong(0, Long.MAX_VALUE);
      default -> (1L << 53) - 1 + data.consumeLong(-1, 1);
    };
  }
}
