package dev.ipvm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.job.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference in docs/job.md is the one {@link ConfigReference} makes from the
 * options. After changing an option, regenerate it:
 * {@code mvn -pl jobs test -Dtest=ConfigReferenceTest -Ddocs.update=true}.
 */
class ConfigReferenceTest {
  static final Path DOCS = Path.of("../docs/job.md");
  static final String BEGIN = "<!-- configuration reference: generated from JobOptions by ConfigReferenceTest -->\n";
  static final String END = "<!-- end of configuration reference -->";

  @Test
  void docsShowEveryOptionAsDeclared() throws Exception {
    String docs = Files.readString(DOCS);
    int begin = docs.indexOf(BEGIN);
    int end = docs.indexOf(END);
    assertThat(begin).as("docs/job.md has the markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String generated = ConfigReference.markdownTable();
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(DOCS, docs.substring(0, begin + BEGIN.length()) + generated + docs.substring(end));
      return;
    }
    assertThat(docs.substring(begin + BEGIN.length(), end))
        .as("docs/job.md is stale: run mvn -pl jobs test -Dtest=ConfigReferenceTest -Ddocs.update=true")
        .isEqualTo(generated);
  }
}
