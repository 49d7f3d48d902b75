package dev.ipvm.k8s;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CRD's structural schema made strict for validation. The API server prunes fields a schema
 * does not name, silently: a misspelt key in a manifest is accepted and then missing. So every
 * object schema that lists {@code properties} is closed ({@code additionalProperties: false}),
 * unless it says otherwise ({@code additionalProperties}, or
 * {@code x-kubernetes-preserve-unknown-fields: true}, as flinkConfiguration and a Kafka config do).
 * {@code x-kubernetes-int-or-string: true} becomes "integer or string", which a JSON Schema
 * validator knows.
 */
final class StrictSchema {
  // Subschemas reached through these describe the same value's fields (closed);
  // those under combinators only constrain them, and a closed branch would refuse valid input.
  private static final Set<String> NESTED = Set.of("properties", "additionalProperties", "items");
  private static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "not");

  private StrictSchema() {}

  /** A strict copy of {@code schema}; the original is left as it is. */
  static JsonNode of(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    // Every object has these, whether its CRD lists them or not (fabric8-made CRDs do not); the
    // API server checks metadata itself.
    if (copy instanceof ObjectNode root) {
      ObjectNode props = root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
      if (!props.has("apiVersion")) {
        props.putObject("apiVersion").put("type", "string");
      }
      if (!props.has("kind")) {
        props.putObject("kind").put("type", "string");
      }
      if (!props.has("metadata")) {
        props.putObject("metadata").put("type", "object");
      }
    }
    walk(copy, true);
    return copy;
  }

  private static void walk(JsonNode node, boolean closable) {
    if (!(node instanceof ObjectNode s)) {
      return;
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false) && !s.has("anyOf") && !s.has("oneOf")) {
      ArrayNode any = s.putArray("anyOf");
      any.addObject().put("type", "integer");
      any.addObject().put("type", "string");
    }
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (closable && s.has("properties") && !s.has("additionalProperties") && !preserve) {
      s.put("additionalProperties", false);
    }
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("properties")) {
        value.values().forEach(p -> walk(p, closable));
      } else if (NESTED.contains(key)) {
        walk(value, closable);
      } else if (COMBINATORS.contains(key)) {
        if (value.isArray()) {
          value.values().forEach(b -> walk(b, false));
        } else {
          walk(value, false);
        }
      }
    }
  }
}
