package dev.ipvm.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who runs the broker of a data directory, told by two file locks in it. The OS releases a lock
 * when its holder exits, however it exits, so a {@code kill -9} never leaves a stale one and a pid
 * in a file is never trusted on its own.
 *
 * <ul>
 *   <li>{@code broker.lock} is held by the broker JVM ({@link BrokerMain}) while it runs; its
 *       text is {@code pid=N} and {@code port=P} lines.
 *   <li>{@code owner.lock} is held by the JVM whose {@link LocalBroker} started or adopted that
 *       broker; its text is {@code pid=N}. A broker whose directory has no owner is an orphan.
 * </ul>
 */
final class BrokerLock implements AutoCloseable {
  static final String BROKER_FILE = "broker.lock";
  static final String OWNER_FILE = "owner.lock";
  /**
   * Directories owned in this JVM. Checked before opening owner.lock: closing a second channel on
   * a file would release this JVM's lock on it (POSIX locks belong to the process, not the channel).
   */
  private static final Set<Path> OWNED_HERE = ConcurrentHashMap.newKeySet();

  /** A broker JVM holding {@code broker.lock}. */
  record Running(ProcessHandle process, int port) {}

  private final Path dir;
  private final FileChannel channel;

  private BrokerLock(Path dir, FileChannel channel) {
    this.dir = dir;
    this.channel = channel;
  }

  /** Takes ownership of the directory's broker, or throws naming the process that has it. */
  static BrokerLock own(Path dir) throws IOException {
    if (!OWNED_HERE.add(dir)) {
      throw inUse(dir, ProcessHandle.current().pid());
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(dir.resolve(OWNER_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw inUse(dir, number(read(dir.resolve(OWNER_FILE)), "pid"));
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return new BrokerLock(dir, ch);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      OWNED_HERE.remove(dir);
      throw e;
    }
  }

  private static IOException inUse(Path dir, long pid) {
    return new IOException(dir + " is in use by process " + (pid < 0 ? "(unknown)" : pid)
        + ", which runs its broker: stop that process first, or use another data directory");
  }

  /** The broker running on the directory, if one holds {@code broker.lock}. */
  static Optional<Running> running(Path dir) throws IOException {
    Path file = dir.resolve(BROKER_FILE);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
      if (probe != null) {
        probe.release();
        return Optional.empty(); // nobody holds it: what it says is from a broker that exited
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("this JVM holds " + file + ": only broker JVMs may", e);
    }
    // the broker writes its pid and port right after locking: wait for them if it has just started
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      String text = read(file);
      long pid = number(text, "pid");
      long port = number(text, "port");
      Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
      if (process.isPresent() && port > 0) {
        return Optional.of(new Running(process.get(), (int) port));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(file + " is locked by a running process, but does not name its pid and port (\""
            + text.strip() + "\"): stop the broker of " + dir + " by hand");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + file, e);
      }
    }
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  /** The number on the line {@code key=N}, or -1. */
  private static long number(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key + "=")) {
        try {
          return Long.parseLong(line.substring(key.length() + 1).strip());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Gives up ownership (the OS does the same when this JVM exits). */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing releases the lock whatever else fails
    } finally {
      OWNED_HERE.remove(dir);
    }
  }
}
