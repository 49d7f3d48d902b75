package dev.ipvm.cli.signing;

import dev.ipvm.cid.Cid;
import dev.ipvm.cli.terminal.Streams;
import dev.ipvm.ucan.Delegation;
import dev.ipvm.ucan.Signed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Delegation envelopes named on the command line ({@code --proof FILE}), in order and by CID. */
public record ProofFiles(List<Path> files, List<Signed<Delegation>> delegations) {

  public ProofFiles {
    files = List.copyOf(files);
    delegations = List.copyOf(delegations);
  }

  /** Reads each file as a delegation envelope; one that is not names its file. Signatures are not checked here. */
  public static ProofFiles read(List<Path> files) throws IOException {
    List<Signed<Delegation>> out = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = Streams.read(file);
      try {
        out.add(Delegation.decode(bytes));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--proof " + file + " is not a delegation: " + e.getMessage());
      }
    }
    return new ProofFiles(files, out);
  }

  /** The CIDs, in the order given: an invocation's {@code prf}. */
  public List<Cid> cids() {
    return delegations.stream().map(Signed::cid).toList();
  }

  /** The delegations by CID, for the validator's look-ups. */
  public Map<Cid, Signed<Delegation>> byCid() {
    Map<Cid, Signed<Delegation>> out = new LinkedHashMap<>();
    for (Signed<Delegation> d : delegations) {
      out.putIfAbsent(d.cid(), d);
    }
    return out;
  }

  public Optional<Signed<Delegation>> find(Cid cid) {
    return Optional.ofNullable(byCid().get(cid));
  }
}
