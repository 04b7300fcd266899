package dev.sparkgen.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One rendered object: what {@code kubectl auth can-i} needs to ask about it. {@code namespace} is
 * null for a cluster-scoped object (kustomize sets the overlay's namespace on every namespaced
 * kind).
 */
record KubeObject(
    String apiVersion, String kind, String name, String namespace, Map<String, Object> body) {

  static List<KubeObject> of(List<Map<String, Object>> documents) {
    return documents.stream()
        .map(
            d ->
                new KubeObject(
                    String.valueOf(d.get("apiVersion")),
                    String.valueOf(d.get("kind")),
                    String.valueOf(Yaml.at(d, "metadata.name")),
                    Yaml.at(d, "metadata.namespace") instanceof String ns ? ns : null,
                    d))
        .toList();
  }

  /** The API group: "" for the core group (apiVersion v1). */
  String group() {
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  /**
   * The resource as kubectl names it, {@code jobs.batch}: the plural Kubernetes itself guesses from
   * a kind (meta.UnsafeGuessKindToResource), which is right for every kind sparkgen renders.
   */
  String resource() {
    return resource(plural(kind), group());
  }

  static String resource(String plural, String group) {
    return group.isEmpty() || group.equals("*") ? plural : plural + "." + group;
  }

  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    if (lower.endsWith("y")) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }

  /** "PodTemplate demo-executor-scheduling", for a table cell. */
  String id() {
    return kind + " " + name;
  }
}
