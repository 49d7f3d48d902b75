package dev.ipvm.ucan.authority;

import dev.ipvm.ucan.Command;
import java.util.List;

/**
 * Command attenuation: every proof's {@code cmd} must cover the invoked command, by whole path
 * segments ({@code /} covers everything, {@code /crud} covers {@code /crud} and
 * {@code /crud/read} but not {@code /crudx}). The authority a chain grants is what all its links
 * grant, so a link that names a broader command than the one before it widens nothing.
 */
final class Commands {
  private Commands() {}

  static void check(String cmd, List<Proof> chain) {
    for (Proof p : chain) {
      String delegated = p.delegation().cmd();
      if (!Command.covers(delegated, cmd)) {
        throw new Rejection(Failure.COMMAND_NOT_DELEGATED,
            p.label() + " delegates " + delegated + ", which does not cover " + cmd);
      }
    }
  }
}
