package dev.ipvm.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * The operators' CRDs, pinned by SHA-256 in {@code crds/sources.txt}: the openAPIV3Schema of each
 * served version, by {@code group/version/Kind}. The files are third-party and not in this
 * repository; they are read from {@code -Dipvm.k8s.crds=DIR} or {@code $IPVM_K8S_CRDS}, else from
 * a cache in {@code ~/.cache/ipvm/k8s-crds}, downloaded there from their release tags when missing.
 */
final class Crds {
  private static Crds loaded;
  /** Why the files could not be had, once known: later tests skip at once instead of trying again. */
  private static String unavailable;

  private final Map<String, JsonNode> schemas;

  private Crds(Map<String, JsonNode> schemas) {
    this.schemas = schemas;
  }

  /** The pinned CRDs; the test is skipped (failed on CI) when they cannot be had. */
  static synchronized Crds load() {
    if (unavailable != null) {
      Prerequisites.unavailable(unavailable);
    }
    if (loaded == null) {
      Map<String, JsonNode> schemas = new LinkedHashMap<>();
      for (String line : sources().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        readCrd(resolve(f[0], f[1], f[2]), schemas);
      }
      loaded = new Crds(Map.copyOf(schemas));
    }
    return loaded;
  }

  /** The schema of {@code apiVersion} (group/version) and {@code kind}, if a CRD serves it. */
  Optional<JsonNode> schema(String apiVersion, String kind) {
    return Optional.ofNullable(schemas.get(apiVersion + "/" + kind));
  }

  private static void readCrd(Path file, Map<String, JsonNode> into) {
    try (MappingIterator<JsonNode> docs = Manifests.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode crd = docs.nextValue();
        if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asString())) {
          continue;
        }
        String group = crd.path("spec").path("group").asString();
        String kind = crd.path("spec").path("names").path("kind").asString();
        for (JsonNode v : crd.path("spec").path("versions")) {
          if (v.path("served").asBoolean()) {
            into.put(group + "/" + v.path("name").asString() + "/" + kind, v.path("schema").path("openAPIV3Schema"));
          }
        }
      }
    }
  }

  private static String sources() {
    try (InputStream in = Crds.class.getResourceAsStream("/crds/sources.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path resolve(String name, String sha256, String url) {
    String given = Optional.ofNullable(System.getProperty("ipvm.k8s.crds")).orElse(System.getenv("IPVM_K8S_CRDS"));
    if (given != null && !given.isEmpty()) {
      Path file = Path.of(given, name);
      if (!Files.isRegularFile(file)) {
        Prerequisites.missing("CRD " + name + " is not in " + given + " (see k8s/src/test/resources/crds/README.md)");
      }
      return verified(file, sha256);
    }
    Path file = Path.of(System.getProperty("user.home"), ".cache", "ipvm", "k8s-crds", name);
    if (!Files.isRegularFile(file)) {
      download(url, file);
    }
    return verified(file, sha256);
  }

  private static void download(String url, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling(file.getFileName() + ".part");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofFile(part));
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode());
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Third-party files may not be committed here (the tool library's rule for fetched content),
      // and a machine that cannot reach GitHub cannot download them: the schema checks are then
      // skipped, on CI too, saying so; rendering and the job-consistency checks still run.
      unavailable = "CRD " + file.getFileName() + " is not cached in " + file.getParent()
          + " and could not be downloaded from " + url + " (" + e + "); put it there, or point -Dipvm.k8s.crds / "
          + "$IPVM_K8S_CRDS at a folder holding the files of k8s/src/test/resources/crds/sources.txt";
      Prerequisites.unavailable(unavailable);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // A pinned file that differs is never used: it would validate against some other schema.
  private static Path verified(Path file, String sha256) {
    try {
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
      if (!actual.equals(sha256)) {
        throw new AssertionError(file + " has SHA-256 " + actual + ", not the pinned " + sha256
            + " (k8s/src/test/resources/crds/sources.txt): a different CRD version");
      }
      return file;
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
