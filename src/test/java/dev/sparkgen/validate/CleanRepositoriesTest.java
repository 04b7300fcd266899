package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What sparkgen generates passes its own validation, for every Spark line and kinds of --envs. */
@Tag("slow")
class CleanRepositoriesTest {

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    List<List<String>> envs =
        List.of(List.of("dev", "staging", "prod"), List.of("dev:shared", "qa", "production"));
    return SparkVersions.RELEASES.stream()
        .map(SparkRelease::line)
        .flatMap(spark -> envs.stream().map(e -> Arguments.of(spark, e)));
  }

  @ParameterizedTest(name = "--spark {0} --envs {1}")
  @MethodSource("repositories")
  void aGeneratedRepositoryHasNoFindings(String spark, List<String> envs) {
    ExternalTools.require("kubectl");
    Path repo = work.resolve("etl");
    new PlanWriter()
        .write(
            Fixtures.plan(
                "etl", b -> b.spark(spark).envs(envs).registry("registry.example.com/data")),
            repo);

    Report report =
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of());

    assertThat(report.environments()).hasSize(3);
    assertThat(report.findings()).isEmpty();
  }

  /**
   * Found by validate, left for the templates' owners: a prod-tier environment on a cluster of its
   * own gets the namespace component's quota (limits.memory 32Gi) and prod's 20 executors of 4g +
   * 1g. The test pins the finding so that a template fix shows here.
   */
  @Test
  void aProdTierOnALocalClusterOutgrowsItsNamespaceQuota() {
    ExternalTools.require("kubectl");
    Path repo = work.resolve("etl");
    new PlanWriter()
        .write(Fixtures.plan("etl", b -> b.envs(List.of("dev", "production:local"))), repo);

    Report report =
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of());

    assertThat(report.findings())
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo("namespace-quota");
              assertThat(f.object()).isEqualTo("ResourceQuota/etl-quota");
            });
    assertThat(report.findings())
        .extracting(Finding::message)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "quota limits.memory 32Gi cannot hold the driver (2560Mi) and 20 executors of 5Gi"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "quota limits.cpu 16 cannot hold the driver (2) and 20 executors of 2 CPU"));
  }

  @Test
  void everySupportedSparkLineHasItsKeysAndKnowsTheSettingsTheTemplatesUse() {
    for (SparkRelease release : SparkVersions.RELEASES) {
      SparkKeys keys =
          SparkKeys.forLine(release.line())
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no key list for Spark "
                              + release.line()
                              + ": run src/dev/spark-config-keys.sh"));
      assertThat(keys.known("spark.kubernetes.executor.podTemplateFile")).isTrue();
      assertThat(keys.known("spark.kubernetes.executor.label.team"))
          .as("a free-form family")
          .isTrue();
      assertThat(keys.known("spark.executor.memoryOverhed")).isFalse();
      assertThat(keys.suggestion("spark.executor.memoryOverhed"))
          .contains("spark.executor.memoryOverhead");
      assertThat(keys.suggestion("spark.executor.memoryoverhead"))
          .as("another case")
          .contains("spark.executor.memoryOverhead");
      assertThat(keys.suggestion("spark.totally.different")).isEmpty();
    }
  }

  @Test
  void thePlaceholderRuleKnowsTheBasesPlaceholder() throws Exception {
    Path job = Path.of(System.getProperty("user.dir"), "kustomize-base/job.yaml");
    assertThat(Files.readString(job))
        .containsPattern("(?m)^\\s+image: " + Rules.IMAGE_PLACEHOLDER + "\\s");
  }
}
