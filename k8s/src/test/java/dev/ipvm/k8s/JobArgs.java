package dev.ipvm.k8s;

import dev.ipvm.job.config.JobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.JsonNode;

/**
 * A FlinkDeployment's {@code job.args}, read as {@code IpvmJob.main} reads its arguments
 * ({@code --set KEY=VALUE}, {@code --replication N}), and the job's configuration they make.
 *
 * @param settings the {@code --set} settings, in order
 * @param replication the {@code --replication} value (1 when absent, as in the job)
 */
record JobArgs(Map<String, String> settings, short replication) {

  static JobArgs of(JsonNode flinkDeployment) {
    Map<String, String> settings = new LinkedHashMap<>();
    short replication = 1;
    JsonNode args = flinkDeployment.path("spec").path("job").path("args");
    for (int i = 0; i < args.size(); i += 2) {
      String flag = args.get(i).asString();
      if (i + 1 >= args.size()) {
        throw new AssertionError("job.args: " + flag + " has no value");
      }
      String value = args.get(i + 1).asString();
      switch (flag) {
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new AssertionError("job.args: --set takes KEY=VALUE, got '" + value + "'");
          }
          settings.put(value.substring(0, eq).trim(), value.substring(eq + 1));
        }
        case "--replication" -> replication = Short.parseShort(value);
        // a --config file lives in the image or a volume, where these checks cannot read it
        default -> throw new AssertionError("job.args: " + flag + " is not checked here; use --set");
      }
    }
    return new JobArgs(Map.copyOf(settings), replication);
  }

  /**
   * The job's configuration from these settings, through the job's own parser (unknown keys and
   * bad values fail as they would at start). The executor key is in a Secret the job reads at
   * start; a stand-in file takes its place here.
   */
  JobConfig config() {
    try {
      Path key = Files.createTempFile("executor", ".pem");
      key.toFile().deleteOnExit();
      Files.writeString(key, "stand-in for the executor key Secret\n");
      Properties p = new Properties();
      p.putAll(settings);
      if (settings.containsKey("executor.key")) {
        p.put("executor.key", key.toString());
      }
      return JobConfig.fromProperties(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
