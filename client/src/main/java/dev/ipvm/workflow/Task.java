package dev.ipvm.workflow;

import dev.ipvm.cid.Cid;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.Command;
import java.util.List;

/**
 * One task as written, with its files read: a {@code run} task ({@code module}, {@code fun},
 * {@code params}; {@code args} null) or a {@code cmd} task ({@code args}; {@code module}, {@code
 * fun}, {@code params} null).
 *
 * @param index position in the document, from 0
 * @param name its name, or null
 * @param cmd the command: {@code /wasm/run} for a {@code run} task and a Homestar task
 * @param params the params with every {@code {"file": path}} replaced by the file's bytes; awaits
 *     of names are still {@code {"await/ok": "name"}}
 * @param args a {@code cmd} task's args, prepared like {@code params}
 * @param meta the invocation's meta, or null
 * @param nonce the nonce (empty: pure, memoizable)
 * @param randomNonce whether {@code nonce} was drawn at random for this reading of the document
 *     (an effect task without a {@code nonce}): its Task ID differs from run to run
 * @param awaits every await in {@code params} or {@code args}, in the order met
 * @param instruction for a Homestar task, its Instruction CID (dag-cbor, sha3-256 of its {@code
 *     run} map as written), which its awaits in {@code params} still link; null for ours
 */
public record Task(int index, String name, Command cmd, ModuleSource module, String fun, Ipld.List params,
    Ipld.Map args, Ipld.Map meta, byte[] nonce, boolean randomNonce, List<AwaitRef> awaits, Cid instruction) {
  /** Whether the document wrote this task in Homestar's shape. */
  public boolean homestar() {
    return instruction != null;
  }

  /** The name, or {@code #N} (its position, from 1) for a task without one. */
  public String label() {
    return name != null ? name : "#" + (index + 1);
  }

  /** How messages name the task: {@code task "crop"} or {@code task #2}. */
  String described() {
    return name != null ? "task \"" + name + "\"" : "task " + label();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }
}
