package dev.ipvm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ipvm workflow}: run workflow documents, tasks that await each other's results. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
    description = {
        "Run workflows: documents of tasks that await each other's results.",
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
        "             \"params\": [{\"await/ok\": \"crop\"}]}}",
        "  ]}",
        "",
        "Each task becomes one /wasm/run invocation that your key signs (self-issued).",
        "  name    optional, unique: a letter or '_', then letters, digits, '_-.'",
        "  run     mod: a link to a raw block (ipvm put), a data: URI, or a path to a",
        "          .wasm file; fun: the function; params: its arguments (default [])",
        "  meta    optional: fuel, memory (bytes), time (ms), ... copied to the meta",
        "  nonce   optional hex; default empty: pure, memoized, shared by Task ID",
        "Resolved by the client before signing (paths relative to the document):",
        "  - a mod path is published to the blocks topic and replaced by its link;",
        "  - {\"file\": \"path\"} anywhere in params becomes that file's bytes.",
        "An await anywhere in params, {\"await/ok\" | \"await/error\" | \"await/*\": X},",
        "stands for the ok value, the error value, or the whole {ok|error: v} of task X:",
        "a name of this document, or a Task ID link {\"/\": \"bafyrei...\"} (any task).",
        "Names become Task IDs before signing, awaited tasks first, so a task's ID",
        "covers the IDs it awaits. An unknown or duplicate name or a cycle is an error."},
    subcommands = {WorkflowRunCommand.class, WorkflowTasksCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  ipvm workflow tasks pipeline.json     # check it: Task IDs and awaits",
        "  ipvm workflow run pipeline.json       # progress on stderr, values on stdout",
        "  ipvm workflow run pipeline.json --json"})
final class WorkflowCommand extends CommandGroup {}
