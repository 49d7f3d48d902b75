package dev.ipvm.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a {@link LocalBroker}; only the data directory is required. */
public final class LocalBrokerBuilder {
  private Path dataDir;
  private int port = 0;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private Duration startTimeout = LocalBroker.DEFAULT_START_TIMEOUT;
  private String maxHeap = "512m";
  private final List<String> jvmOptions = new ArrayList<>();
  private boolean detached;
  private boolean supervise;
  private Consumer<String> events = line -> System.err.println("LocalBroker: " + line);

  LocalBrokerBuilder() {}

  /** Where the broker keeps its configuration, logs and data (created when missing). */
  public LocalBrokerBuilder dataDir(Path dir) {
    this.dataDir = Objects.requireNonNull(dir, "dataDir");
    return this;
  }

  /** The client port on 127.0.0.1; 0 (the default) picks a free one at the first start. */
  public LocalBrokerBuilder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    this.port = port;
    return this;
  }

  /** A server property added to, or replacing one of, the defaults in server.properties. */
  public LocalBrokerBuilder property(String key, String value) {
    properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** How long {@link LocalBroker#start()} waits for the broker (default {@link LocalBroker#DEFAULT_START_TIMEOUT}, 180 s). */
  public LocalBrokerBuilder startTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive");
    }
    this.startTimeout = timeout;
    return this;
  }

  /** The child's {@code -Xmx} (default {@code 512m}). */
  public LocalBrokerBuilder maxHeap(String xmx) {
    this.maxHeap = Objects.requireNonNull(xmx, "maxHeap");
    return this;
  }

  /** An extra option for the child JVM, e.g. {@code -XX:+UseSerialGC}. */
  public LocalBrokerBuilder jvmOption(String option) {
    jvmOptions.add(Objects.requireNonNull(option, "option"));
    return this;
  }

  /**
   * Whether the broker outlives a {@code kill -9} of this JVM, to be adopted by the next detached
   * {@code LocalBroker} on the same directory (default false: it dies with this JVM).
   */
  public LocalBrokerBuilder detached(boolean detached) {
    this.detached = detached;
    return this;
  }

  /** Whether a broker that exits while it should run is restarted (default false). */
  public LocalBrokerBuilder supervise(boolean supervise) {
    this.supervise = supervise;
    return this;
  }

  /** Where lines about adoption and restarts go (default: standard error). */
  public LocalBrokerBuilder events(Consumer<String> events) {
    this.events = Objects.requireNonNull(events, "events");
    return this;
  }

  public LocalBroker build() {
    if (dataDir == null) {
      throw new IllegalStateException("LocalBroker needs a data directory: builder().dataDir(dir)");
    }
    return new LocalBroker(new BrokerFiles(dataDir.toAbsolutePath().normalize(), properties), port,
        new BrokerProcess.Launch(maxHeap, List.copyOf(jvmOptions), detached, startTimeout), supervise, events);
  }
}
