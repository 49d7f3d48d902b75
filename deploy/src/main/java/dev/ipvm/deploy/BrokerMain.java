package dev.ipvm.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The broker's main class in the child JVM: holds the data directory's {@code broker.lock} (see
 * {@link BrokerLock}) and runs {@code kafka.Kafka}. Unless started detached ({@code
 * -Dipvm.broker.detached=true}), it exits when its standard input reaches end of file, which
 * happens when the parent JVM (holding the other end of the pipe) dies, however it dies. Loaded by
 * the child alone, from a directory holding only this class: it uses only the JDK and reflection.
 */
public final class BrokerMain {
  /** Open for the life of this JVM: the OS releases the lock when the JVM exits. */
  private static FileChannel lockChannel;

  private BrokerMain() {}

  public static void main(String[] args) throws Throwable {
    String lockFile = System.getProperty("ipvm.broker.lock");
    if (lockFile != null) {
      lock(Path.of(lockFile), Integer.getInteger("ipvm.broker.port", -1));
    }
    if (!Boolean.getBoolean("ipvm.broker.detached")) {
      watchParent();
    }
    try {
      Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Takes the broker lock and writes this JVM's pid and port into it; exits if another broker has it. */
  private static void lock(Path file, int port) throws IOException {
    lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      System.err.println("another broker holds " + file + ": exiting");
      System.exit(3);
    }
    lockChannel.truncate(0);
    String text = "pid=" + ProcessHandle.current().pid() + "\nport=" + port + "\n";
    lockChannel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    lockChannel.force(true);
  }

  private static void watchParent() {
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
  }
}
