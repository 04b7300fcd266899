package dev.sparkgen.skaffold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkaffoldImageRewriteTest {

  static final String BUILT = "registry.example.com/demo:0f3a@sha256:" + "a".repeat(64);

  @Test
  void replacesTheArtifactInImageFieldsOfAllowListedKindsOnly() {
    Map<String, Object> job =
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "containers",
                        List.of(
                            Map.of(
                                "name",
                                "driver",
                                "image",
                                "demo:latest",
                                "env",
                                List.of(Map.of("name", "IMAGE", "value", "demo"))),
                            Map.of("name", "other", "image", "team/demo"),
                            Map.of("name", "pinned", "image", "demo@sha256:" + "b".repeat(64)))))));
    Map<String, Object> configMap =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "data",
            Map.of("executor.yaml", "spec:\n  containers:\n  - image: demo\n"),
            "image",
            "demo");

    List<Map<String, Object>> out =
        SkaffoldImageRewrite.apply(List.of(job, configMap), "demo", BUILT);

    assertThat(out.get(0).toString())
        .contains("image=" + BUILT, "image=team/demo", "image=demo@sha256:", "value=demo");
    assertThat(out.get(1)).isEqualTo(configMap);
  }

  @Test
  void matchesByNameWithoutTag() {
    assertThat(SkaffoldImageRewrite.matches("demo", "demo")).isTrue();
    assertThat(SkaffoldImageRewrite.matches("demo:1.0", "demo")).isTrue();
    assertThat(SkaffoldImageRewrite.matches("localhost:5000/demo:1", "localhost:5000/demo"))
        .isTrue();
    assertThat(SkaffoldImageRewrite.matches("localhost:5000/demo", "demo")).isFalse();
    assertThat(SkaffoldImageRewrite.matches("demo@sha256:00", "demo")).isFalse();
  }
}
