package dev.ipvm.cli.ucan;

import dev.ipvm.cli.signing.ProofFiles;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.ucan.Invocation;
import dev.ipvm.ucan.Signed;
import dev.ipvm.ucan.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipvm invocation}: sign and inspect UCAN 1.0 invocations. */
@Command(name = "invocation", mixinStandardHelpOptions = true,
    description = "Create signed UCAN 1.0 invocations and inspect them.",
    subcommands = {InvocationCommand.New.class, InvocationInspectCommand.class})
public final class InvocationCommand extends CommandGroup {

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Sign an invocation and write its DAG-CBOR envelope.",
          "The envelope goes to standard output, or to --out FILE. Arguments and meta are DAG-JSON, so links "
              + "({\"/\": \"bafy...\"}) and bytes can be passed.",
          "The subject defaults to the signer: a self-issued invocation needs no proofs. Otherwise --proof names the "
              + "delegations from the subject to the signer, root first; their CIDs go into prf in that order, and "
              + "the subject is the root's.",
          "An empty nonce (--empty-nonce) marks pure work that may be memoized and shared; by default a random "
              + "12-byte nonce makes the invocation unique.",
          "The envelope is tagged ucan/inv@1.0.0; --rc1-tags writes ucan/inv@1.0.0-rc.1."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm invocation new --key me.pem --cmd /wasm/run --empty-nonce \\",
          "      --args '{\"mod\":{\"/\":\"bafkrei...\"},\"fun\":\"add\",\"params\":[1,2]}' \\",
          "      --meta '{\"fuel\":100000}' --ttl 3600 --out add.cbor",
          "  ipvm invocation new --key carol.pem --cmd /wasm/run --args '{\"fun\":\"add\"}' \\",
          "      --proof alice-bob.cbor bob-carol.cbor --out by-carol.cbor",
          "  ipvm invocation inspect add.cbor"})
  static final class New implements Callable<Integer> {
    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "The issuer's key (PKCS#8 PEM).")
    Path key;

    @Option(names = "--cmd", required = true, paramLabel = "CMD", description = "The command, e.g. /wasm/run.")
    String cmd;

    @Option(names = "--args", defaultValue = "{}", paramLabel = "JSON", description = "Arguments as a DAG-JSON map (default {}).")
    String args;

    @Option(names = "--sub", paramLabel = "DID",
        description = "Subject (default: the root proof's subject, else the issuer).")
    String sub;

    @Option(names = "--aud", paramLabel = "DID", description = "Executor, when it differs from the subject.")
    String aud;

    @ArgGroup(exclusive = true)
    NonceChoice nonce;

    static final class NonceChoice {
      @Option(names = "--nonce", paramLabel = "HEX", description = "Nonce bytes in hex.")
      String hex;

      @Option(names = "--empty-nonce", description = "Empty nonce: shareable, memoizable work.")
      boolean empty;
    }

    @Option(names = "--meta", paramLabel = "JSON", description = "Metadata as a DAG-JSON map, e.g. {\"fuel\":100000}.")
    String meta;

    @ArgGroup(exclusive = true)
    TokenInputs.Expiry expiry;

    @Option(names = "--proof", arity = "1..*", paramLabel = "FILE",
        description = "Delegation envelopes proving the signer's authority, root (issued by the subject) first.")
    List<Path> proofs = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the envelope here.")
    Path out;

    @Option(names = "--rc1-tags", description = "Tag the envelope ucan/inv@1.0.0-rc.1, for peers that read only the release candidate.")
    boolean rc1Tags;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.load(key);
      long now = Instant.now().getEpochSecond();
      ProofFiles prf = ProofFiles.read(proofs);
      Invocation.Builder b = Invocation.builder()
          .iss(signer.did().toString())
          .sub(sub != null ? sub : rootSubject(prf))
          .aud(aud)
          .cmd(cmd)
          .args(TokenInputs.map("--args", args))
          .prf(prf.cids())
          .iat(now);
      if (meta != null) {
        b.meta(TokenInputs.map("--meta", meta));
      }
      if (nonce != null && nonce.empty) {
        b.emptyNonce();
      } else if (nonce != null) {
        b.nonce(TokenInputs.hex("--nonce", nonce.hex));
      }
      if (expiry != null) {
        b.exp(expiry.at(now));
      }
      Streams.writeBinary(Signed.sign(signer, b.build(), TokenInputs.spelling(rc1Tags)).bytes(), out);
      return 0;
    }

    /** The subject of a delegated invocation: the root proof's; null (the issuer) without proofs. */
    private static String rootSubject(ProofFiles prf) {
      if (prf.delegations().isEmpty()) {
        return null;
      }
      String sub = prf.delegations().get(0).payload().sub();
      if (sub == null) {
        throw new IllegalArgumentException("the first --proof " + prf.files().get(0)
            + " is a powerline (no subject), so it cannot be the root: pass the root first, or --sub");
      }
      return sub;
    }
  }
}
