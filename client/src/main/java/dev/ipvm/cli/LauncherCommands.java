package dev.ipvm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ipvm dev}, {@code ipvm cluster} and {@code ipvm index} in the CLI's own listing: bin/ipvm
 * runs them from their modules (dev.ipvm.local.DevCommand, dev.ipvm.cluster.ClusterCommand,
 * dev.ipvm.index.IndexCommand), which the CLI's jar
 * does not hold, so that {@code ipvm --help} lists them and {@code ipvm help dev} says where they
 * are instead of "Unknown subcommand".
 */
final class LauncherCommands {
  private LauncherCommands() {}

  /** Run from the jar rather than through bin/ipvm: say where the command is. */
  abstract static class Elsewhere implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> given = new ArrayList<>();

    @Override
    public Integer call() {
      String name = spec.name();
      spec.commandLine().getErr().println("ipvm: '" + name + "' is run by bin/ipvm from the " + name
          + " module, not by this jar: bin/ipvm " + name + " --help lists its options.");
      return spec.exitCodeOnInvalidInput();
    }
  }

  @Command(name = "dev",
      description = {"Run the local stack: broker, topics and the Flink job.",
          "The launcher bin/ipvm runs it from the dev module, not from the CLI's jar: 'bin/ipvm dev --help' lists its "
              + "options and 'bin/ipvm dev --help-config' the job's settings."},
      footerHeading = "%nExamples:%n",
      footer = {"  bin/ipvm dev",
          "  bin/ipvm dev --kafka-port 19092 --data /tmp/ipvm-dev",
          "  bin/ipvm dev --help"})
  static final class Dev extends Elsewhere {}

  @Command(name = "cluster",
      description = {"Run a Flink cluster of processes on this machine.",
          "The launcher bin/ipvm runs it, and the job on it, from the cluster module, not from the CLI's jar: "
              + "'bin/ipvm cluster --help' lists its commands (up, submit, status, rescale, down, ...)."},
      footerHeading = "%nExamples:%n",
      footer = {"  bin/ipvm cluster up --taskmanagers 2",
          "  bin/ipvm cluster submit",
          "  bin/ipvm cluster --help"})
  static final class Cluster extends Elsewhere {}

  @Command(name = "index",
      description = {"Run the receipt index, which answers lookups over HTTP.",
          "The launcher bin/ipvm runs it from the index module, not from the CLI's jar: 'bin/ipvm index --help' lists "
              + "its options. The 'ipvm receipt' command queries it."},
      footerHeading = "%nExamples:%n",
      footer = {"  bin/ipvm index --trust did:key:z6Mk...     # the executor's DID",
          "  bin/ipvm index --help"})
  static final class Index extends Elsewhere {}
}
