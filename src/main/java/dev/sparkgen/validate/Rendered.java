package dev.sparkgen.validate;

import dev.sparkgen.spec.BoundedYaml;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The output of {@code kubectl kustomize DIR}, parsed: the documents, and the views the checks read
 * (pod specs, the executor pod template inside its ConfigMap, Spark's effective settings as the Job
 * assembles them).
 */
public record Rendered(String text, List<Map<String, Object>> documents) {

  /**
   * Where the base mounts the executor pod template, and under which key:
   * spark.kubernetes.executor.podTemplateFile.
   */
  static final String EXECUTOR_TEMPLATE_KEY = "executor.yaml";

  /** The key of ConfigMap spark-conf the Job reads first: k8s/base's spark.properties. */
  static final String BASE_SETTINGS_KEY = "spark.properties";

  /** The ConfigMap holding the environment's settings, which the Job reads last. */
  static final String ENVIRONMENT_SETTINGS = "spark-env-conf";

  public static Rendered parse(String text) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : BoundedYaml.loadAll(text)) {
      if (document instanceof Map<?, ?>) {
        documents.add(map(document));
      }
    }
    return new Rendered(text, documents);
  }

  public List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /**
   * The one object of this kind whose name is {@code name}, or whose name is {@code name-<hash>}
   * for a generated ConfigMap; fails when there is none or several.
   */
  public Map<String, Object> one(String kind, String name) {
    List<Map<String, Object>> found = find(kind, name);
    if (found.size() != 1) {
      throw new IllegalStateException(
          found.size() + " objects " + kind + "/" + name + " in " + kindsAndNames());
    }
    return found.get(0);
  }

  /** Objects of this kind named {@code name} (a generated ConfigMap also with its hash suffix). */
  public List<Map<String, Object>> find(String kind, String name) {
    return ofKind(kind).stream()
        .filter(
            d ->
                name(d).equals(name)
                    || (kind.equals("ConfigMap")
                        && name(d).matches(Pattern.quote(name) + "-[a-z0-9]{10}")))
        .toList();
  }

  public List<String> kindsAndNames() {
    return documents.stream().map(Rendered::id).toList();
  }

  /**
   * Every pod spec that will run: those of Jobs, CronJobs and Deployments, and the executor
   * template.
   */
  public Map<String, Map<String, Object>> podSpecs() {
    Map<String, Map<String, Object>> specs = new LinkedHashMap<>();
    for (Map<String, Object> d : documents) {
      Object spec = podSpec(d);
      if (spec != null) {
        specs.put(id(d), map(spec));
      }
    }
    Map<String, Object> template = executorTemplate();
    if (template != null) {
      specs.put(EXECUTOR_TEMPLATE, map(template.get("spec")));
    }
    return specs;
  }

  /** How findings and tests name the executor pod template. */
  public static final String EXECUTOR_TEMPLATE = "executor pod template";

  /** The pod spec of a workload object, or null for other kinds. */
  static Object podSpec(Map<String, Object> document) {
    return switch (String.valueOf(document.get("kind"))) {
      case "Job", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" ->
          at(document, "spec.template.spec");
      case "CronJob" -> at(document, "spec.jobTemplate.spec.template.spec");
      case "Pod" -> document.get("spec");
      default -> null;
    };
  }

  /** The ConfigMap holding the executor pod template, if any. */
  public Optional<Map<String, Object>> executorTemplateConfigMap() {
    return ofKind("ConfigMap").stream()
        .filter(
            d ->
                name(d).contains("spark-pod-templates")
                    && map(d.get("data")).containsKey(EXECUTOR_TEMPLATE_KEY))
        .findFirst();
  }

  /** The executor pod template Spark reads, parsed from its ConfigMap; null if there is none. */
  public Map<String, Object> executorTemplate() {
    return executorTemplateConfigMap()
        .map(d -> map(BoundedYaml.load((String) map(d.get("data")).get(EXECUTOR_TEMPLATE_KEY))))
        .orElse(null);
  }

  /**
   * The ConfigMap spark-conf whose files the Job concatenates into spark-submit's properties file,
   * if any.
   */
  public Optional<Map<String, Object>> sparkConf() {
    return ofKind("ConfigMap").stream().filter(d -> name(d).contains("spark-conf")).findFirst();
  }

  /**
   * Spark's effective settings, concatenated as the Job's script does and read as one properties
   * file, later lines winning: ConfigMap spark-conf's spark.properties (k8s/base's), its other keys
   * in name order (the components'), then ConfigMap spark-env-conf's keys (the environment's). A
   * repository generated before spark-env-conf existed has all of them in spark-conf under
   * 10-/50-/90- keys, which the same order reads in name order. Empty when there is no spark-conf.
   */
  public Properties sparkProperties() {
    StringBuilder all = new StringBuilder();
    sparkConf()
        .ifPresent(
            conf -> {
              Map<String, Object> data = new TreeMap<>(map(conf.get("data")));
              Object base = data.remove(BASE_SETTINGS_KEY);
              if (base != null) {
                all.append(base).append('\n');
              }
              data.forEach((key, value) -> all.append(value).append('\n'));
            });
    ofKind("ConfigMap").stream()
        .filter(d -> name(d).contains(ENVIRONMENT_SETTINGS))
        .findFirst()
        .ifPresent(
            conf ->
                new TreeMap<>(map(conf.get("data")))
                    .forEach((key, value) -> all.append(value).append('\n')));
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(all.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  public static String name(Map<String, Object> document) {
    return String.valueOf(map(document.get("metadata")).get("name"));
  }

  /** Kind/name, how findings name an object. */
  public static String id(Map<String, Object> document) {
    return document.get("kind") + "/" + name(document);
  }

  /** The value at a dotted path of map keys, e.g. {@code "spec.template.spec"}; null if absent. */
  public static Object at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> ? (Map<String, Object>) node : Map.of();
  }

  public static List<String> strings(Object node) {
    return node instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> list(Object node) {
    return node instanceof List<?> l
        ? (List<Map<String, Object>>) l.stream().filter(Map.class::isInstance).toList()
        : List.of();
  }
}
