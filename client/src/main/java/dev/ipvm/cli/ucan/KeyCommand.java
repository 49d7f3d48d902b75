package dev.ipvm.cli.ucan;

import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.ucan.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipvm key}: Ed25519 identities. */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = {"Create and read the Ed25519 keys that sign invocations.",
        "A principal is named by its did:key. Key files are PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), the format "
            + "that 'openssl genpkey -algorithm ed25519' writes."},
    subcommands = {KeyCommand.New.class, KeyCommand.Did.class})
public final class KeyCommand extends CommandGroup {

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Generate a new Ed25519 key and print its did:key.",
          "With --out the key is written to FILE (mode 600) and the DID to standard output; without it the PEM goes "
              + "to standard output and the DID to standard error."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm key new --out ~/.ipvm/me.pem",
          "    did:key:z6Mk...",
          "  ipvm key new > me.pem"})
  static final class New implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the key here.")
    Path out;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.generate();
      if (out == null) {
        System.out.print(signer.toPem());
        System.out.flush();
        System.err.println(signer.did());
        return 0;
      }
      if (Files.exists(out) && !force) {
        throw new IllegalArgumentException(out + " exists; pass --force to replace it (its identity would be lost)");
      }
      signer.save(out);
      System.out.println(signer.did());
      return 0;
    }
  }

  @Command(name = "did", mixinStandardHelpOptions = true,
      description = "Print the did:key of a key file.",
      footerHeading = "%nExample:%n",
      footer = "  ipvm key did --key ~/.ipvm/me.pem")
  static final class Did implements Callable<Integer> {
    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "PKCS#8 PEM key file.")
    Path key;

    @Override
    public Integer call() throws Exception {
      System.out.println(Signer.load(key).did());
      return 0;
    }
  }
}
