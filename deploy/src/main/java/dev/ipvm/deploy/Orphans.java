package dev.ipvm.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Brokers left running on a data directory by a detached {@link LocalBroker} whose JVM died. The
 * caller owns the directory ({@link BrokerLock#own}), so a broker running there has no live owner.
 * One is adopted only when that is safe: the new owner is detached too, wants the same port and
 * the same settings, and the broker answers; otherwise it is stopped (SIGTERM, then SIGKILL), which
 * leaves its data as a crash would, and Kafka recovers from that at the next start.
 */
final class Orphans {
  private Orphans() {}

  /**
   * The broker left running on the directory, adopted; null when none runs there or when it was
   * stopped because it may not be adopted. {@code port} is the one wanted, 0 for any.
   */
  static BrokerProcess adoptOrStop(BrokerFiles files, BrokerProcess.Launch launch, int port, Consumer<String> events,
      BooleanSupplier cancelled, Duration grace) throws IOException {
    Optional<BrokerLock.Running> left = BrokerLock.running(files.dir());
    if (left.isEmpty()) {
      return null;
    }
    BrokerProcess orphan = BrokerProcess.adopt(left.get());
    String where = "127.0.0.1:" + orphan.port() + " (pid " + orphan.pid() + ")";
    String refusal = refusal(orphan, files, launch, port, cancelled);
    if (refusal == null) {
      events.accept("reusing the broker left running on " + where);
      return orphan;
    }
    events.accept("stopping the broker left running on " + where + ": " + refusal);
    orphan.stop(grace);
    return null;
  }

  /** Why the orphan may not be adopted, or null. */
  private static String refusal(BrokerProcess orphan, BrokerFiles files, BrokerProcess.Launch launch, int port,
      BooleanSupplier cancelled) throws IOException {
    if (!launch.detached()) {
      return "this LocalBroker is not detached, so its broker must be this JVM's child";
    }
    if (port != 0 && port != orphan.port()) {
      return "port " + port + " is wanted";
    }
    Optional<Map<String, String>> written = files.writtenSettings();
    if (written.isEmpty()
        || !written.get().equals(files.settings(orphan.port(), BrokerFiles.controllerPort(written.get())))) {
      return "its settings differ from these";
    }
    try {
      orphan.awaitStarted(files, launch.startTimeout(), cancelled); // it may have been starting when its owner died
      return null;
    } catch (IOException e) {
      return "it does not answer on its port";
    }
  }

  /** Stops the broker left running on the directory; its pid, or empty when none runs there. */
  static Optional<Long> stop(Path dataDir, Duration grace) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    BrokerLock owned = BrokerLock.own(dir); // throws when a live LocalBroker runs it
    try {
      Optional<BrokerLock.Running> left = BrokerLock.running(dir);
      if (left.isEmpty()) {
        return Optional.empty();
      }
      BrokerProcess orphan = BrokerProcess.adopt(left.get());
      orphan.stop(grace);
      return Optional.of(orphan.pid());
    } finally {
      owned.close();
    }
  }
}
