package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged CLI generates a repository, and that repository's own build passes: it compiles
 * against the chosen Spark, its test runs Spark Pi in local mode, and its integration test runs it
 * on executors laid out like the image.
 */
class GeneratedProjectIT {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "Spark {1} on Java 17")
  @CsvSource({"pi-demo, 4.2.0, com.example.pidemo", "legacy-pi, 3.5, com.acme.legacy"})
  void generatedProjectBuildsAndItsLocalModeSparkTestPasses(String name, String spark, String pkg) throws Exception {
    Path repo = dir.resolve(name);
    Result generated = ExternalTools.run(dir, "java", "-jar", System.getProperty("sparkgen.jar"),
        "new", name, "--spark", spark, "--package", pkg, "--output", repo.toString());
    generated.assertSuccess("sparkgen new");

    Result build = ExternalTools.run(repo, "./mvnw", "-B", "-ntp", "verify");
    build.assertSuccess("./mvnw verify in the generated project");

    assertThat(build.stdout()).contains("BUILD SUCCESS");
    String report = Files.readString(repo.resolve("target/surefire-reports/" + pkg + ".SparkPiTest.txt"));
    assertThat(report).contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
    // Spark Pi on executors laid out like the image; the dependency check is skipped: it has none.
    String packaged = Files.readString(repo.resolve("target/failsafe-reports/" + pkg + ".PackagedLayoutIT.txt"));
    assertThat(packaged).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 1");
  }
}
