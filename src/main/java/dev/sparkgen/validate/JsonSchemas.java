package dev.sparkgen.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates parsed YAML or JSON documents against the JSON schemas shipped in the jar under {@code
 * sparkgen/schemas/} (see the README there for their source and licence), with networknt's
 * json-schema-validator (draft-07).
 */
public final class JsonSchemas {

  /** The Kubernetes version whose schemas validate rendered objects. */
  public static final String KUBERNETES_VERSION = "1.36";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /**
   * The violations of {@code document} (a tree of maps, lists and scalars) against the schema
   * {@code schema}, a path under {@code sparkgen/schemas/} such as {@code skaffold/v4beta13.json};
   * empty when valid.
   */
  public static List<String> validate(String schema, Object document) {
    JsonNode node = MAPPER.valueToTree(document);
    return load(schema).validate(node).stream().map(Error::toString).toList();
  }

  /**
   * The Kubernetes schema for a kind, e.g. {@code ("Job", "batch/v1")}, whether or not it is
   * shipped.
   */
  public static String kubernetesSchema(String kind, String apiVersion) {
    String[] groupVersion =
        apiVersion.contains("/") ? apiVersion.split("/", 2) : new String[] {"", apiVersion};
    String group = groupVersion[0].isEmpty() ? "" : "-" + groupVersion[0].split("\\.")[0];
    return "kubernetes/v"
        + KUBERNETES_VERSION
        + "/"
        + kind.toLowerCase(java.util.Locale.ROOT)
        + group
        + "-"
        + groupVersion[1]
        + ".json";
  }

  /** Whether a schema is shipped (custom resources, e.g. a PodMonitor, have none). */
  public static boolean exists(String schema) {
    return JsonSchemas.class.getClassLoader().getResource(resource(schema)) != null;
  }

  private static String resource(String schema) {
    return "sparkgen/schemas/" + schema;
  }

  private static Schema load(String schema) {
    return CACHE.computeIfAbsent(
        schema,
        name -> {
          try (InputStream in =
              JsonSchemas.class.getClassLoader().getResourceAsStream(resource(name))) {
            if (in == null) {
              throw new IllegalArgumentException(
                  "no schema sparkgen/schemas/" + name + " in the jar");
            }
            return REGISTRY.getSchema(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
