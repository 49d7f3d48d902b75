package dev.ipvm.cli;

import dev.ipvm.cli.admin.GetCommand;
import dev.ipvm.cli.admin.StatusCommand;
import dev.ipvm.cli.admin.TopicCommand;
import dev.ipvm.cli.index.ReceiptCommand;
import dev.ipvm.cli.local.DagCommand;
import dev.ipvm.cli.local.WasmCommand;
import dev.ipvm.cli.remote.HttpCommand;
import dev.ipvm.cli.remote.PublishCommand;
import dev.ipvm.cli.remote.PutCommand;
import dev.ipvm.cli.remote.ReceiptsCommand;
import dev.ipvm.cli.remote.RunCommand;
import dev.ipvm.cli.remote.SubmitCommand;
import dev.ipvm.cli.terminal.CommandGroup;
import dev.ipvm.cli.terminal.Synopsis;
import dev.ipvm.cli.terminal.UsageErrors;
import dev.ipvm.cli.ucan.DelegationCommand;
import dev.ipvm.cli.ucan.InvocationCommand;
import dev.ipvm.cli.ucan.KeyCommand;
import dev.ipvm.cli.ucan.RevokeCommand;
import dev.ipvm.cli.workflow.WorkflowCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ipvm} command line. */
@Command(
    name = "ipvm",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    // one element per paragraph: picocli wraps each at the width (see HelpText in the tests)
    description = {"IPVM: content-addressed compute.",
        "Encode IPLD, manage keys, sign and inspect UCAN invocations and delegations, run Wasm locally, and use a "
            + "running IPVM over Kafka (put, run, http, publish, receipts, workflow)."},
    subcommands = {DagCommand.class, KeyCommand.class, InvocationCommand.class, DelegationCommand.class, WasmCommand.class,
        PutCommand.class, RunCommand.class, SubmitCommand.class, HttpCommand.class, PublishCommand.class, ReceiptsCommand.class,
        ReceiptCommand.class, GetCommand.class, TopicCommand.class, StatusCommand.class,
        RevokeCommand.class,
        WorkflowCommand.class,
        LauncherCommands.Dev.class, LauncherCommands.Cluster.class, LauncherCommands.Index.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  echo '{\"hello\":\"world\"}' | ipvm dag cid --codec dag-json",
        "  ipvm key new --out ~/.ipvm/me.pem",
        "  ipvm invocation new --key ~/.ipvm/me.pem --cmd /wasm/run --out inv.cbor",
        "  ipvm invocation inspect inv.cbor",
        "  ipvm delegation new --key ~/.ipvm/me.pem --aud did:key:z6Mk... \\",
        "      --cmd /wasm --out dlg.cbor",
        "  ipvm run functions/src/main/resources/samples/math.wasm --fun add 20 22",
        "  ipvm http post https://example.org/hook --data 'hello'",
        "  ipvm publish greetings hello",
        "  ipvm receipts --follow",
        "  ipvm workflow run pipeline.json",
        "  bin/ipvm dev        # the local stack that these commands talk to"})
public final class Main extends CommandGroup {
  static {
    // kafka-clients logs through slf4j-simple, silent by default (simplelogger.properties)
    if (System.getenv("IPVM_DEBUG") != null && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the CLI and returns its exit code: 0 ok, 1 bad input or failure, 2 usage error (then
   * standard error has one or two lines and a hint to --help; with no command at all, the short usage).
   */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new UsageErrors());
    Synopsis.install(cl);
    return cl;
  }

  /** Prints a failure as one line, {@code ipvm: reason}, instead of a stack trace. */
  static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
      String message;
      if (e instanceof java.nio.file.NoSuchFileException f) {
        message = "no such file: " + f.getFile();
      } else if (e instanceof java.nio.file.AccessDeniedException f) {
        message = "permission denied: " + f.getFile();
      } else {
        message = e.getMessage() != null ? e.getMessage() : e.toString();
      }
      cl.getErr().println("ipvm: " + message.replace('\n', ' '));
      if (System.getenv("IPVM_DEBUG") != null) {
        e.printStackTrace(cl.getErr());
      }
      return 1;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ipvm " + (v != null ? v : "development build")};
    }
  }
}
