package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.StandaloneMigration.MavenDependency;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sparkgen init} (which reads the pom) and {@code sparkgen new --submit} (which translates
 * {@code --packages}) agree on every module the image provides: both ask {@link SparkImage}. Before
 * they did, the translator's own shorter list shipped spark-hive-thriftserver, spark-yarn,
 * spark-repl and eight more that init called provided.
 */
class SparkImageTest {

  static Iterable<String> modules() {
    return SparkImage.MODULES.stream().filter(m -> !m.equals("spark-sql")).sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("modules")
  void newSubmitMarksEveryModuleOfTheImageProvided(String module) {
    StandaloneMigration m =
        SpecBuilder.named("job")
            .submit(
                "submit.sh",
                "spark-submit --packages org.apache.spark:" + module + "_2.13:4.2.0 app.jar")
            .build(ArchetypeCatalog.builtIn().descriptors())
            .migration()
            .orElseThrow();

    assertThat(m.dependencies())
        .singleElement()
        .extracting(MavenDependency::artifactId, MavenDependency::provided)
        .containsExactly(module + "_${scala.binary.version}", true);
  }

  @ParameterizedTest
  @MethodSource("modules")
  void initRefusesEveryModuleOfTheImageInheritedWithCompileScope(String module) {
    assertThatThrownBy(() -> readInheriting(module))
        .hasMessageStartingWith("pom.xml inherits org.apache.spark:" + module + "_2.12 ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark-avro", "spark-sql-kafka-0-10", "spark-hadoop-cloud"})
  void modulesOutsideTheImageAreShippedByBoth(String module) {
    StandaloneMigration m =
        SpecBuilder.named("job")
            .submit(
                "submit.sh",
                "spark-submit --packages org.apache.spark:" + module + "_2.13:4.2.0 app.jar")
            .build(ArchetypeCatalog.builtIn().descriptors())
            .migration()
            .orElseThrow();
    assertThat(m.dependencies())
        .singleElement()
        .extracting(MavenDependency::provided)
        .isEqualTo(false);
    assertThat(readInheriting(module).sparkVersion()).hasValue("3.5.2");
  }

  private static MavenProject readInheriting(String module) {
    String parent =
        MavenProjectTest.PARENT
            .replace("<dependencyManagement><dependencies>", "<dependencies>")
            .replace("</dependencies></dependencyManagement>", "</dependencies>")
            .replace(
                "</dependencies>",
                "<dependency><groupId>org.apache.spark</groupId><artifactId>"
                    + module
                    + "_${scala.binary}</artifactId><version>${spark}</version></dependency></dependencies>")
            .replace(
                "<artifactId>spark-sql_${scala.binary}</artifactId><version>${spark}</version>",
                "<artifactId>spark-sql_${scala.binary}</artifactId><version>${spark}</version><scope>provided</scope>");
    Map<String, String> files =
        Map.of("pom.xml", MavenProjectTest.CHILD, "../base/pom.xml", parent);
    return MavenProject.read(path -> Optional.ofNullable(files.get(path)), Map.of());
  }
}
