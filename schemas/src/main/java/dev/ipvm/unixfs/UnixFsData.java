package dev.ipvm.unixfs;

import java.util.ArrayList;
import java.util.List;

/**
 * The UnixFS {@code Data} message of a file node: Type (1), Data (2, inline file bytes, only
 * read), filesize (3) and blocksizes (4, repeated, not packed). Mode, mtime and the directory
 * fields are not supported.
 */
record UnixFsData(int type, byte[] data, long fileSize, List<Long> blockSizes) {
  static final int TYPE_RAW = 0;
  static final int TYPE_FILE = 2;

  static byte[] encodeFile(long fileSize, List<Long> blockSizes) {
    Protobuf.Writer w = new Protobuf.Writer().varintField(1, TYPE_FILE).varintField(3, fileSize);
    for (long size : blockSizes) {
      w.varintField(4, size);
    }
    return w.toByteArray();
  }

  static UnixFsData decode(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "UnixFS Data");
    Integer type = null;
    byte[] data = null;
    Long fileSize = null;
    List<Long> blockSizes = new ArrayList<>();
    while (r.hasNext()) {
      r.next();
      switch (r.field()) {
        case 1 -> type = (int) r.readVarint();
        case 2 -> data = r.readBytes();
        case 3 -> fileSize = r.readVarint();
        case 4 -> {
          if (r.wireType() == Protobuf.LENGTH_DELIMITED) {
            throw r.error("packed blocksizes are not UnixFS");
          }
          blockSizes.add(r.readVarint());
        }
        default -> throw r.unexpected();
      }
    }
    if (type == null) {
      throw r.error("no Type");
    }
    return new UnixFsData(type, data == null ? new byte[0] : data,
        fileSize == null ? -1 : fileSize, List.copyOf(blockSizes));
  }
}
