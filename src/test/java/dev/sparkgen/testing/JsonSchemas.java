package dev.sparkgen.testing;

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
 * Validates parsed YAML documents against the official JSON schemas vendored under
 * {@code src/test/resources/schemas/} (see the README there for their source and licence).
 */
public final class JsonSchemas {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /**
   * The violations of {@code document} (a YAML tree of maps, lists and scalars) against the schema
   * at {@code schemaResource} on the test classpath, e.g. {@code schemas/skaffold/v4beta13.json};
   * empty when valid.
   */
  public static List<String> validate(String schemaResource, Object document) {
    JsonNode node = MAPPER.valueToTree(document);
    return schema(schemaResource).validate(node).stream().map(Error::toString).toList();
  }

  /** The Kubernetes 1.36 schema for a kind, e.g. {@code ("Job", "batch/v1")}. */
  public static String kubernetesSchema(String kind, String apiVersion) {
    String[] groupVersion = apiVersion.contains("/") ? apiVersion.split("/", 2) : new String[] {"", apiVersion};
    String group = groupVersion[0].isEmpty() ? "" : "-" + groupVersion[0].split("\\.")[0];
    return "schemas/kubernetes/v1.36/" + kind.toLowerCase() + group + "-" + groupVersion[1] + ".json";
  }

  private static Schema schema(String resource) {
    return CACHE.computeIfAbsent(resource, name -> {
      try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalArgumentException("no schema on the test classpath at " + name);
        }
        return REGISTRY.getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
