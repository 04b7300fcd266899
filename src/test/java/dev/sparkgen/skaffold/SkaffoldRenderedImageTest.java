package dev.sparkgen.skaffold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * "One image", on skaffold's path: every overlay rendered by a real {@code kubectl kustomize}, then
 * rewritten the way skaffold documents it ({@link SkaffoldImageRewrite}) with the reference
 * skaffold built. The driver container then runs exactly that reference, and no other place in the
 * manifests holds the image or sets Spark's executor image, so the executors can only get the
 * driver's own image (which the application reads from its pod at start-up, see k8s/base). And the
 * Services that skaffold's port forwards name exist, in the right namespace, with the port.
 */
@Tag("slow")
class SkaffoldRenderedImageTest {

  static final String REPOSITORY = "registry.example.com/team/demo";
  static final String BUILT = REPOSITORY + ":4f2c9a1@sha256:" + "c".repeat(64);
  static final Pattern EXECUTOR_IMAGE_SETTING =
      Pattern.compile("spark\\.kubernetes\\.(executor\\.)?container\\.image\\s*[=: ]");

  @TempDir Path work;

  @Test
  void skaffoldsImageReachesTheDriverAndNothingElseHoldsATag() throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Plan plan = Fixtures.plan("demo", b -> b.registry("registry.example.com/team"));
    Path repo = work.resolve("demo");
    new PlanWriter().write(plan, repo);
    Map<String, Object> skaffold = SkaffoldConfigTest.yaml(plan.file("skaffold.yaml").text());

    for (String env : SkaffoldConfigTest.profileNames(skaffold)) {
      Map<String, Object> applied = SkaffoldProfiles.apply(skaffold, env);
      String overlay =
          (String) ((List<?>) Rendered.at(applied, "manifests.kustomize.paths")).get(0);
      String imageName =
          (String)
              SkaffoldConfigTest.cast(((List<?>) Rendered.at(applied, "build.artifacts")).get(0))
                  .get("image");
      assertThat(imageName).isEqualTo(REPOSITORY);

      String rendered =
          ExternalTools.run(repo, kubectl.toString(), "kustomize", overlay)
              .assertSuccess("kubectl kustomize " + overlay)
              .stdout();
      List<Map<String, Object>> documents = new ArrayList<>();
      new Load(LoadSettings.builder().build())
          .loadAllFromString(rendered)
          .forEach(
              d -> {
                if (d != null) documents.add(SkaffoldConfigTest.cast(d));
              });
      List<Map<String, Object>> deployed = SkaffoldImageRewrite.apply(documents, imageName, BUILT);

      List<Map<String, Object>> jobs =
          deployed.stream().filter(d -> "Job".equals(d.get("kind"))).toList();
      assertThat(jobs).as("%s: one spark-submit Job", env).hasSize(1);
      List<?> containers = (List<?>) Rendered.at(jobs.get(0), "spec.template.spec.containers");
      assertThat(containers)
          .as("%s: the driver container runs what skaffold built", env)
          .anySatisfy(
              c ->
                  assertThat(SkaffoldConfigTest.cast(c))
                      .containsEntry("name", "driver")
                      .containsEntry("image", BUILT));

      // Every port forward names a Service of this environment, in its namespace, with that port:
      // the driver's in what skaffold deploys, the History Server's in shared/ (long-lived).
      String sharedText =
          ExternalTools.run(repo, kubectl.toString(), "kustomize", overlay + "/shared")
              .assertSuccess("kubectl kustomize " + overlay + "/shared")
              .stdout();
      List<Map<String, Object>> environment = new ArrayList<>(deployed);
      new Load(LoadSettings.builder().build())
          .loadAllFromString(sharedText)
          .forEach(
              d -> {
                if (d != null) environment.add(SkaffoldConfigTest.cast(d));
              });
      assertThat(sharedText)
          .as("%s: shared/ holds no copy of the application's image", env)
          .doesNotContain(REPOSITORY);
      for (Object f : (List<?>) applied.get("portForward")) {
        Map<String, Object> forward = SkaffoldConfigTest.cast(f);
        assertThat(environment)
            .as("%s: Service for port forward %s", env, forward)
            .anySatisfy(
                d -> {
                  assertThat(d).containsEntry("kind", "Service");
                  assertThat(Rendered.at(d, "metadata.name"))
                      .isEqualTo(forward.get("resourceName"));
                  assertThat(Rendered.at(d, "metadata.namespace"))
                      .isEqualTo(forward.get("namespace"));
                  assertThat((List<?>) Rendered.at(d, "spec.ports"))
                      .anySatisfy(
                          port ->
                              assertThat(SkaffoldConfigTest.cast(port))
                                  .containsEntry("port", forward.get("port")));
                });
      }

      String everything = deployed.toString();
      assertThat(everything.replace(BUILT, ""))
          .as("%s: no other copy of the image to keep in step", env)
          .doesNotContain(REPOSITORY);
      assertThat(EXECUTOR_IMAGE_SETTING.matcher(everything).find())
          .as(
              "%s: no static executor image setting (it would not be rewritten in a ConfigMap)",
              env)
          .isFalse();
    }
  }
}
