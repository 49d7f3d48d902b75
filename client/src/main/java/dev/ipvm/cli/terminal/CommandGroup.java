package dev.ipvm.cli.terminal;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands. Run without one, it is a usage mistake: the short usage
 * (its usage line and its commands) goes to standard error, and the exit code is 2.
 */
public abstract class CommandGroup implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    shortUsage(spec.commandLine());
    return spec.exitCodeOnInvalidInput();
  }

  /** The usage line, the commands and where to read more, on standard error. */
  public static void shortUsage(CommandLine cl) {
    CommandLine.Help help = cl.getHelp();
    PrintWriter err = cl.getErr();
    err.print(help.synopsisHeading());
    err.print(cl.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_SYNOPSIS).render(help));
    err.print(help.commandListHeading());
    err.print(help.commandList());
    err.println(UsageErrors.hint(cl));
    err.flush();
  }
}
