package dev.ipvm.deploy;

import java.io.IOException;

/**
 * The broker's main class in the child JVM: runs {@code kafka.Kafka} and exits when its standard
 * input reaches end of file, which happens when the parent JVM (holding the other end of the
 * pipe) dies, however it dies. Loaded by the child alone; it only uses the JDK and reflection.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws Throwable {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent: wait for end of file
        }
      } catch (IOException e) {
        // a broken pipe means the same as end of file
      }
      // Kafka's shutdown hook stops the broker cleanly; halt if that takes too long
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(20_000);
        } catch (InterruptedException ignored) {
          return;
        }
        Runtime.getRuntime().halt(1);
      }, "ipvm-broker-halt");
      halt.setDaemon(true);
      halt.start();
      System.exit(0);
    }, "ipvm-broker-parent-watch");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
