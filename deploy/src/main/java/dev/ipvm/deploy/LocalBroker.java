package dev.ipvm.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) run from the Maven jars as a
 * child JVM, with its data in one directory so that a restart keeps its topics and records.
 *
 * <pre>{@code
 * try (LocalBroker broker = LocalBroker.builder().dataDir(dir).port(0).build().start()) {
 *   String bootstrap = broker.bootstrap();   // "127.0.0.1:40123"
 * }
 * }</pre>
 *
 * <p>{@link #start()} writes the settings into the data directory, formats the storage once, spawns
 * {@code kafka.Kafka} with the same {@code java} as this JVM and waits until the port accepts
 * connections and the broker logs that it started ({@link BrokerFiles} has the files, {@link
 * BrokerProcess} the child). A failure to start throws with the last lines of the broker's logs.
 *
 * <p>{@link #close()} stops the child (SIGTERM, then SIGKILL after 20 s), and so does a shutdown
 * hook when this JVM exits normally (Ctrl-C, SIGTERM, {@code System.exit}). When this JVM dies
 * without running its hooks ({@code kill -9}, a crash):
 *
 * <ul>
 *   <li>by default the child exits too: it watches its standard input, a pipe from this JVM;
 *   <li>with {@link Builder#detached(boolean) detached(true)} it keeps running, and the next
 *       detached {@code LocalBroker} on the same directory adopts it: same process, port and data.
 *       It stops when that one is closed, or with {@link #stopOrphan(Path)}.
 * </ul>
 *
 * <p>With {@link Builder#supervise(boolean) supervise(true)}, a broker that exits while it should
 * run is restarted on the same port and directory ({@link BrokerSupervisor}). Who runs which
 * directory is decided by file locks ({@link BrokerLock}): one {@code LocalBroker} at a time per
 * directory, in any JVM. {@link Orphans} decides whether a broker left running may be adopted.
 *
 * <p>Only the JDK is used here: Kafka's server classes stay on the child's classpath (read from
 * the {@code broker.classpath} resource written at build time) and never on the caller's.
 */
public final class LocalBroker implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /**
   * How long {@link #start()} waits by default: a broker starts in seconds on an idle machine, but
   * a loaded one (a build and tests on two cores) has taken over a minute, and a false failure
   * costs more than a long wait for one that really fails (that exits, and is reported, at once).
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);

  private final BrokerFiles files;
  private final int requestedPort;
  private final BrokerProcess.Launch launch;
  private final boolean supervise;
  private final Consumer<String> events;

  private int port;
  private BrokerLock owner;
  private volatile BrokerProcess broker;
  private volatile BrokerSupervisor supervisor;
  private volatile boolean closing;
  private Thread shutdownHook;

  LocalBroker(BrokerFiles files, int port, BrokerProcess.Launch launch, boolean supervise, Consumer<String> events) {
    this.files = files;
    this.requestedPort = port;
    this.launch = launch;
    this.supervise = supervise;
    this.events = events;
  }

  public static LocalBrokerBuilder builder() {
    return new LocalBrokerBuilder();
  }

  /**
   * Starts the broker, or adopts the one left running on the directory (when detached), and waits
   * until it serves clients. After {@link #close()} it may be started again; it then keeps its port
   * (and its data).
   *
   * @return this broker
   * @throws IOException when the port is taken, the directory is in use by another live {@code
   *     LocalBroker}, the broker exits, or it does not start in time
   */
  public synchronized LocalBroker start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("the broker in " + dataDir() + " is already running on port " + port);
    }
    if (owner != null) {
      close(); // its broker exited (unsupervised, or the supervisor gave up): start afresh
    }
    Files.createDirectories(dataDir());
    owner = BrokerLock.own(dataDir());
    closing = false;
    shutdownHook = new Thread(this::stopAtExit, "ipvm-local-broker-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      int wanted = port != 0 ? port : requestedPort;
      broker = Orphans.adoptOrStop(files, launch, wanted, events, () -> closing, STOP_GRACE);
      if (broker != null) {
        port = broker.port();
      } else {
        if (port == 0) {
          port = requestedPort != 0 ? requestedPort : BrokerProcess.freePort();
        }
        broker = BrokerProcess.launch(files, port, launch);
        broker.awaitStarted(files, launch.startTimeout(), () -> closing);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    if (supervise) {
      supervisor = BrokerSupervisor.start(() -> broker, this::restart, () -> closing, events);
    }
    return this;
  }

  /** For the supervisor: starts a new broker on the same port, unless this is being closed. */
  private synchronized BrokerProcess restart() throws IOException {
    if (closing) {
      return null;
    }
    broker = BrokerProcess.launch(files, port, launch);
    return broker.awaitStarted(files, launch.startTimeout(), () -> closing);
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrap() {
    if (port == 0) {
      throw new IllegalStateException("the broker has not been started");
    }
    return "127.0.0.1:" + port;
  }

  /** The client port (0 before the first start when a free one is to be picked). */
  public int port() {
    return port;
  }

  public Path dataDir() {
    return files.dir();
  }

  /** The broker's log, {@code broker.log} in the data directory. */
  public Path logFile() {
    return files.log();
  }

  /** The child's standard output and error (JVM crashes, logging setup errors). */
  public Path outFile() {
    return files.out();
  }

  public boolean isRunning() {
    BrokerProcess b = broker;
    return b != null && b.isAlive();
  }

  /** The broker's process id (it changes when a supervised broker is restarted). */
  public long pid() {
    BrokerProcess b = broker;
    if (b == null) {
      throw new IllegalStateException("the broker has not been started");
    }
    return b.pid();
  }

  /** Stops the broker and waits for it to exit (up to 20 s, then it is killed). Idempotent. */
  @Override
  public void close() {
    closing = true;
    stopSupervisor(); // outside the lock: a restart in progress holds it until it gives up
    synchronized (this) {
      BrokerProcess b = broker;
      broker = null;
      if (b != null) {
        b.stop(STOP_GRACE);
      }
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run
        }
        shutdownHook = null;
      }
      if (owner != null) {
        owner.close();
        owner = null;
      }
    }
  }

  /**
   * Lets a detached broker outlive this JVM: this {@code LocalBroker} forgets it without stopping
   * it (no supervisor, no shutdown hook, the directory's ownership released). The next detached
   * {@code LocalBroker} on the directory with the same port and settings adopts it, and {@link
   * #stopOrphan} stops it. What {@code ipvm cluster up} does, since the command exits and the
   * cluster stays.
   *
   * @throws IllegalStateException when the broker is not detached or not running
   */
  public synchronized void leaveRunning() {
    if (!launch.detached()) {
      throw new IllegalStateException("only a detached broker may outlive its JVM");
    }
    if (!isRunning()) {
      throw new IllegalStateException("the broker in " + dataDir() + " is not running");
    }
    closing = true;
    stopSupervisor();
    broker = null;
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook = null;
    }
    owner.close();
    owner = null;
  }

  /** A broker JVM running on a data directory: its pid and client port. */
  public record Running(long pid, int port) {
    public String bootstrap() {
      return "127.0.0.1:" + port;
    }
  }

  /** The broker running on {@code dataDir}, whoever started it; empty when none runs there. */
  public static Optional<Running> running(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return BrokerLock.running(dir).map(r -> new Running(r.process().pid(), r.port()));
  }

  /** The shutdown hook: like close, without the lock that a starting thread may hold. */
  private void stopAtExit() {
    closing = true;
    stopSupervisor();
    BrokerProcess b = broker;
    if (b != null) {
      b.stop(STOP_GRACE);
    }
  }

  private void stopSupervisor() {
    BrokerSupervisor s = supervisor;
    supervisor = null;
    if (s != null) {
      s.stop(STOP_GRACE.plusSeconds(5));
    }
  }

  /**
   * Stops the broker left running on {@code dataDir} by a detached {@code LocalBroker} whose JVM
   * died, and returns its pid; empty when none runs there.
   *
   * @throws IOException when a live {@code LocalBroker} owns the directory (stop that instead)
   */
  public static Optional<Long> stopOrphan(Path dataDir) throws IOException {
    return Orphans.stop(dataDir, STOP_GRACE);
  }

  @Override
  public String toString() {
    return "LocalBroker[" + (port == 0 ? "not started" : bootstrap()) + ", " + dataDir() + "]";
  }
}
