package dev.ipvm.cli.kafka;

import dev.ipvm.topic.Topics;
import picocli.CommandLine.Option;

/** Where the running IPVM is: the options every command that talks to Kafka shares. */
public final class KafkaOptions {
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      defaultValue = "${env:IPVM_BOOTSTRAP:-" + DEFAULT_BOOTSTRAP + "}",
      description = "Kafka bootstrap servers (default: $IPVM_BOOTSTRAP, else " + DEFAULT_BOOTSTRAP + ").")
  String bootstrap;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
      description = {"Prefix of the deployment's topics (default none).", "With 'test.': test.ipvm.receipts, ..."})
  String topicPrefix;

  /** The bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The deployment's topics, under {@code --topic-prefix}. */
  public Topics topics() {
    return Topics.DEFAULT.prefixed(topicPrefix);
  }
}
