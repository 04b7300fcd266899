package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.testing.Fixtures;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every archetype in every language it offers, on every Spark line: the job and its test are in
 * that language's source tree and no other, the pom builds Scala at the Scala version of the line
 * (2.12 for 3.5, 2.13 for 4.x, from {@link SparkVersions}), sparkgen's own sources stay Java, and
 * the answers file records the language so upgrade renders it again.
 */
class ArchetypeLanguagesTest {

  static final String PKG = "com/example/job";

  @ParameterizedTest(name = "{0} in {2} on Spark {3}")
  @CsvSource({
    "spark-pi, SparkPi, java, 4.2",
    "spark-pi, SparkPi, scala, 4.2",
    "spark-pi, SparkPi, scala, 4.1",
    "spark-pi, SparkPi, scala, 4.0",
    "spark-pi, SparkPi, scala, 3.5",
    "sql-batch, DailyOrderTotals, java, 4.2",
    "sql-batch, DailyOrderTotals, scala, 4.2",
    "sql-batch, DailyOrderTotals, scala, 3.5",
  })
  void theJobAndItsTestsAreInTheChosenLanguage(
      String archetype, String job, String language, String line) {
    Plan plan =
        Fixtures.plan(
            "job",
            b ->
                b.archetype(archetype)
                    .language(language)
                    .spark(line)
                    .packageName("com.example.job")
                    .objectStores(List.of("s3a")));
    String other = language.equals("java") ? "scala" : "java";
    String scalaVersion = SparkVersions.find(line).scalaVersion();

    assertThat(plan.files())
        .containsKeys(
            "src/main/" + language + "/" + PKG + "/" + job + "." + language,
            "src/test/" + language + "/" + PKG + "/" + job + "Test." + language,
            // Shared tests and sparkgen's feature step are Java in both.
            "src/test/java/" + PKG + "/PackagedLayoutIT.java",
            "src/sparkgen/java/dev/sparkgen/runtime/ExecutorPodFeatureStep.java");
    Set<String> jobSources =
        plan.files().keySet().stream()
            .filter(p -> p.contains("/" + job + ".") || p.contains("/" + job + "Test."))
            .collect(Collectors.toSet());
    assertThat(jobSources).hasSize(2).noneMatch(p -> p.endsWith("." + other));
    if (archetype.equals("sql-batch")) {
      assertThat(plan.files())
          .containsKey("src/test/" + language + "/" + PKG + "/ObjectStoreIT." + language);
      assertThat(plan.files())
          .doesNotContainKey("src/test/" + other + "/" + PKG + "/ObjectStoreIT." + other);
    }
    String pom = plan.file("pom.xml").text();
    if (language.equals("scala")) {
      assertThat(pom)
          .contains(
              "<scala.version>" + scalaVersion + "</scala.version>",
              "<artifactId>scala-maven-plugin</artifactId>",
              "<version>" + SparkVersions.SCALA_MAVEN_PLUGIN + "</version>",
              "<artifactId>scala-library</artifactId>");
      assertThat(plan.file("src/main/scala/" + PKG + "/" + job + ".scala").text())
          .startsWith("package com.example.job\n")
          .contains("object " + job + " {");
    } else {
      assertThat(pom).doesNotContain("scala-maven-plugin", "<scala.version>");
    }
    assertThat(pom)
        .contains(
            "<scala.binary.version>" + scalaVersion.substring(0, 4) + "</scala.binary.version>");
    assertThat(plan.file(".sparkgen.yaml").text()).contains("  language: " + language + "\n");
    assertThat(plan.file("README.md").text())
        .contains("`src/main/" + language + "/" + PKG + "/" + job + "." + language + "`");
  }

  @ParameterizedTest(name = "sql-batch with --object-store {0}")
  @CsvSource({
    "'', /data/orders/dev, /data/daily-order-totals/dev",
    "s3a, s3a://my-bucket/orders/dev, s3a://my-bucket/daily-order-totals/dev",
    "gcs, gs://my-bucket/orders/dev, gs://my-bucket/daily-order-totals/dev",
  })
  void sqlBatchPathsFollowTheObjectStoreItsDescriptorNames(
      String store, String input, String output) {
    Plan plan =
        Fixtures.plan(
            "orders",
            b ->
                b.archetype("sql-batch")
                    .objectStores(store.isEmpty() ? List.of() : List.of(store)));

    assertThat(plan.file("k8s/overlays/dev/kustomization.yaml").text())
        .contains("\"" + input + "\"", "\"" + output + "\"");
    String pom = plan.file("pom.xml").text();
    // The S3 server of its object-store test comes with the s3a connector, because its
    // descriptor says its data is on the object store.
    assertThat(pom.contains("<artifactId>s3proxy</artifactId>")).isEqualTo(store.equals("s3a"));
  }
}
