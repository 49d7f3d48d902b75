package dev.ipvm.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** After an effect's error receipt, "leave --nonce out" is said only to one who gave --nonce. */
class RetryHintTest {
  @Test
  void onlyWithAGivenNonce() {
    assertThat(Submission.retryHint(true)).contains("to try again, leave --nonce out");
    assertThat(Submission.retryHint(false)).isNull();
  }
}
