package dev.ipvm.job.blocks;

import dev.ipvm.cid.Cid;
import dev.ipvm.cid.Multicodec;
import dev.ipvm.unixfs.UnixFs;
import dev.ipvm.unixfs.UnixFsException;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bytes a CID stands for, read from a {@link BlockStore}: a raw block as it is, a dag-pb
 * root as the UnixFS file it heads (as {@code ipfs add} makes it). Every block is checked against
 * its CID; the wait for all of them ends at one deadline, and reading stops as soon as the file
 * passes its bound. Used for modules and for inputs passed by CID.
 */
public final class BlockFiles {
  private BlockFiles() {}

  /** Why a file could not be read. */
  public enum Failure {
    /** A block did not arrive by the deadline. */
    MISSING,
    /** The file is larger than the bound. */
    TOO_LARGE,
    /** The CID is neither raw nor dag-pb, or a node is no UnixFS file, or sizes disagree. */
    NOT_A_FILE
  }

  /** A file that could not be read, and why. */
  public static final class FileException extends RuntimeException {
    private final Failure failure;

    FileException(Failure failure, String message) {
      super(message);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  /** Whether {@link #read} can read this CID: raw or dag-pb. */
  public static boolean readable(Cid cid) {
    return cid.codec() == Multicodec.RAW || cid.codec() == Multicodec.DAG_PB;
  }

  /**
   * The file under {@code root}, waiting for its blocks until {@code deadlineNanos} (a
   * {@link System#nanoTime} value).
   *
   * @throws FileException when a block does not come in time, the file passes {@code maxBytes},
   *     or it is no file
   */
  public static byte[] read(BlockStore store, Cid root, long deadlineNanos, int maxBytes) {
    if (!readable(root)) {
      throw new FileException(Failure.NOT_A_FILE, root + " is " + Multicodec.name(root.codec()) + ", not raw or dag-pb");
    }
    Bounded out = new Bounded(maxBytes);
    try {
      UnixFs.reassemble(root, c -> fetch(store, c, deadlineNanos), out);
    } catch (UnixFsException e) {
      throw new FileException(Failure.NOT_A_FILE, e.getMessage());
    }
    return out.toByteArray();
  }

  private static byte[] fetch(BlockStore store, Cid cid, long deadlineNanos) {
    try {
      return store.get(cid).get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new FileException(Failure.MISSING, "block " + cid + " did not appear on the blocks topic in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FileException(Failure.MISSING, "interrupted while waiting for block " + cid);
    } catch (ExecutionException e) {
      throw new FileException(Failure.MISSING, "reading block " + cid + " failed: " + e.getCause());
    }
  }

  /** Refuses to grow past its bound, so a huge file is never held whole. */
  private static final class Bounded extends ByteArrayOutputStream {
    private final int max;

    Bounded(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if ((long) count + len > max) {
        throw new FileException(Failure.TOO_LARGE, "the file is larger than " + max + " bytes");
      }
      super.write(b, off, len);
    }
  }
}
