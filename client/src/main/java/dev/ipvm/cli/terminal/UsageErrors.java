package dev.ipvm.cli.terminal;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A usage mistake (a missing or unknown option, a bad value) in one or two lines and where to
 * read more, instead of the whole help: {@code ipvm: Missing required option: '--fun=NAME'} then
 * {@code Run 'ipvm run --help' for usage.}; exit code 2.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("ipvm: " + String.valueOf(e.getMessage()).replace('\n', ' '));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err); // "Did you mean: ...", when there is a guess
    err.println(hint(cl));
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** {@code Run 'ipvm run --help' for usage.} */
  public static String hint(CommandLine cl) {
    return "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.";
  }
}
