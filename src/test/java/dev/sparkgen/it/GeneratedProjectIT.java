package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged CLI generates a repository, and that repository's own build passes: it compiles
 * against the chosen Spark, its test runs Spark Pi in local mode, and its integration test runs it
 * on executors laid out like the image.
 */
class GeneratedProjectIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "Spark {1} on Java 17")
  @CsvSource({"pi-demo, 4.2.0, com.example.pidemo", "legacy-pi, 3.5, com.acme.legacy"})
  void generatedProjectBuildsAndItsLocalModeSparkTestPasses(String name, String spark, String pkg)
      throws Exception {
    Path repo = dir.resolve(name);
    Result generated =
        ExternalTools.run(
            dir,
            "java",
            "-jar",
            System.getProperty("sparkgen.jar"),
            "new",
            name,
            "--spark",
            spark,
            "--package",
            pkg,
            "--output",
            repo.toString());
    generated.assertSuccess("sparkgen new");

    Result build = ExternalTools.run(repo, SPARKGEN, "./mvnw", "-B", "-ntp", "verify");
    build.assertSuccess("./mvnw verify in the generated project");

    assertThat(build.stdout()).contains("BUILD SUCCESS");
    String report =
        Files.readString(repo.resolve("target/surefire-reports/" + pkg + ".SparkPiTest.txt"));
    assertThat(report).contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
    // Spark Pi on executors laid out like the image; the dependency check is skipped: it has none.
    String packaged =
        Files.readString(repo.resolve("target/failsafe-reports/" + pkg + ".PackagedLayoutIT.txt"));
    assertThat(packaged).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 1");
    // The driver's log persisted as component event-logs switches it on (real Spark, local mode).
    String driverLog =
        Files.readString(
            repo.resolve("target/failsafe-reports/dev.sparkgen.runtime.DriverLogDirectoryIT.txt"));
    assertThat(driverLog).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");
    // k8s/ validated by the packaged sparkgen, not skipped.
    String manifests =
        Files.readString(
            repo.resolve("target/surefire-reports/" + pkg + ".KubernetesManifestsTest.txt"));
    assertThat(manifests).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
  }

  /**
   * The generated project's tests run the packaged sparkgen (KubernetesManifestsTest reads
   * SPARKGEN).
   */
  static final java.util.Map<String, String> SPARKGEN = ExternalTools.GENERATED_PROJECT_ENV;

  @Test
  void aBrokenOverlayFailsTheGeneratedProjectsVerify() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = dir.resolve("broken");
    ExternalTools.run(
            dir,
            "java",
            "-jar",
            System.getProperty("sparkgen.jar"),
            "new",
            "broken",
            "--output",
            repo.toString())
        .assertSuccess("sparkgen new");
    Path settings = repo.resolve("k8s/overlays/dev/spark.properties");
    Files.writeString(settings, Files.readString(settings) + "spark.driver.memory=8g\n");

    Result build =
        ExternalTools.run(
            repo,
            SPARKGEN,
            "./mvnw",
            "-B",
            "-ntp",
            "verify",
            "-Dtest=KubernetesManifestsTest",
            "-Dsurefire.failIfNoSpecifiedTests=false");

    assertThat(build.exitCode()).isNotZero();
    assertThat(build.stdout())
        .contains(
            "sparkgen validate found problems",
            "spark.driver.memory 8g",
            "[driver-resources]",
            "BUILD FAILURE");
  }
}
