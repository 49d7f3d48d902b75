package dev.ipvm.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Renders a kustomization with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
final class Kustomize {
  /** The rendered targets: the base and each overlay. */
  static final String BASE = "base";
  static final String DEV = "overlays/dev";
  static final String PROD = "overlays/prod";

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The module's directory, k8s/ (surefire runs with it as the working directory). */
  static Path k8sDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p : new Path[] {here, here.resolve("k8s")}) {
      if (Files.isRegularFile(p.resolve("base/kustomization.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("k8s/base/kustomization.yaml not found from " + here);
  }

  /** The rendered and parsed resources of {@code target} (e.g. {@link #DEV}), rendered once per run. */
  static Manifests render(String target) {
    return RENDERED.computeIfAbsent(target, t -> Manifests.parse(t, run(k8sDir().resolve(t))));
  }

  private static String run(Path dir) {
    Path kubectl = kubectl().orElse(null);
    if (kubectl == null) {
      Prerequisites.missing("kubectl is not installed (not on PATH, nor $KUBECTL): the manifests in k8s/ cannot be "
          + "rendered. Install kubectl 1.32 or later, which includes kustomize 5.5");
    }
    try {
      Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
          .redirectError(ProcessBuilder.Redirect.PIPE).start();
      // the output is small (tens of kB): read it whole, then the errors
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        Assertions.fail("kubectl kustomize " + dir + " failed:\n" + err);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + kubectl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> kubectl() {
    String explicit = System.getenv("KUBECTL");
    if (explicit != null && !explicit.isEmpty()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
