package dev.ipvm.workflow;

import static dev.ipvm.workflow.Wording.kind;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.ipld.Ipld;
import dev.ipvm.task.WasmRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client's conveniences in a native task, done while reading it: a {@code run.mod} that is a
 * path or a data: URI, and {@code {"file": path}} values, read relative to the document's folder.
 * Files are checked here (present, at most {@link WorkflowDocument#MAX_FILE_BYTES}, a module is
 * Wasm) so that a bad one fails before anything is signed or published.
 */
final class DocumentFiles {
  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

  private final Path base;
  private final String source;

  DocumentFiles(Path base, String source) {
    this.base = base;
    this.source = source;
  }

  /** {@code run.mod}: a link to a raw block or UnixFS file, a data: URI, or a .wasm file. */
  ModuleSource module(String at, Ipld mod) {
    if (mod == null) {
      throw fail(at, "\"run.mod\" is missing: a link to the module, a data: URI, or a .wasm file");
    }
    if (mod instanceof Ipld.Link l) {
      if (l.cid().codec() != Multicodec.RAW && l.cid().codec() != Multicodec.DAG_PB) {
        throw fail(at, "run.mod " + l.cid() + " is not a raw block or a UnixFS file (codec 0x"
            + Long.toHexString(l.cid().codec()) + "): publish modules with 'ipvm put'");
      }
      return new ModuleSource.Linked(l.cid());
    }
    if (!(mod instanceof Ipld.Text t)) {
      throw fail(at, "\"run.mod\" must be a link, a data: URI or a file path, got a " + kind(mod));
    }
    String text = t.value();
    if (text.startsWith("data:")) {
      if (!text.startsWith(WasmRun.DATA_URI_PREFIX)) {
        throw fail(at, "run.mod data: URI must start with \"" + WasmRun.DATA_URI_PREFIX + "\"");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text.substring(WasmRun.DATA_URI_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw fail(at, "run.mod data: URI is not valid base64: " + e.getMessage());
      }
      requireWasm(at, bytes, "the run.mod data: URI");
      return new ModuleSource.DataUri(text);
    }
    Path file = base.resolve(text);
    if (!Files.isRegularFile(file)) {
      String hint = Wording.looksLikeCid(text) ? " (a CID is written as a link: {\"/\": \"" + text + "\"})" : "";
      throw fail(at, "run.mod: no such file " + text + " (looked for " + file.normalize() + ")" + hint);
    }
    byte[] bytes = readFile(at, "run.mod", text, file);
    requireWasm(at, bytes, "run.mod " + text);
    return new ModuleSource.File(file.normalize(), bytes, Cid.of(Multicodec.RAW, bytes));
  }

  /**
   * The bytes of the file a {@code {"file": name}} names.
   *
   * @param path where the value is in the task, e.g. {@code run.params[0]}
   */
  byte[] read(String at, String path, String name) {
    Path file = base.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw fail(at, path + ": no such file " + name + " (looked for " + file.normalize() + ")");
    }
    return readFile(at, path, name, file);
  }

  private void requireWasm(String at, byte[] bytes, String what) {
    if (bytes.length < 8 || !Arrays.equals(bytes, 0, 4, WASM_MAGIC, 0, 4)) {
      throw fail(at, what + " is not a Wasm module (it does not start with \\0asm)");
    }
  }

  private byte[] readFile(String at, String where, String text, Path file) {
    try {
      long size = Files.size(file);
      if (size > WorkflowDocument.MAX_FILE_BYTES) {
        throw fail(at, where + ": " + text + " is " + size + " bytes; a file is at most "
            + WorkflowDocument.MAX_FILE_BYTES + " bytes (a Kafka record is 16 MiB)");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw fail(at, where + ": cannot read " + text + ": " + e);
    }
  }

  private WorkflowException fail(String at, String message) {
    return WorkflowException.at(source, at, message);
  }
}
