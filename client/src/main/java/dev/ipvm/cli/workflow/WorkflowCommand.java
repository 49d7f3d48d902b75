package dev.ipvm.cli.workflow;

import dev.ipvm.cli.terminal.CommandGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ipvm workflow}: run workflow documents, tasks that await each other's results. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
    description = {
        "Run workflows: documents of tasks that await each other.",
        "",
        "A workflow is a DAG-JSON document:",
        "",
        "  {\"tasks\": [",
        "    {\"name\": \"crop\",",
        "     \"run\": {\"mod\": \"image.wasm\", \"fun\": \"crop\",",
        "             \"params\": [{\"file\": \"sample.ppm\"}, 10, 20, 128, 96]},",
        "     \"meta\": {\"fuel\": 1000000000}},",
        "    {\"name\": \"rotate\",",
        "     \"run\": {\"mod\": {\"/\": \"bafkrei...\"}, \"fun\": \"rotate90\",",
        "             \"params\": [{\"await/ok\": \"crop\"}]}},",
        "    {\"name\": \"upload\", \"cmd\": \"/http/put\",",
        "     \"args\": {\"url\": \"https://example.org/r.ppm\",",
        "              \"body\": {\"await/ok\": \"rotate\"}}}",
        "  ]}",
        "",
        "Each task becomes one invocation that your key signs (self-issued). Its fields:",
        "  name    optional, unique: a letter or '_', then letters, digits, '_-.'",
        "  run     a /wasm/run task: mod: a link to a raw block (ipvm put), a data:",
        "          URI, or a path to a .wasm file; fun: the function; params: its",
        "          arguments (default [])",
        "  cmd     instead of run: the command, e.g. /http/post, /kafka/publish",
        "  args    with cmd: its arguments (checked now unless they hold awaits)",
        "  meta    optional: fuel, memory (bytes), time (ms), ... copied to the meta",
        "  nonce   optional hex; default empty: pure, memoized, shared by Task ID;",
        "          for an effect (cmd other than /wasm/run), default a random nonce",
        "          on every run, so each run performs it again (and its Task ID and",
        "          those of the tasks awaiting it change per run); pin it to make",
        "          every run the same effect, which runs at most once",
        "Resolved by the client before signing (paths relative to the document):",
        "  - a mod path is published to the blocks topic and replaced by its link;",
        "  - {\"file\": \"path\"} anywhere in params or args becomes that file's bytes.",
        "An await anywhere in params or args, {\"await/ok\" | \"await/error\" | \"await/*\": X}, stands for the ok "
            + "value, the error value, or the whole {ok|error: v} of task X: a name of this document, or a Task ID "
            + "link {\"/\": \"bafyrei...\"} (any task).",
        "Names become Task IDs before signing, awaited tasks first, so a task's ID covers the IDs it awaits. An "
            + "unknown or duplicate name or a cycle is an error.",
        "",
        "Homestar workflows run unchanged:",
        "  {\"tasks\": [{\"run\": {\"rsc\": \"ipfs://bafkrei...\", \"op\": \"wasm/run\",",
        "                        \"input\": {\"func\", \"args\"}, \"nnc\": \"\"},",
        "              \"meta\": {...}, \"prf\": [], \"cause\": null}]}",
        "Their rsc is a raw block published with 'ipvm put'; an await links a task's Instruction CID (bafyrmi..., "
            + "see 'workflow tasks') and becomes its Task ID; a meta integer above 2^64-1 (Homestar's fuel) is read "
            + "as 2^64-1."},
    subcommands = {WorkflowRunCommand.class, WorkflowTasksCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm workflow tasks pipeline.json     # check it: Task IDs and awaits",
        "  ipvm workflow run pipeline.json       # progress on stderr, values on stdout",
        "  ipvm workflow run pipeline.json --json"})
public final class WorkflowCommand extends CommandGroup {}
