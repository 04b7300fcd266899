package dev.sparkgen.jib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A repository generated with {@code --object-store s3a,gcs} builds: its tests pass, its
 * PackagedLayoutIT loads a class of every jar Jib will put in /opt/spark/app/libs in an executor
 * JVM that sees them only through k8s/base/spark.properties (so the connectors and their AWS SDK
 * load on executors), and Jib's image has the connectors of the Spark line's Hadoop in its
 * dependency layer, apart from the application jar. The layers are listed with the tar command,
 * never read into memory: the AWS SDK bundle alone is some 700 MB.
 */
class ObjectStoreConnectorsIT {

  @TempDir Path work;

  @Test
  void theConnectorsOfTheLinesHadoopBuildLoadOnExecutorsAndLandInTheLibsLayer() throws Exception {
    SparkRelease release = SparkVersions.defaultRelease();
    Path repo = work.resolve("lake");
    ExternalTools.run(
            work,
            "java",
            "-jar",
            System.getProperty("sparkgen.jar"),
            "new",
            "lake",
            "--object-store",
            "s3a,gcs",
            "--output",
            repo.toString())
        .assertSuccess("sparkgen new --object-store s3a,gcs");

    Result build =
        ExternalTools.run(
            repo, ExternalTools.GENERATED_PROJECT_ENV, "./mvnw", "-B", "-ntp", "verify");
    build.assertSuccess("./mvnw verify in the generated project");
    String packaged =
        Files.readString(
            repo.resolve("target/failsafe-reports/com.example.lake.PackagedLayoutIT.txt"));
    assertThat(packaged)
        .as("the dependency check runs: there are libs")
        .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
    String hadoop = release.hadoop().version();
    try (var libs = Files.list(repo.resolve("target/image/libs"))) {
      assertThat(libs.map(p -> p.getFileName().toString()).toList())
          .contains("hadoop-aws-" + hadoop + ".jar", "hadoop-gcp-" + hadoop + ".jar")
          .anyMatch(n -> n.startsWith("bundle-2.") && n.endsWith(".jar"))
          .noneMatch(
              n ->
                  n.startsWith("hadoop-common")
                      || n.startsWith("hadoop-client")
                      || n.startsWith("spark-"));
    }

    Path base = StandInSparkImage.write(work.resolve("stand-in-spark.tar"));
    ExternalTools.run(
            repo,
            ExternalTools.GENERATED_PROJECT_ENV,
            "./mvnw",
            "-B",
            "-ntp",
            "-DskipTests=true",
            "prepare-package",
            "jib:buildTar",
            "-Djib.from.image=tar://" + base.toAbsolutePath(),
            "-Dimage=lake")
        .assertSuccess("jib:buildTar");
    Path image = repo.resolve("target/jib-image.tar");
    Path unpacked = Files.createDirectories(work.resolve("image"));
    ExternalTools.run(unpacked, "tar", "-xf", image.toString()).assertSuccess("tar -xf");
    JsonNode manifest =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(unpacked.resolve("manifest.json")))
            .get(0);
    List<List<String>> layers = new ArrayList<>();
    for (JsonNode layer : manifest.get("Layers")) {
      layers.add(
          ExternalTools.run(unpacked, "tar", "-tf", layer.asString())
              .assertSuccess("tar -tf")
              .stdout()
              .lines()
              .toList());
    }
    List<String> libsLayer =
        layers.stream()
            .filter(l -> l.contains("opt/spark/app/libs/hadoop-aws-" + hadoop + ".jar"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no layer holds hadoop-aws: " + layers));
    assertThat(libsLayer)
        .contains("opt/spark/app/libs/hadoop-gcp-" + hadoop + ".jar")
        .noneMatch(p -> p.contains("classpath/app.jar"));
    assertThat(layers)
        .as("the application jar in a layer of its own")
        .anySatisfy(l -> assertThat(l).contains("opt/spark/app/classpath/app.jar"));
  }
}
