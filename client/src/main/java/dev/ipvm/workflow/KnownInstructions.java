package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Task IDs of Homestar instructions that ran in other workflows, for the awaits of a document
 * that name an Instruction CID none of its own tasks has (Homestar's two-part workflows).
 *
 * @param taskIds Instruction CID to the Task ID of the invocation that ran it
 * @param searched where they were looked for, for the message when one is missing
 */
public record KnownInstructions(Map<Cid, Cid> taskIds, String searched) {
  /**
   * The invocation {@code meta} key under which the CLI writes a Homestar task's Instruction CID (a
   * link; meta is no part of the Task ID), so that it can be found again by its instruction.
   */
  public static final String META_KEY = "instruction";

  /** None known: the document is resolved offline. */
  public static final KnownInstructions NONE =
      new KnownInstructions(Map.of(), "offline, the invocations topic was not read ('ipvm workflow run' reads it)");

  public KnownInstructions {
    taskIds = Map.copyOf(new LinkedHashMap<>(taskIds));
    Objects.requireNonNull(searched, "searched");
  }
}
