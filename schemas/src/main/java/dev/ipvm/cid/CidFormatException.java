package dev.ipvm.cid;

/** A CID, multihash, varint or multibase string that does not parse; the message says why. */
public class CidFormatException extends IllegalArgumentException {
  public CidFormatException(String message) {
    super(message);
  }
}
