package dev.ipvm.cli.admin;

import dev.ipvm.cli.kafka.Kafka;
import dev.ipvm.cli.kafka.KafkaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ipvm topic}: create and list Kafka topics on the deployment's broker. */
@Command(name = "topic", mixinStandardHelpOptions = true,
    description = {"Create and list Kafka topics on the deployment's broker.",
        "The job creates its own topics when it starts. Create others here, e.g. the topic that /kafka/publish "
            + "effects write to (allowed with the job setting effects.kafka.allow)."},
    subcommands = {TopicCommand.Create.class, TopicCommand.ListTopics.class})
public final class TopicCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create or list");
  }

  /** {@code ipvm topic create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Create topics; one that exists already is left as it is.",
          "Exit 0 when every topic exists afterwards."},
      footerHeading = "%nExamples:%n",
      footer = {"  ipvm topic create orders", "  ipvm topic create --partitions 4 --compact --config retention.ms=-1 catalog"})
  static final class Create implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "The topics to create.")
    List<String> topics;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication", paramLabel = "N", defaultValue = "1",
        description = "Replication factor (default ${DEFAULT-VALUE}; at most the number of brokers).")
    short replication;

    @Option(names = "--compact", description = "cleanup.policy=compact: keep the last record per key.")
    boolean compact;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = {"A topic setting (repeatable).", "E.g. retention.ms=86400000."})
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      Map<String, String> settings = new LinkedHashMap<>(configs);
      if (compact) {
        settings.put("cleanup.policy", "compact");
      }
      Kafka.probe(kafka.bootstrap());
      try (Admin admin = Kafka.admin(kafka.bootstrap())) {
        for (String topic : topics) {
          try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(settings))).all().get();
            System.out.println("created " + topic);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw new IllegalStateException("cannot create topic " + topic + ": " + Kafka.message(e.getCause()));
            }
            System.out.println("exists  " + topic);
          }
        }
      }
      return 0;
    }
  }

  /** {@code ipvm topic list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"List the broker's topics with their partitions and records.",
          "Each topic is shown with its partitions, replication, cleanup policy and records.",
          "Records are the offsets the topic holds (end minus start, summed over its partitions); a compacted topic "
              + "holds fewer records than that."})
  static final class ListTopics implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--all", description = "Include Kafka's internal topics (__consumer_offsets, ...).")
    boolean all;

    @Override
    public Integer call() throws Exception {
      Kafka.probe(kafka.bootstrap());
      try (Admin admin = Kafka.admin(kafka.bootstrap())) {
        TreeSet<String> names = new TreeSet<>(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
            .listInternal(all)).names().get());
        List<TopicFacts> facts = TopicFacts.of(admin, new ArrayList<>(names));
        System.out.printf("%-40s %10s %11s %-8s %12s%n", "TOPIC", "PARTITIONS", "REPLICATION", "CLEANUP", "RECORDS");
        for (TopicFacts f : facts) {
          System.out.printf("%-40s %10d %11d %-8s %12d%n", f.name(), f.partitions(), f.replication(),
              f.cleanup(), f.records());
        }
      }
      return 0;
    }
  }

  /** The topic of {@code name} among {@code facts}, if it exists. */
  static Optional<TopicFacts> find(List<TopicFacts> facts, String name) {
    return facts.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
