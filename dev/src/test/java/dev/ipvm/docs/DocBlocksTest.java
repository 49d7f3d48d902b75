package dev.ipvm.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runnable-docs conventions (docs/development.md), checked on the docs without a stack. */
class DocBlocksTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void parsesMarksAndExpectations() {
    String md = """
        text
        ```bash runnable
        bin/ipvm run CID --fun add 20 22
        # 42
        # bafkrei... (ignored: an illustration)
        bin/ipvm wasm run m.wasm --fun up   # "HELLO"   (stdout)
        bin/ipvm dag cid x
        # {"a":1}    (the exact block)
        bin/ipvm dag cid y || echo "exit $?"
        # exit 1
        ```

        <!-- not runnable: needs a Kubernetes cluster -->
        ```bash
        kubectl apply -k k8s/
        ```
        ````markdown
        ```bash runnable
        inside
        ```
        ````
        """;
    List<DocBlocks.Block> blocks = DocBlocks.parse("x.md", md);
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(0).runnable()).isTrue();
    assertThat(blocks.get(0).line()).isEqualTo(2);
    assertThat(blocks.get(0).expected()).containsExactly("42", "\"HELLO\"", "{\"a\":1}", "exit 1");
    assertThat(blocks.get(1).runnable()).isFalse();
    assertThat(blocks.get(1).reason()).isEqualTo("needs a Kubernetes cluster");
    assertThat(blocks.get(2).lang()).isEqualTo("markdown");
    assertThat(blocks.get(2).text()).contains("```bash runnable");
    assertThat(DocBlocks.shows("a\n  42\n", "42")).isTrue();
    assertThat(DocBlocks.shows("{\"a\":1}bafyrei\n", "{\"a\":1}")).isTrue();
    assertThat(DocBlocks.shows("x 42\n", "42")).isFalse();
  }

  /** Every bash block of README.md, docs/*.md and examples/README.md is runnable or says why not (others' pages aside). */
  @Test
  void everyBashBlockIsRunnableOrSaysWhyNot() throws Exception {
    List<String> unmarked = DocBlocks.all(ROOT).stream()
        .filter(b -> b.lang().equals("bash") || b.lang().equals("sh"))
        .filter(b -> !b.runnable() && b.reason() == null)
        .filter(b -> !DocBlocks.OTHERS.contains(b.file()))
        .map(DocBlocks.Block::where)
        .toList();
    assertThat(unmarked).as("bash blocks neither 'bash runnable' nor after <!-- not runnable: why -->").isEmpty();
    assertThat(DocBlocks.all(ROOT).stream().filter(DocBlocks.Block::runnable)).isNotEmpty();
  }
}
