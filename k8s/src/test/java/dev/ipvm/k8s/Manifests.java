package dev.ipvm.k8s;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The resources of one rendered kustomization, in output order. */
record Manifests(String target, List<JsonNode> resources) {
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** Parses {@code kubectl kustomize}'s multi-document output; empty documents are dropped. */
  static Manifests parse(String target, String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          out.add(doc);
        }
      }
    }
    return new Manifests(target, List.copyOf(out));
  }

  /** Every resource of {@code kind}. */
  List<JsonNode> all(String kind) {
    return resources.stream().filter(r -> kind.equals(r.path("kind").asString())).toList();
  }

  /** The one resource of {@code kind}; fails if there is none or more than one. */
  JsonNode one(String kind) {
    List<JsonNode> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError(target + ": expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /** {@code Kind/name} of a resource, for messages. */
  static String id(JsonNode resource) {
    return resource.path("kind").asString() + "/" + resource.path("metadata").path("name").asString();
  }

  @Override
  public String toString() {
    return target;
  }
}
