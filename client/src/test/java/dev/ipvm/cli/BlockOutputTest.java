package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a command writes as a block is the block's exact bytes, so that its CID is the one other
 * implementations compute: no newline after DAG-JSON (one only on a terminal). And a file that
 * is not there is named as such.
 */
class BlockOutputTest {

  @Test
  void dagEncodeToDagJsonWritesTheExactBlock() {
    CliTest.Result r = CliTest.run("{\"b\":1,\"a\":[true,null,1.5]}", "dag", "encode", "--from", "dag-json",
        "--to", "dag-json");
    assertThat(r.code()).isZero();
    byte[] block = "{\"a\":[true,null,1.5],\"b\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(r.out()).isEqualTo(block); // no trailing newline
    CliTest.Result cid = CliTest.run(r.out(), "dag", "cid", "--codec", "dag-json");
    assertThat(cid.text().strip()).isEqualTo(Cid.of(Multicodec.DAG_JSON, block).toString());
  }

  @Test
  void aMissingModuleFileIsNoSuchFile() {
    CliTest.Result r = CliTest.run("", "run", "nosuch.wasm", "--fun", "f", "--bootstrap", "127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ipvm: no such file: nosuch.wasm" + System.lineSeparator());
    CliTest.Result badCid = CliTest.run("", "run", "bafkreinotacid0000000000000000", "--fun", "f",
        "--bootstrap", "127.0.0.1:1");
    assertThat(badCid.code()).isEqualTo(1);
    assertThat(badCid.err()).startsWith("ipvm: MODULE 'bafkreinotacid0000000000000000' is not a valid CID");
  }
}
