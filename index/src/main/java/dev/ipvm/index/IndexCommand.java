package dev.ipvm.index;

import dev.ipvm.index.http.ApiServer;
import dev.ipvm.index.ingest.Ingestor;
import dev.ipvm.index.ingest.ReceiptCheck;
import dev.ipvm.index.ingest.Trust;
import dev.ipvm.index.signature.VerifierChoice;
import dev.ipvm.index.store.Counter;
import dev.ipvm.index.store.IndexStore;
import dev.ipvm.topic.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/ipvm index}: runs the receipt index until stopped (Ctrl-C, SIGTERM). */
@Command(name = "ipvm index", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
    description = {
        "The receipt index: reads the receipts topic (read_committed) and keeps",
        "each receipt signed by a trusted executor in RocksDB, under its CID, its",
        "invocation, its Task ID, its invoker and its outputs; answers lookups",
        "over HTTP. A receipt that fails the check is not indexed, and counted by",
        "reason in /metrics. It resumes where it stopped, also after kill -9: the",
        "consumer offsets are written with the data. See docs/index.md."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ipvm index --trust did:key:z6Mk...     # the executor (bin/ipvm dev prints it)",
        "  ipvm index --trust-file executors.txt --port 8091 --data /var/lib/ipvm-index",
        "  curl -s http://127.0.0.1:8090/invocations/bafyrei...",
        "  curl -s -H 'Accept: application/vnd.ipld.dag-cbor' \\",
        "      http://127.0.0.1:8090/receipts/bafyrei... > receipt.cbor"})
public final class IndexCommand implements Callable<Integer> {
  static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "${env:IPVM_BOOTSTRAP:-" + DEFAULT_BOOTSTRAP + "}",
      description = "Kafka bootstrap servers (default: $IPVM_BOOTSTRAP, else " + DEFAULT_BOOTSTRAP + ").")
  String bootstrap;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
      description = "Prefix of the deployment's topics, e.g. 'test.' for test.ipvm.receipts (default none).")
  String topicPrefix;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:user.home}/.ipvm/index",
      description = "Folder of the index's RocksDB (default: ${DEFAULT-VALUE}); one process at a time.")
  Path data;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address the HTTP API listens on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one, printed at start).")
  int port;

  @Option(names = "--trust", paramLabel = "DID",
      description = "An executor whose receipts are indexed (its did:key); repeatable.")
  List<String> trust = new ArrayList<>();

  @Option(names = "--trust-file", paramLabel = "FILE",
      description = "A file of trusted executors' DIDs, one a line ('#' starts a comment); repeatable.")
  List<Path> trustFiles = new ArrayList<>();

  @Option(names = "--no-invocations", negatable = false,
      description = "Do not read the invocations topic: receipts are then not indexed by invoker.")
  boolean noInvocations;

  @Option(names = "--no-blocks", negatable = false,
      description = "Do not read the blocks topic: images held as blocks are then not shown in the explorer.")
  boolean noBlocks;

  @Option(names = "--invocation-wait", paramLabel = "SECONDS", defaultValue = "5",
      description = "How long an invocation read waits for a trusted executor's ok receipt, which vouches for its "
          + "signature, before it is verified on its own (default: ${DEFAULT-VALUE}).")
  double invocationWait;

  @Option(names = "--verifier", paramLabel = "WHICH", defaultValue = "${env:IPVM_INDEX_VERIFIER:-auto}",
      converter = VerifierConverter.class,
      description = "Ed25519 signatures checked by: auto (libsodium when it loads, else BouncyCastle), libsodium "
          + "(or do not start), bouncycastle (default: $IPVM_INDEX_VERIFIER, else auto). The same accepted either way.")
  VerifierChoice verifier;

  @Option(names = "--fsync", negatable = false,
      description = "Fsync each batch. Not needed for exactly once: data and offsets are one batch, and "
          + "a batch lost to a power cut is read again from Kafka; it makes what was served survive one.")
  boolean fsync;

  public static void main(String[] args) {
    if (System.getenv("IPVM_DEBUG") != null && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    CommandLine cl = new CommandLine(new IndexCommand());
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println("ipvm index: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      if (System.getenv("IPVM_DEBUG") != null) {
        e.printStackTrace(c.getErr());
      }
      return 1;
    });
    int code = cl.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    Trust trusted;
    try {
      trusted = Trust.of(trust, trustFiles);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    Topics topics = Topics.DEFAULT.prefixed(topicPrefix);
    VerifierChoice.Chosen chosen = verifier.load();  // before the store: --verifier libsodium may refuse to start
    IndexStore store = IndexStore.open(data, fsync);
    if (invocationWait < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--invocation-wait must be 0 or more seconds");
    }
    Ingestor ingestor = new Ingestor(bootstrap, topics, store, new ReceiptCheck(trusted, chosen.verifier()),
        new Ingestor.Reading(!noInvocations, !noBlocks, java.time.Duration.ofMillis(Math.round(invocationWait * 1000))));
    ApiServer server;
    try {
      server = new ApiServer(store, ingestor.status(), new InetSocketAddress(host, port)).start();
    } catch (java.io.IOException e) {
      store.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    Thread ingest = new Thread(ingestor, "ipvm-index-ingest");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ingestor.stop();
      joinQuietly(ingest);
      server.close();
      store.close();
    }, "ipvm-index-stop"));
    ingest.start();
    System.out.println("ipvm index: serving http://" + host + ":" + server.port() + " (" + store.counter(Counter.INDEXED)
        + " receipts indexed; data " + data + "; " + topics.receipts() + " on " + bootstrap + "; trusting "
        + trusted.executors().size() + " executor" + (trusted.executors().size() == 1 ? "" : "s")
        + "; signatures checked by " + chosen.description() + ")");
    System.out.flush();
    ingest.join();
    Throwable failure = ingestor.status().failure();
    if (failure != null) {
      System.err.println("ipvm index: stopped: " + failure.getMessage());
      return 1;
    }
    return 0;
  }

  /** {@code auto}, {@code libsodium}, {@code bouncycastle}, in any case. */
  static final class VerifierConverter implements CommandLine.ITypeConverter<VerifierChoice> {
    @Override
    public VerifierChoice convert(String value) {
      try {
        return VerifierChoice.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not auto, libsodium or bouncycastle");
      }
    }
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
