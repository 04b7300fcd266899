package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

  @Test
  void acceptsAMinimalValidSkaffoldConfig() {
    Map<String, Object> config =
        Map.of(
            "apiVersion", "skaffold/v4beta13",
            "kind", "Config",
            "manifests", Map.of("kustomize", Map.of("paths", List.of("k8s/overlays/dev"))));

    assertThat(JsonSchemas.validate("skaffold/v4beta13.json", config)).isEmpty();
  }

  @Test
  void rejectsAFieldThatSkaffoldV4DoesNotHave() {
    Map<String, Object> config =
        Map.of(
            "apiVersion", "skaffold/v4beta13",
            "kind", "Config",
            "deploy", Map.of("kustomize", Map.of("paths", List.of("k8s"))));

    assertThat(JsonSchemas.validate("skaffold/v4beta13.json", config))
        .anySatisfy(error -> assertThat(error).contains("kustomize"));
  }

  @Test
  void rejectsAMisspeltKubernetesField() {
    Map<String, Object> job =
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "metadata",
            Map.of("name", "pi"),
            "spec",
            Map.of("backofLimit", 1, "template", Map.of()));

    assertThat(JsonSchemas.validate(JsonSchemas.kubernetesSchema("Job", "batch/v1"), job))
        .anySatisfy(error -> assertThat(error).contains("backofLimit"));
  }
}
