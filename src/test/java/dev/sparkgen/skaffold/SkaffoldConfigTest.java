package dev.sparkgen.skaffold;

import static dev.sparkgen.testing.YamlTrees.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.testing.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The generated skaffold.yaml and the generator's own: valid against the official v4beta13 schema
 * as written and with every profile applied the way skaffold applies it, and saying what a job
 * repository needs (Jib artifact, the environment's overlay, pushes for shared clusters only, the
 * Job re-created on change, the Spark UI and History Server forwarded in the right namespace).
 */
class SkaffoldConfigTest {

  static final String SCHEMA = "schemas/skaffold/v4beta13.json";

  static Stream<Arguments> projects() {
    return Stream.of(
        Arguments.of("demo", List.of("dev", "staging", "prod"), null),
        Arguments.of("payments-etl", List.of("dev", "qa", "prod"), "registry.example.com/data"),
        // A first environment that is not a dev tier: still the default, still valid.
        Arguments.of("nightly", List.of("qa", "production"), null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("projects")
  void generatedConfigAndEveryProfileAreValidAndPointAtTheirEnvironment(String name, List<String> envs, String registry) {
    Plan plan = Fixtures.plan(name, b -> registry == null ? b.envs(envs) : b.envs(envs).registry(registry));
    Map<String, Object> config = yaml(plan.file("skaffold.yaml").text());
    String image = registry == null ? name : registry + "/" + name;

    assertThat(JsonSchemas.validate(SCHEMA, config)).as("skaffold.yaml against the schema").isEmpty();
    assertThat(config).containsEntry("apiVersion", "skaffold/v4beta13").containsEntry("kind", "Config");
    assertThat(profileNames(config)).containsExactlyElementsOf(envs);
    // With no -p, the first environment's profile changes nothing: it is the default.
    assertThat(SkaffoldProfiles.apply(config, envs.get(0))).isEqualTo(withoutProfiles(config));

    for (String env : envs) {
      Map<String, Object> applied = SkaffoldProfiles.apply(config, env);
      String namespace = name + "-" + env;
      boolean devTier = List.of("dev", "local", "development").contains(env);
      boolean prodTier = List.of("prod", "production").contains(env);

      assertThat(JsonSchemas.validate(SCHEMA, applied)).as("profile %s against the schema", env).isEmpty();
      assertThat(at(applied, "build.artifacts")).isEqualTo(List.of(Map.of("image", image, "jib", Map.of("type", "maven"))));
      assertThat(at(applied, "manifests.kustomize.paths")).isEqualTo(List.of("k8s/overlays/" + env));
      assertThat(at(applied, "build.local.push")).as("push for %s", env).isEqualTo(devTier ? null : Boolean.TRUE);
      assertThat(at(applied, "deploy.kubectl.flags.apply")).isEqualTo(List.of("--force"));
      assertThat(forwards(applied)).as("port forwards of %s", env).containsExactlyElementsOf(prodTier
          ? List.of(namespace + "/" + name + "-driver-svc:4040", namespace + "/" + name + "-history-server:18080")
          : List.of(namespace + "/" + name + "-driver-svc:4040"));
    }
  }

  @Test
  void generatorRootConfigIsValidWithEveryProfile() throws IOException {
    Path root = Path.of(System.getProperty("sparkgen.root", "."));
    Map<String, Object> config = yaml(Files.readString(root.resolve("skaffold.yaml")));

    assertThat(JsonSchemas.validate(SCHEMA, config)).isEmpty();
    for (String profile : profileNames(config)) {
      assertThat(JsonSchemas.validate(SCHEMA, SkaffoldProfiles.apply(config, profile))).as(profile).isEmpty();
    }
    assertThat(at(config, "build.artifacts")).asList().singleElement()
        .satisfies(a -> assertThat(at(cast(a), "custom.dependencies.paths")).asList()
            .contains("archetypes", "kustomize-base"));
    String buildCommand = (String) at(cast(((List<?>) at(config, "build.artifacts")).get(0)), "custom.buildCommand");
    assertThat(root.resolve(buildCommand)).isExecutable();
  }

  static Map<String, Object> yaml(String text) {
    return cast(new Load(LoadSettings.builder().build()).loadFromString(text));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  static List<String> profileNames(Map<String, Object> config) {
    return ((List<?>) config.get("profiles")).stream().map(p -> (String) cast(p).get("name")).toList();
  }

  static List<String> forwards(Map<String, Object> config) {
    return ((List<?>) config.get("portForward")).stream().map(SkaffoldConfigTest::cast)
        .map(f -> f.get("namespace") + "/" + f.get("resourceName") + ":" + f.get("port"))
        .toList();
  }

  private static Map<String, Object> withoutProfiles(Map<String, Object> config) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(config);
    copy.remove("profiles");
    return copy;
  }
}
