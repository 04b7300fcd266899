package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.StandaloneSetting;
import dev.sparkgen.spec.SubmitScript;
import dev.sparkgen.spec.XmlTree;
import dev.sparkgen.spec.XmlTree.Element;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adopted pom of each sample project (src/test/resources/adopt/), as a unified diff against the
 * original, compared with the reviewed diff in src/test/golden/adopt/: only what the image needs
 * changes. To accept an intended change: {@code ./mvnw test -Dtest=AdoptedPomTest
 * -Dgolden.update=true}, then review git diff src/test/golden.
 */
class AdoptedPomTest {

  static final Path SAMPLES = Path.of("src/test/resources/adopt");
  static final Path GOLDEN = Path.of("src/test/golden/adopt");

  /** A sample's project directory (the parent sample's job is its module). */
  static Path project(String sample) {
    return sample.equals("parent") ? SAMPLES.resolve("parent/job") : SAMPLES.resolve(sample);
  }

  static MavenProject read(Path dir) {
    return MavenProject.read(path -> readFile(dir.resolve(path).normalize()), sources(dir));
  }

  static ProjectSpec spec(Path dir) {
    return read(dir)
        .specBuilder(null, null, null, null)
        .registry("registry.example.com/data")
        .build(ArchetypeCatalog.builtIn().descriptors());
  }

  /**
   * The spec of {@code dir} adopted with a Standalone submit script, as {@code sparkgen init
   * --submit} builds it.
   */
  static ProjectSpec spec(Path dir, String submit) {
    MavenProject project = read(dir);
    Optional<StandaloneSetting> submittedClass =
        SubmitScript.parse("submit.sh", submit).stream()
            .filter(s -> s.name().equals("--class"))
            .findFirst();
    return project
        .specBuilder(null, null, null, null, submittedClass)
        .submit("submit.sh", submit)
        .build(ArchetypeCatalog.builtIn().descriptors());
  }

  /**
   * A submission's --packages and --repositories in the adopted pom: each one the pom lacks is
   * added at the end of its list (Spark's modules at the project's Spark version and Scala suffix),
   * each one it declares is left as it is, and everything else stays byte for byte.
   */
  @ParameterizedTest
  @ValueSource(strings = {"plain", "scala", "ledger"})
  void aSubmissionsPackagesAreAddedWhereThePomLacksThem(String sample) throws IOException {
    Path dir = project(sample);
    String submit =
        sample.equals("ledger")
            ? Files.readString(dir.resolve("bin/submit-ledger.sh"))
            : "spark-submit --master spark://m:7077 --class "
                + read(dir).mainClasses().get(0)
                + " \\\n"
                + "  --packages org.apache.spark:spark-avro_2.13:4.2.0,org.apache.spark:spark-sql_2.13:4.2.0,org.jooq:joou:0.9.4"
                + (sample.equals("scala") ? ",org.scala-lang:scala-library:2.13.17" : "")
                + " \\\n"
                + "  --exclude-packages org.slf4j:slf4j-reload4j \\\n"
                + "  --repositories https://repo.example.com/maven/ app.jar\n";
    String before = Files.readString(dir.resolve("pom.xml"));
    AdoptedPom.Result result = AdoptedPom.adopt(before, spec(dir, submit));
    String diff =
        new Changes(
                List.of(
                    FileChange.write("pom.xml", Action.UPDATE, PlannedFile.text(result.text()))))
            .unifiedDiff(Map.of("pom.xml", PlannedFile.text(before)));

    Path golden = GOLDEN.resolve(sample + "-packages.pom.diff");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, diff);
    }
    assertThat(diff)
        .as(
            "the pom's diff; if intended: ./mvnw test -Dtest=AdoptedPomTest -Dgolden.update=true, then review git diff src/test/golden")
        .isEqualTo(Files.readString(golden));

    Element pom = XmlTree.parse("adopted pom.xml", result.text());
    List<String> declared =
        pom.path("dependencies").orElseThrow().children("dependency").stream()
            .map(
                d ->
                    d.childText("groupId").orElseThrow()
                        + ":"
                        + d.childText("artifactId").orElseThrow())
            .toList();
    assertThat(declared)
        .as("each dependency once")
        .doesNotHaveDuplicates()
        .contains("org.jooq:joou");
    if (!sample.equals("ledger")) {
      assertThat(declared).contains("org.apache.spark:spark-avro_2.13");
      assertThat(pom.path("repositories", "repository", "url").orElseThrow().text())
          .isEqualTo("https://repo.example.com/maven/");
    }
    assertThat(result.changes())
        .anyMatch(c -> c.startsWith("dependency org.jooq:joou:0.9.4 (added, from --packages)"));
    // Scala is the image's: neither shipped nor moved to the submission's version.
    assertThat(result.warnings()).isEmpty();
    if (sample.equals("scala")) {
      assertThat(result.text()).contains("<version>${scala.version}</version>");
    }
    AdoptedPom.Result again = AdoptedPom.adopt(result.text(), spec(dir, submit));
    assertThat(again.text()).as("a second adoption adds nothing").isEqualTo(result.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "parent", "shade", "scala", "jib"})
  void theAdoptedPomDiffersFromTheTeamsOnlyWhereTheImageNeedsIt(String sample) throws IOException {
    Path dir = project(sample);
    String before = Files.readString(dir.resolve("pom.xml"));
    AdoptedPom.Result result = AdoptedPom.adopt(before, spec(dir));
    String diff =
        new Changes(
                List.of(
                    FileChange.write("pom.xml", Action.UPDATE, PlannedFile.text(result.text()))))
            .unifiedDiff(Map.of("pom.xml", PlannedFile.text(before)));

    Path golden = GOLDEN.resolve(sample + ".pom.diff");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, diff);
    }
    assertThat(diff)
        .as(
            "the pom's diff; if intended: ./mvnw test -Dtest=AdoptedPomTest -Dgolden.update=true, then review git diff src/test/golden")
        .isEqualTo(Files.readString(golden));

    Element pom = XmlTree.parse("adopted pom.xml", result.text());
    assertThat(pom.path("build", "finalName").orElseThrow().text()).isEqualTo("app");
    Element jib = plugin(pom, "jib-maven-plugin");
    assertThat(jib.path("configuration", "from", "image").orElseThrow().text())
        .isEqualTo("${spark.base.image}");
    assertThat(jib.path("configuration", "containerizingMode").orElseThrow().text())
        .isEqualTo("packaged");
    assertThat(jib.path("configuration", "container", "entrypoint").orElseThrow().text())
        .isEqualTo("INHERIT");
    assertThat(jib.path("configuration", "container", "user").orElseThrow().text())
        .isEqualTo("185");
    assertThat(jib.path("configuration", "container", "appRoot").orElseThrow().text())
        .isEqualTo("/opt/spark/app");
    Element jar = plugin(pom, "maven-jar-plugin");
    assertThat(jar.path("executions", "execution").orElseThrow().childText("phase"))
        .contains("prepare-package");
    for (Element dependency : pom.path("dependencies").orElseThrow().children("dependency")) {
      if (dependency
          .childText("groupId")
          .orElse("")
          .matches("org\\.apache\\.spark|org\\.scala-lang")) {
        assertThat(dependency.childText("scope"))
            .as(dependency.childText("artifactId").orElse(""))
            .contains("provided");
      }
    }
    // Adopting twice changes nothing more: each edit tests what is there.
    AdoptedPom.Result again = AdoptedPom.adopt(result.text(), spec(dir));
    assertThat(again.text()).isEqualTo(result.text());
    assertThat(again.changes()).isEmpty();
  }

  static Element plugin(Element pom, String artifactId) {
    return pom.path("build", "plugins").orElseThrow().children("plugin").stream()
        .filter(p -> p.childText("artifactId").orElse("").equals(artifactId))
        .findFirst()
        .orElseThrow();
  }

  static Optional<String> readFile(Path file) {
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> sources(Path dir) {
    Map<String, String> sources = new TreeMap<>();
    Path src = dir.resolve("src/main");
    if (!Files.isDirectory(src)) {
      return sources;
    }
    try (Stream<Path> walk = Files.walk(src)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> sources.put(dir.relativize(f).toString(), readFile(f).orElseThrow()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }
}
