package dev.ipvm.ucan;

/**
 * UCAN commands: lower-case, slash-separated paths such as {@code /wasm/run}. A command
 * starts with {@code /}, has no empty segments and no trailing slash; {@code /} alone is
 * the top command.
 */
public final class Command {
  private Command() {}

  /** Why {@code cmd} is not a valid command, or null when it is. */
  public static String problem(String cmd) {
    if (cmd.isEmpty() || cmd.charAt(0) != '/') {
      return "command '" + cmd + "' must start with '/'";
    }
    if (cmd.equals("/")) {
      return null;
    }
    if (cmd.endsWith("/")) {
      return "command '" + cmd + "' must not end with '/'";
    }
    if (cmd.contains("//")) {
      return "command '" + cmd + "' has an empty segment";
    }
    if (!cmd.equals(cmd.toLowerCase(java.util.Locale.ROOT))) {
      return "command '" + cmd + "' must be lower case";
    }
    return null;
  }

  /** Whether {@code cmd} is {@code parent} or lies under it ({@code /} covers everything). */
  public static boolean covers(String parent, String cmd) {
    return parent.equals("/") || cmd.equals(parent) || cmd.startsWith(parent + "/");
  }
}
