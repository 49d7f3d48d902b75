package dev.ipvm.cli;

import static dev.ipvm.cli.TestDeployment.ipvm;
import static dev.ipvm.cli.TestDeployment.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.topic.Topics;
import dev.ipvm.unixfs.UnixFs;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm put} in-process against the test broker: blocks keyed by their CIDs, UnixFS, limits. */
class PutCommandIT {
  @TempDir
  Path dir;

  static Topics topics() throws Exception {
    return TestDeployment.freshTopics("p", 1);
  }

  @Test
  void putPublishesARawBlockKeyedByItsCid() throws Exception {
    Topics t = topics();
    byte[] big = new byte[2 * 1024 * 1024]; // above Kafka's 1 MiB default: needs the producer and topic settings
    new Random(7).nextBytes(big);
    Path file = dir.resolve("big.bin");
    Files.write(file, big);

    CliTest.Result r = ipvm(t, "put", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Cid cid = Cid.parse(r.text().strip());
    assertThat(cid).isEqualTo(Cid.of(Multicodec.RAW, big));
    assertThat(r.text().strip()).startsWith("bafkrei");
    UnixFs.Imported imported = UnixFs.importFile(big);
    assertThat(r.err()).isEqualTo("unixfs " + imported.root() + System.lineSeparator());
    assertThat(r.err()).startsWith("unixfs bafybei");

    // the raw block, then the UnixFS blocks: 8 raw chunks and their dag-pb root, root last
    List<ConsumerRecord<String, byte[]>> records = readAll(t.blocks(), "read_uncommitted");
    assertThat(records).hasSize(1 + imported.blocks().size()).hasSize(10);
    assertThat(records.get(0).key()).isEqualTo(cid.toString());
    assertThat(records.get(records.size() - 1).key()).isEqualTo(imported.root().toString());
    Map<Cid, byte[]> blocks = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(Cid.parse(record.key()).verifies(record.value())).isTrue();
      blocks.put(Cid.parse(record.key()), record.value());
    }
    assertThat(UnixFs.reassemble(imported.root(), blocks::get)).isEqualTo(big);
  }

  @Test
  void putOfAOneChunkFileSaysItsUnixFsCidIsTheRawBlock() throws Exception {
    Topics t = topics();
    Path file = dir.resolve("small.txt");
    Files.writeString(file, "hello world");
    CliTest.Result r = ipvm(t, "put", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String raw = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    assertThat(r.text()).isEqualTo(raw + System.lineSeparator());
    assertThat(r.err()).isEqualTo("unixfs " + raw + " (one chunk: the raw block itself)" + System.lineSeparator());
    assertThat(readAll(t.blocks(), "read_uncommitted")).hasSize(1);
  }

  @Test
  void putRefusesFilesLargerThanABlock() throws Exception {
    Path file = dir.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(17L * 1024 * 1024); // sparse
    }
    CliTest.Result r = CliTest.run("", "put", "--bootstrap", "127.0.0.1:1", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("ipvm: " + file + " is 17825792 bytes; a block is at most 16773120 bytes"
        + " (16 MiB less 4 KiB for the record around it)" + System.lineSeparator());
  }
}
