package dev.ipvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipvm.testing.TestBroker;
import dev.ipvm.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link FakeExecutor}s a test starts, closed after each test, which then fails if one of
 * their threads failed. Register with {@code @RegisterExtension}.
 */
final class FakeExecutors implements AfterEachCallback {
  private final List<FakeExecutor> started = new ArrayList<>();

  /** Starts a fake executor answering on the test broker's {@code topics}. */
  FakeExecutor start(Topics topics) {
    FakeExecutor e = new FakeExecutor(TestBroker.bootstrap(), topics);
    started.add(e);
    return e;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (FakeExecutor e : started) {
      e.close();
      assertThat(e.failure()).as("the fake executor's thread failed").isNull();
    }
    started.clear();
  }
}
