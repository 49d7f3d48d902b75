package dev.ipvm.wasm.module;

/**
 * One section of a module: its id and where it lies. {@code start} is the offset of the id byte,
 * {@code payloadStart} the first byte after the size, {@code end} one past the last payload byte.
 */
record Section(int id, int start, int payloadStart, int end) {
  static final int CUSTOM = 0;
  static final int TYPE = 1;
  static final int IMPORT = 2;
  static final int FUNCTION = 3;
  static final int TABLE = 4;
  static final int MEMORY = 5;
  static final int GLOBAL = 6;
  static final int EXPORT = 7;
  static final int START = 8;
  static final int ELEMENT = 9;
  static final int CODE = 10;
  static final int DATA = 11;
  static final int DATA_COUNT = 12;
  static final int TAG = 13;

  private static final String[] NAMES = {
    "custom", "type", "import", "function", "table", "memory", "global", "export", "start",
    "element", "code", "data", "datacount", "tag"
  };

  /** Position of each known section id in the required order (custom sections go anywhere). */
  private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

  static boolean isKnown(int id) {
    return id >= 0 && id < NAMES.length;
  }

  static String name(int id) {
    return isKnown(id) ? NAMES[id] : "unknown(" + id + ")";
  }

  /** Rank of a known non-custom section id in the order sections must appear in. */
  static int order(int id) {
    return ORDER[id];
  }

  String name() {
    return name(id);
  }

  /** "code section", for error messages. */
  String label() {
    return name() + " section";
  }
}
