package dev.ipvm.cli.signing;

import dev.ipvm.ucan.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The key that signs the user's invocations: {@code --key FILE}, else {@code $IPVM_HOME/user.pem}. */
public final class UserKey {
  /** The help of every {@code --key} option that signs: two short lines, so that no path is split. */
  public static final String HELP = "The signing key (PKCS#8 PEM).";
  public static final String HELP_DEFAULT = "Default: $IPVM_HOME/user.pem, created when missing.";

  private UserKey() {}

  /** The key in {@code file}, or the user's default key, created on first use. */
  public static Signer signer(Path file) throws IOException {
    if (file != null) {
      return Signer.load(file);
    }
    Path home = ipvmHome();
    Path pem = home.resolve("user.pem");
    if (Files.exists(pem)) {
      return Signer.load(pem);
    }
    if (!Files.isDirectory(home)) {
      Files.createDirectories(home);
      try {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
    }
    Signer signer = Signer.generate();
    signer.save(pem);
    System.err.println("ipvm: created your key " + pem + " (" + signer.did() + "); it signs your invocations");
    return signer;
  }

  /** {@code $IPVM_HOME}, else {@code ~/.ipvm}; the system property {@code ipvm.home} wins (tests). */
  static Path ipvmHome() {
    String dir = System.getProperty("ipvm.home");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("IPVM_HOME");
    }
    return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".ipvm");
  }
}
