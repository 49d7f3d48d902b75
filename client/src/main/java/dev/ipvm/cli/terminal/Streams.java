package dev.ipvm.cli.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command reads its input and writes its output: a file when one is named, else
 * standard input and output. Binary output is refused on a terminal.
 */
public final class Streams {
  /** Commands read at most this much, so a mistaken pipe fails fast instead of filling memory. */
  static final int MAX_INPUT = 64 * 1024 * 1024;

  private Streams() {}

  public static byte[] read(Path file) throws IOException {
    if (file != null && !file.toString().equals("-")) {
      if (Files.size(file) > MAX_INPUT) {
        throw new IOException(file + " is larger than " + MAX_INPUT + " bytes");
      }
      return Files.readAllBytes(file);
    }
    InputStream in = System.in;
    byte[] bytes = in.readNBytes(MAX_INPUT + 1);
    if (bytes.length > MAX_INPUT) {
      throw new IOException("standard input is larger than " + MAX_INPUT + " bytes");
    }
    return bytes;
  }

  public static String readText(Path file) throws IOException {
    return new String(read(file), StandardCharsets.UTF_8);
  }

  /** Writes bytes to {@code file}, or to standard output when it is not a terminal. */
  public static void writeBinary(byte[] bytes, Path file) throws IOException {
    if (file != null && !file.toString().equals("-")) {
      Files.write(file, bytes);
      return;
    }
    if (System.console() != null) {
      throw new IOException("refusing to write binary bytes to a terminal: redirect them (> file) or use --out FILE");
    }
    System.out.write(bytes);
    System.out.flush();
  }
}
