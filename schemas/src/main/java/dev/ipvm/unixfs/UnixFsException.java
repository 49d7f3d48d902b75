package dev.ipvm.unixfs;

/** A UnixFS file that cannot be read: a missing or corrupt block, a non-file node, sizes that disagree. */
public class UnixFsException extends RuntimeException {
  public UnixFsException(String message) {
    super(message);
  }
}
