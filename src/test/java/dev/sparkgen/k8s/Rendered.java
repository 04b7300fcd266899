package dev.sparkgen.k8s;

import static dev.sparkgen.testing.YamlTrees.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The output of a real {@code kubectl kustomize DIR}, parsed: the documents, and the views the
 * tests check (pod specs, the executor pod template inside its ConfigMap, Spark's effective
 * settings as the Job assembles them).
 */
record Rendered(String text, List<Map<String, Object>> documents) {

  /** Renders {@code dir}; fails on a non-zero exit or on anything kubectl prints on stderr (deprecations). */
  static Rendered kustomize(Path kubectl, Path dir) {
    try {
      ExternalTools.Result result = ExternalTools.run(dir.toAbsolutePath(), kubectl.toString(), "kustomize", ".")
          .assertSuccess("kubectl kustomize " + dir);
      assertThat(result.stderr()).as("kubectl kustomize %s printed warnings", dir).isBlank();
      return parse(result.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Rendered parse(String text) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
      if (document != null) {
        documents.add(map(document));
      }
    }
    return new Rendered(text, documents);
  }

  List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /** The one object of this kind whose name is {@code name}, or whose name is {@code name-<hash>} for a generated ConfigMap. */
  Map<String, Object> one(String kind, String name) {
    List<Map<String, Object>> found = ofKind(kind).stream()
        .filter(d -> name(d).equals(name) || (kind.equals("ConfigMap") && name(d).matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}")))
        .toList();
    assertThat(found).as("%s %s in\n%s", kind, name, kindsAndNames()).hasSize(1);
    return found.get(0);
  }

  List<String> kindsAndNames() {
    return documents.stream().map(d -> d.get("kind") + "/" + name(d)).toList();
  }

  /** Every pod spec that will run: those of Jobs, CronJobs and Deployments, and the executor template. */
  Map<String, Map<String, Object>> podSpecs() {
    Map<String, Map<String, Object>> specs = new LinkedHashMap<>();
    for (Map<String, Object> d : documents) {
      String where = d.get("kind") + "/" + name(d);
      switch (String.valueOf(d.get("kind"))) {
        case "Job", "Deployment" -> specs.put(where, map(at(d, "spec.template.spec")));
        case "CronJob" -> specs.put(where, map(at(d, "spec.jobTemplate.spec.template.spec")));
        default -> { }
      }
    }
    Map<String, Object> template = executorTemplate();
    if (template != null) {
      specs.put("executor pod template", map(template.get("spec")));
    }
    return specs;
  }

  /** The executor pod template Spark reads, parsed from its ConfigMap; null if there is none. */
  Map<String, Object> executorTemplate() {
    return ofKind("ConfigMap").stream()
        .filter(d -> name(d).contains("spark-pod-templates"))
        .findFirst()
        .map(d -> map(new Load(LoadSettings.builder().build()).loadFromString((String) map(d.get("data")).get("executor.yaml"))))
        .orElse(null);
  }

  /**
   * Spark's effective settings: the files of ConfigMap spark-conf concatenated in name order (as
   * the Job's script does with a shell glob) and read as one properties file, later lines winning.
   */
  Properties sparkProperties() {
    Map<String, Object> conf = ofKind("ConfigMap").stream()
        .filter(d -> name(d).contains("spark-conf"))
        .findFirst().orElseThrow();
    StringBuilder all = new StringBuilder();
    new TreeMap<>(map(conf.get("data"))).forEach((key, value) -> all.append(value).append('\n'));
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(all.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  static String name(Map<String, Object> document) {
    return String.valueOf(map(document.get("metadata")).get("name"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  static List<String> strings(Object node) {
    return node == null ? List.of() : ((List<?>) node).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object node) {
    return node == null ? List.of() : (List<Map<String, Object>>) node;
  }
}
