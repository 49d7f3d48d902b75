package dev.ipvm.deploy;

import java.nio.file.Path;

/**
 * The parent JVM of {@link LocalBrokerTest}'s detached broker, as {@code ipvm dev} would be: starts
 * a detached, supervised broker on {@code args[0]}, prints {@code started PID PORT}, then waits to
 * be killed.
 */
final class DetachedParent {
  private DetachedParent() {}

  public static void main(String[] args) throws Exception {
    LocalBroker broker = LocalBroker.builder().dataDir(Path.of(args[0])).detached(true).supervise(true).build().start();
    System.out.println("started " + broker.pid() + " " + broker.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
