package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every artifact a generated or adopted pom names by a version from {@link SparkVersions} is
 * published on Maven Central, for every Spark line, not only the two lines whose generated projects
 * the other ITs build: fabric8 and Spark skip releases (kubernetes-server-mock 7.4.1,
 * spark-kubernetes 4.1.2 do not exist), and a generated project whose test dependency does not
 * resolve cannot build at all. Resolved without their dependencies, by Maven itself.
 */
class SparkLinesPublishedIT {

  @TempDir Path dir;

  static Stream<SparkRelease> releases() {
    return SparkVersions.RELEASES.stream();
  }

  @ParameterizedTest(name = "Spark {0}")
  @MethodSource("releases")
  void everyVersionedArtifactOfTheLineIsPublished(SparkRelease release) throws Exception {
    String scala = release.scalaBinary();
    SparkRelease.MavenArtifact gcs = release.hadoop().gcsConnector();
    List<String> dependencies = new ArrayList<>();
    dependencies.add(
        dependency("org.apache.spark", "spark-core_" + scala, release.version(), "", ""));
    dependencies.add(
        dependency(
            "org.apache.spark", "spark-kubernetes_" + scala, release.kubernetesModule(), "", ""));
    dependencies.add(
        dependency("io.fabric8", "kubernetes-client", release.kubernetesClient(), "", ""));
    dependencies.add(
        dependency("io.fabric8", "kubernetes-client-bom", release.kubernetesClient(), "", "pom"));
    dependencies.add(
        dependency("io.fabric8", "kubernetes-server-mock", release.kubernetesMockServer(), "", ""));
    dependencies.add(
        dependency("org.apache.hadoop", "hadoop-aws", release.hadoop().version(), "", ""));
    dependencies.add(
        dependency(gcs.groupId(), gcs.artifactId(), gcs.version(), gcs.classifier(), ""));
    Path pom = dir.resolve("pom.xml");
    Files.writeString(
        pom,
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>probe</groupId>
          <artifactId>spark-line</artifactId>
          <version>1</version>
          <packaging>pom</packaging>
          <dependencies>
        %s
          </dependencies>
        </project>
        """
            .formatted(String.join("\n", dependencies)));
    Path root = Path.of(System.getProperty("sparkgen.root", "."));
    Result resolved =
        ExternalTools.run(root, "./mvnw", "-B", "-ntp", "-f", pom.toString(), "dependency:resolve");
    assertThat(resolved.exitCode())
        .as("Maven resolves every artifact of Spark %s:%n%s", release.version(), resolved.stdout())
        .isZero();
  }

  private static String dependency(
      String group, String artifact, String version, String classifier, String type) {
    return """
            <dependency>
              <groupId>%s</groupId>
              <artifactId>%s</artifactId>
              <version>%s</version>%s%s
              <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
            </dependency>"""
        .formatted(
            group,
            artifact,
            version,
            classifier.isEmpty() ? "" : "\n      <classifier>" + classifier + "</classifier>",
            type.isEmpty() ? "" : "\n      <type>" + type + "</type>");
  }
}
