package dev.ipvm.dagjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipvm.ipld.Ipld;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the DAG-JSON decoder (docs/fuzzing.md). Every input either decodes
 * or is refused with a {@link DagJsonException} (its documented error; the decoder reads from
 * memory, so its {@code UncheckedIOException} path cannot happen and is a finding too). Only UTF-8
 * input decodes. A decoded value must re-encode without error to the canonical form, which decodes
 * to the same value and re-encodes to the same bytes.
 */
class DagJsonFuzzTest {

  @FuzzTest
  @DictionaryEntries({"{\"/\":", "{\"/\":{\"bytes\":\"", "\"bafyreidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu\"",
      "\"bytes\"", "1e400", "NaN", "-Infinity", "18446744073709551616", "-18446744073709551616", "\\ud800",
      "true", "false", "null"})
  void decode(byte[] input) {
    Ipld value;
    try {
      value = DagJson.decode(input);
    } catch (DagJsonException refused) {
      assertThat(refused.rule()).isNotNull();
      return;
    }
    // JSON text has no raw U+0000, so a zero byte means UTF-16 or UTF-32, which DAG-JSON is not
    assertThat(isUtf8(input) && !contains(input, (byte) 0)).as("only UTF-8 input decodes").isTrue();
    byte[] canonical = DagJson.encode(value);
    Ipld again = DagJson.decode(canonical);
    assertThat(again).isEqualTo(value);
    assertThat(DagJson.encode(again)).isEqualTo(canonical);
  }

  private static boolean contains(byte[] bytes, byte b) {
    for (byte x : bytes) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
