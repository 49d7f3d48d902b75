package dev.ipvm.job;

import dev.ipvm.deploy.LocalBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One real KRaft broker for every test in this JVM (started on first use, stopped at exit). */
final class TestBroker {
  private static LocalBroker broker;

  private TestBroker() {}

  static synchronized String bootstrap() {
    if (broker == null) {
      try {
        Path dir = Files.createTempDirectory("ipvm-test-broker-");
        broker = LocalBroker.builder().dataDir(dir).port(0).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return broker.bootstrap();
  }
}
