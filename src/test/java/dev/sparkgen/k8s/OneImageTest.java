package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "One image everywhere", on the paths that do not go through skaffold (skaffold's own path:
 * dev.sparkgen.skaffold.SkaffoldRenderedImageTest): a release tagged with {@code kustomize edit set
 * image} and applied with {@code kubectl apply -k} or a CD tool, by tag or by digest. Whatever sets
 * the image, it lands in the image fields of the pods Kubernetes starts (the driver's Job, the
 * History Server) and nowhere else, and sparkgen's executor feature step hands the driver
 * container's image to the executors (its lookup is unit-tested in the generated project,
 * DriverImageTest; on the real Spark by SparkOnKubernetesIT).
 */
@Tag("slow")
class OneImageTest {

  static final String REPOSITORY = "registry.example.com/team/demo";
  static final Pattern EXECUTOR_IMAGE_SETTING =
      Pattern.compile("spark\\.kubernetes\\.(executor\\.)?container\\.image\\s*[=: ]");

  @TempDir Path work;

  @Test
  void aTagSetWithKustomizeEditSetImageReachesTheDriverAndNothingElseHoldsIt() throws Exception {
    // What `kustomize edit set image spark-app=registry.example.com/team/demo:1.4.2` writes.
    assertOnlyPodImagesCarry(
        "newName: \"" + REPOSITORY + "\"\n    newTag: \"1.4.2\"", REPOSITORY + ":1.4.2", "1.4.2");
  }

  @Test
  void aDigestSetWithKustomizeEditSetImageReachesTheDriverAndNothingElseHoldsIt() throws Exception {
    // What `kustomize edit set image spark-app=registry.example.com/team/demo@sha256:...` writes.
    String digest = "sha256:" + "e3".repeat(32);
    assertOnlyPodImagesCarry(
        "newName: \"" + REPOSITORY + "\"\n    digest: \"" + digest + "\"",
        REPOSITORY + "@" + digest,
        digest);
  }

  @Test
  void theContainerThatCarriesTheImageIsTheOneTheFeatureStepReadsAndTheJobCallsNothing()
      throws Exception {
    Plan plan = Fixtures.plan("demo", b -> b.registry("registry.example.com/team"));
    String runtime = "src/sparkgen/java/dev/sparkgen/runtime/";
    String job = plan.file("k8s/base/job.yaml").text();

    assertThat(plan.file(runtime + "DriverImage.java").text())
        .contains("static final String DRIVER_CONTAINER = \"driver\";");
    assertThat(plan.file(runtime + "ExecutorPodFeatureStep.java").text())
        .contains(
            "public final class ExecutorPodFeatureStep implements KubernetesExecutorCustomFeatureConfigStep")
        .contains("settings.set(EXECUTOR_IMAGE, image)")
        .contains("\"spark.kubernetes.executor.container.image\"");
    assertThat(job).contains("- name: driver ").contains("image: spark-app");
    assertThat(plan.file("k8s/base/spark.properties").text())
        .contains(
            "\nspark.kubernetes.executor.pod.featureSteps=dev.sparkgen.runtime.ExecutorPodFeatureStep\n");
    // The application's own code is the team's: nothing in it is needed for one image.
    assertThat(plan.file("src/main/java/com/example/demo/SparkPi.java").text())
        .doesNotContain("dev.sparkgen", "ExecutorImage", "SparkConf", "container.image");
    assertThat(plan.files().keySet())
        .filteredOn(p -> p.startsWith("src/main/") || p.startsWith("src/test/"))
        .noneMatch(p -> p.contains("sparkgen/runtime") || p.contains("ExecutorImage"));
  }

  /**
   * Sets the image in every overlay as {@code kustomize edit set image} does, renders, and checks
   * where it lands.
   */
  void assertOnlyPodImagesCarry(String imagesEntry, String reference, String marker)
      throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Plan plan = Fixtures.plan("demo", b -> b.registry("registry.example.com/team"));
    Path repo = work.resolve("demo");
    new PlanWriter().write(plan, repo);

    for (String env : List.of("dev", "staging", "prod")) {
      Path kustomization = repo.resolve("k8s/overlays/" + env + "/kustomization.yaml");
      String before = Files.readString(kustomization);
      String edited = before.replace("newName: \"" + REPOSITORY + "\"", imagesEntry);
      assertThat(edited).as("the overlay's images entry").isNotEqualTo(before);
      Files.writeString(kustomization, edited);

      Rendered rendered = Render.kustomize(kubectl, kustomization.getParent());

      List<String> images = new ArrayList<>();
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) ->
                  list(spec.get("containers"))
                      .forEach(
                          c -> {
                            if (!pod.equals("executor pod template")) {
                              images.add(pod + " " + c.get("image"));
                            }
                          }));
      assertThat(images)
          .as(env)
          .isNotEmpty()
          .allSatisfy(i -> assertThat(i).endsWith(" " + reference));
      assertThat(images).as(env).contains("Job/demo-driver " + reference);
      // Every occurrence of the tag or digest is one of those image fields: nothing to keep in
      // step.
      long occurrences =
          Pattern.compile(Pattern.quote(marker)).matcher(rendered.text()).results().count();
      assertThat(occurrences).as("%s: places holding %s", env, marker).isEqualTo(images.size());
      assertThat(rendered.text().replace("image: " + reference, ""))
          .as(env)
          .doesNotContain(REPOSITORY);
      assertThat(EXECUTOR_IMAGE_SETTING.matcher(rendered.text()).find())
          .as("%s: no static executor image", env)
          .isFalse();
      assertThat(rendered.executorTemplate())
          .extracting(t -> list(((Map<?, ?>) t.get("spec")).get("containers")).get(0))
          .satisfies(c -> assertThat(c).doesNotContainKey("image"));
    }
  }
}
