package dev.ipvm.k8s;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** What to do when a tool or file the tests need is missing: skip locally, fail on CI. */
final class Prerequisites {
  private Prerequisites() {}

  /**
   * Aborts the test (skipped, with {@code message}) on a developer's machine; fails it when the
   * environment variable {@code CI} is set, so CI never passes by skipping the checks.
   */
  static void missing(String message) {
    String ci = System.getenv("CI");
    if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
      Assertions.fail(message + " (CI is set, so this fails instead of being skipped)");
    }
    Assumptions.abort(message + " (skipped; on CI, with CI set, this fails)");
  }

  /**
   * Skips the test, on CI too, saying why: for what this project may not commit and a machine may
   * not be able to download (the operators' CRD files without access to GitHub).
   */
  static void unavailable(String message) {
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }
}
