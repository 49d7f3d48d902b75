package dev.ipvm.cli.kafka;

import java.security.SecureRandom;
import java.util.HexFormat;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --nonce HEX} of the effect commands. An effect runs at most once per Task ID (the CID of
 * {sub, cmd, args, nonce}), so the nonce decides: the same nonce is the same effect (a repeat
 * gets the recorded outcome), a new nonce a new effect.
 */
public final class EffectNonce {
  /** The length of a random nonce: enough that two effects never share one by chance. */
  public static final int RANDOM_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--nonce", paramLabel = "HEX",
      description = "The effect's nonce in hex. Default: 16 random bytes, a new effect, shown on stderr as"
          + " 'nonce HEX'. Passing that nonce again asks for the same effect, which does not run twice:"
          + " the job answers with the recorded outcome (a safe retry).")
  String hex;

  /** Whether {@code --nonce} was given: the user asked for an effect that may have run before. */
  public boolean given() {
    return hex != null;
  }

  /** The nonce given, else a random one. */
  public byte[] bytes() {
    if (hex == null) {
      return random();
    }
    byte[] b;
    try {
      b = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--nonce must be hex (an even number of 0-9, a-f), got '" + hex + "'");
    }
    if (b.length == 0) {
      // An empty nonce marks pure, shareable work; an effect is neither.
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--nonce must not be empty: an effect needs a nonce (leave --nonce out for a new random one)");
    }
    return b;
  }

  public static byte[] random() {
    byte[] b = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(b);
    return b;
  }
}
