package dev.ipvm.cli.local;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.HashAlgorithm;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.cli.terminal.Streams;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm dag}: convert and address IPLD data. */
@Command(name = "dag", mixinStandardHelpOptions = true,
    description = "Convert IPLD data between codecs and compute CIDs.",
    subcommands = {DagCommand.Encode.class, DagCommand.CidOf.class})
public final class DagCommand extends CommandGroup {

  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = {"Convert IPLD from one codec to another.",
          "It reads standard input (or FILE) and writes standard output (or --out FILE): exactly the block's bytes, "
              + "with no newline after DAG-JSON unless standard output is a terminal, so that they hash to the "
              + "block's CID.",
          "The input is validated strictly: non-canonical DAG-CBOR is rejected with the rule and byte offset."},
      footerHeading = "%nExamples:%n",
      footer = {"  mkdir -p scratch",
          "  echo '{\"b\":1,\"a\":[true,null]}' \\",
          "      | ipvm dag encode --from dag-json --to dag-cbor > scratch/value.cbor",
          "  ipvm dag encode --from dag-cbor --to dag-json scratch/value.cbor"})
  static final class Encode implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "CODEC", converter = Codec.Converter.class,
        description = "Input codec: dag-json, dag-cbor or raw.")
    Codec from;

    @Option(names = "--to", required = true, paramLabel = "CODEC", converter = Codec.Converter.class,
        description = "Output codec: dag-json, dag-cbor or raw.")
    Codec to;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Input file; standard input when omitted or '-'.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
      byte[] bytes = to.encode(from.decode(Streams.read(input)));
      if (to == Codec.DAG_JSON && out == null) {
        // exactly the block's bytes, so that piping them to a file or a hash gives its CID;
        // a newline only for a person reading a terminal
        System.out.write(bytes);
        if (System.console() != null) {
          System.out.println();
        }
        System.out.flush();
      } else {
        Streams.writeBinary(bytes, out);
      }
      return 0;
    }
  }

  @Command(name = "cid", mixinStandardHelpOptions = true,
      description = {"Validate a block in a codec and print its CID.",
          "The block is read from standard input (or FILE). The CID is of the bytes as given, so non-canonical input "
              + "is an error, not silently re-encoded."},
      footerHeading = "%nExamples:%n",
      footer = {"  printf 'hello world' | ipvm dag cid --codec raw",
          "    bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
          "  ipvm dag cid --hash sha3-256 block.cbor"})
  static final class CidOf implements Callable<Integer> {
    @Option(names = "--codec", paramLabel = "CODEC", defaultValue = "dag-cbor", converter = Codec.Converter.class,
        description = "Codec of the input: dag-cbor (default), dag-json or raw.")
    Codec codec;

    @Option(names = "--hash", paramLabel = "HASH", defaultValue = "sha2-256",
        description = "Multihash function: sha2-256 (default) or sha3-256.")
    String hash;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Input file; standard input when omitted or '-'.")
    Path input;

    @Override
    public Integer call() throws Exception {
      HashAlgorithm algorithm = HashAlgorithm.byName(hash);
      byte[] bytes = Streams.read(input);
      if (codec == Codec.DAG_JSON) {
        byte[] canonical = codec.encode(codec.decode(bytes));
        if (!java.util.Arrays.equals(canonical, stripTrailingNewline(bytes))) {
          throw new IllegalArgumentException("input is valid DAG-JSON but not in canonical form "
              + "(sorted keys, no whitespace); canonicalize it first with: ipvm dag encode --from dag-json --to dag-json");
        }
        bytes = canonical;
      } else {
        codec.decode(bytes);
      }
      System.out.println(Cid.of(codec.code, algorithm, bytes));
      return 0;
    }

    /** One trailing newline, as {@code echo} adds, is not part of the block. */
    private static byte[] stripTrailingNewline(byte[] bytes) {
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\n') {
        n--;
      }
      return java.util.Arrays.copyOf(bytes, n);
    }
  }
}
