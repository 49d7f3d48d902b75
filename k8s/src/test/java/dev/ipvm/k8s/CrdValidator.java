package dev.ipvm.k8s;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates rendered resources: a custom resource against its CRD's strict schema
 * ({@link StrictSchema}) for the served version it names; a core kind only by name (the API
 * server knows those; listed so that a kind nobody checks cannot slip in); anything else is a
 * problem of its own.
 */
final class CrdValidator {
  /** Core kinds the manifests may hold, {@code apiVersion/kind}. */
  static final Set<String> CORE_KINDS = Set.of(
      "v1/Namespace", "v1/ServiceAccount",
      "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding");

  // Kubernetes' openAPIV3Schema is OpenAPI 3.0's schema object (nullable, no $schema);
  // paths as $.spec.job.args[2], the way one reads a manifest
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
      b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

  private final Crds crds;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  CrdValidator(Crds crds) {
    this.crds = crds;
  }

  /** Every problem of {@code resource}, each naming the resource and the path, e.g. {@code $.spec.job}. */
  List<String> problems(JsonNode resource) {
    String apiVersion = resource.path("apiVersion").asString();
    String kind = resource.path("kind").asString();
    String id = Manifests.id(resource);
    Optional<Schema> schema = schema(apiVersion, kind);
    if (schema.isEmpty()) {
      return CORE_KINDS.contains(apiVersion + "/" + kind) ? List.of()
          : List.of(id + ": unknown kind " + apiVersion + "/" + kind + " (no CRD, not a core kind in CORE_KINDS)");
    }
    List<String> out = new ArrayList<>();
    for (Error e : schema.get().validate(resource)) {
      out.add(id + ": " + e.getInstanceLocation() + ": " + e.getMessage());
    }
    return out;
  }

  private Optional<Schema> schema(String apiVersion, String kind) {
    String key = apiVersion + "/" + kind;
    Schema s = compiled.get(key);
    if (s == null) {
      Optional<JsonNode> raw = crds.schema(apiVersion, kind);
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      s = REGISTRY.getSchema(StrictSchema.of(raw.get()));
      compiled.put(key, s);
    }
    return Optional.of(s);
  }
}
