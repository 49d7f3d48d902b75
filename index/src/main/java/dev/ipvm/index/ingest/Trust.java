package dev.ipvm.index.ingest;

import dev.ipvm.ucan.DidKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** The executors whose receipts are indexed, by did:key. */
public record Trust(Set<String> executors) {
  public Trust {
    if (executors.isEmpty()) {
      throw new IllegalArgumentException("no trusted executor: give --trust DID (the executor's did:key) or --trust-file FILE");
    }
    for (String did : executors) {
      if (!DidKey.isValid(did)) {
        throw new IllegalArgumentException("'" + did + "' is not an Ed25519 did:key (did:key:z6Mk...)");
      }
    }
    executors = Set.copyOf(executors);
  }

  /** {@code dids}, and those of each file: one DID a line; blank lines and lines from '#' on are ignored. */
  public static Trust of(Collection<String> dids, Collection<Path> files) throws IOException {
    Set<String> all = new LinkedHashSet<>(dids);
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        int hash = line.indexOf('#');
        String did = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (!did.isEmpty()) {
          all.add(did);
        }
      }
    }
    return new Trust(all);
  }

  public boolean trusts(String did) {
    return executors.contains(did);
  }
}
