package dev.ipvm.ucan;

/**
 * Which version spelling an invocation or delegation envelope is written under. Both are read
 * ({@link Invocation#TAGS}, {@link Delegation#TAGS}); this chooses the one written.
 */
public enum TagSpelling {
  /** UCAN 1.0.0 as released: {@code ucan/inv@1.0.0}, {@code ucan/dlg@1.0.0}. The default. */
  FINAL,
  /**
   * The release candidate: {@code ucan/inv@1.0.0-rc.1}, {@code ucan/dlg@1.0.0-rc.1}, for peers that
   * read only it (go-ucan, rs-ucan and iso-ucan write it).
   */
  RC1
}
