package dev.ipvm.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Restarts a {@link LocalBroker}'s broker when it exits while it should run: on the same port and
 * data directory, after a backoff that starts at {@link #FIRST_BACKOFF} and doubles up to {@link
 * #MAX_BACKOFF} while restarts fail or the broker keeps dying soon after starting. It gives up
 * after {@link #MAX_ATTEMPTS} failed restarts in a row, saying so. Each step is one line to the
 * broker's event listener.
 */
final class BrokerSupervisor {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  static final int MAX_ATTEMPTS = 10;
  /** A broker that ran this long is healthy again: the next crash waits the first backoff only. */
  private static final Duration STABLE = Duration.ofMinutes(1);

  /** Starts a new broker, or returns null when its {@link LocalBroker} is being closed. */
  interface Restart {
    BrokerProcess restart() throws IOException;
  }

  private final Supplier<BrokerProcess> current;
  private final Restart restart;
  private final BooleanSupplier closing;
  private final Consumer<String> events;
  private final Thread thread;

  private BrokerSupervisor(Supplier<BrokerProcess> current, Restart restart, BooleanSupplier closing,
      Consumer<String> events) {
    this.current = current;
    this.restart = restart;
    this.closing = closing;
    this.events = events;
    this.thread = new Thread(this::run, "ipvm-local-broker-supervisor");
    thread.setDaemon(true);
  }

  /** Supervises the broker that {@code current} returns until {@link #stop} or {@code closing}. */
  static BrokerSupervisor start(Supplier<BrokerProcess> current, Restart restart, BooleanSupplier closing,
      Consumer<String> events) {
    BrokerSupervisor s = new BrokerSupervisor(current, restart, closing, events);
    s.thread.start();
    return s;
  }

  /** Stops supervising, waiting (up to {@code wait}) for a restart in progress to give up. */
  void stop(Duration wait) {
    thread.interrupt();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    try {
      while (true) {
        BrokerProcess broker = current.get();
        long since = System.nanoTime();
        String how = broker.exited().get();
        if (stopping()) {
          return;
        }
        if (System.nanoTime() - since > STABLE.toNanos()) {
          backoff = FIRST_BACKOFF;
        }
        events.accept("the broker (pid " + broker.pid() + ") " + how + "; restarting it on port " + broker.port()
            + " in " + backoff.toSeconds() + " s");
        for (int attempt = 1; ; attempt++) {
          Thread.sleep(backoff.toMillis());
          if (stopping()) {
            return;
          }
          backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
          try {
            BrokerProcess again = restart.restart();
            if (again == null) {
              return;
            }
            events.accept("the broker is back on 127.0.0.1:" + again.port() + " (pid " + again.pid() + ")");
            break;
          } catch (IOException e) {
            if (stopping()) {
              return;
            }
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            if (attempt >= MAX_ATTEMPTS) {
              events.accept("gave up restarting the broker after " + attempt + " attempts: " + why);
              return;
            }
            events.accept("could not restart the broker (" + why + "); trying again in " + backoff.toSeconds() + " s");
          }
        }
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (ExecutionException e) {
      events.accept("stopped supervising the broker: " + e.getCause());
    }
  }

  private boolean stopping() {
    return Thread.currentThread().isInterrupted() || closing.getAsBoolean() || jvmShuttingDown();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** True once this JVM runs its shutdown hooks (a broker that exits then was most likely told to). */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
