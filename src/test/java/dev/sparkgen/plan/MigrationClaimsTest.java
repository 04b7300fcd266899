package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.StandaloneMigration.Outcome;
import dev.sparkgen.spec.StandaloneMigration.Row;
import dev.sparkgen.spec.XmlTree;
import dev.sparkgen.spec.XmlTree.Element;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What MIGRATION.md says an adopted project's image ships is true of the files init writes: every
 * dependency a row of a Standalone submission's packages claims is read from the written pom
 * (parsed) at the claimed version, with a scope Jib ships from {@code <appRoot>/libs} (or provided,
 * where the row says the image has it), Jib's appRoot in the written pom is the one whose {@code
 * libs/} k8s/base puts on the executors' class path, and the exclusions the submission asked for
 * are on it. The poms are the team's as found in the field: the dependency declared {@code
 * provided} (because {@code --packages} shipped it on the Standalone cluster), {@code test}, at
 * another version, or not at all.
 */
class MigrationClaimsTest {

  static final Pattern CLAIMS = Pattern.compile("^pom\\.xml dependencies (.+?): Maven resolves");
  static final Pattern COORDINATE =
      Pattern.compile(
          "([\\w.\\-]+):([\\w.\\-${}]+):([\\w.\\-+${}]+)( \\(provided: in the image\\)| \\(already a provided dependency\\)| \\(in the image, not shipped\\))?");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The field report: declared provided because --packages shipped it on Standalone.
        "provided by --packages | <scope>provided</scope> | 1.4.3 | --packages com.typesafe:config:1.4.3",
        "test scope | <scope>test</scope> | 1.4.3 | --packages com.typesafe:config:1.4.3",
        "another version | <scope>provided</scope> | 1.4.1 | --packages com.typesafe:config:1.4.3",
        "spark.jars.packages | <scope>provided</scope> | 1.4.3 | --conf spark.jars.packages=com.typesafe:config:1.4.3",
        "with exclusions | <scope>provided</scope> | 1.4.3 | --packages com.typesafe:config:1.4.3,org.jooq:joou:0.9.4 --exclude-packages org.slf4j:slf4j-reload4j",
        "already compile | '' | 1.4.3 | --packages com.typesafe:config:1.4.3",
        "--jars from a repository | <scope>provided</scope> | 1.4.3 | --repositories REPO --jars REPO/com/typesafe/config/1.4.3/config-1.4.3.jar",
        "Spark modules and Scala | <scope>provided</scope> | 1.4.3 | --packages com.typesafe:config:1.4.3,org.apache.spark:spark-avro_2.12:3.5.8,org.apache.spark:spark-hive_2.12:3.5.8,org.scala-lang:scala-library:2.12.18,org.apache.hadoop:hadoop-client-runtime:3.3.4",
      })
  void everyDependencyMigrationMdClaimsIsInTheWrittenPomAndShippedByJib(
      String name, String scope, String declaredVersion, String options) throws IOException {
    String pom =
        """
        <project>
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme.pricing</groupId>
          <artifactId>rates</artifactId>
          <version>2.3.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <config.version>%s</config.version>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.apache.spark</groupId>
              <artifactId>spark-sql_2.12</artifactId>
              <version>3.5.8</version>
              <scope>provided</scope>
            </dependency>
            <!-- The cluster has it. -->
            <dependency>
              <groupId>com.typesafe</groupId>
              <artifactId>config</artifactId>
              <version>${config.version}</version>
              %s
            </dependency>
          </dependencies>
        </project>
        """
            .formatted(declaredVersion, scope);
    String submit =
        "spark-submit --master spark://m:7077 --class com.acme.rates.Rates "
            + options.replace("REPO", "https://repo.example.com/maven")
            + " rates.jar\n";
    assertClaimsHold(pom, submit);
  }

  /** The sample of the field report and the ledger, with their own submit scripts. */
  @ParameterizedTest
  @CsvSource({"packages, bin/submit-rates.sh", "ledger, bin/submit-ledger.sh"})
  void theSamplesClaimsHold(String sample, String script) throws IOException {
    Path dir = AdoptedPomTest.project(sample);
    assertClaimsHold(
        Files.readString(dir.resolve("pom.xml")), Files.readString(dir.resolve(script)));
  }

  static void assertClaimsHold(String pom, String submit) throws IOException {
    MavenProject project =
        MavenProject.read(
            path -> path.equals("pom.xml") ? Optional.of(pom) : Optional.empty(), Map.of());
    ProjectSpec spec =
        project
            .specBuilder(null, null, null, "com.acme.rates.Rates")
            .submit("submit.sh", submit)
            .build(ArchetypeCatalog.builtIn().descriptors());
    Element written = XmlTree.parse("adopted pom.xml", AdoptedPom.adopt(pom, spec).text());
    Plan plan =
        new PlanRenderer("test").render(spec, ArchetypeCatalog.builtIn().load(spec.archetypeId()));

    // Where Jib puts the dependencies it ships, and whether the executors see that directory.
    Element jib = AdoptedPomTest.plugin(written, AdoptedPom.JIB);
    assertThat(jib.path("configuration", "containerizingMode").map(Element::text))
        .hasValue("packaged");
    String libs = jib.path("configuration", "container", "appRoot").orElseThrow().text() + "/libs";
    Properties base = new Properties();
    base.load(
        new StringReader(
            new String(
                plan.files().get("k8s/base/spark.properties").content(), StandardCharsets.UTF_8)));
    assertThat(base.getProperty("spark.executor.extraClassPath"))
        .as("the executors' class path holds what Jib ships")
        .isEqualTo(libs + "/*");

    Map<String, String> properties = new LinkedHashMap<>();
    written
        .child("properties")
        .ifPresent(p -> p.children().forEach(c -> properties.put(c.name(), c.text())));
    String sparkVersion = project.sparkVersion().orElseThrow();
    List<Row> rows = new ArrayList<>();
    spec.migration().orElseThrow().environments().values().forEach(e -> rows.addAll(e.rows()));
    List<String> claimed = new ArrayList<>();
    for (Row row : rows) {
      Matcher claims = CLAIMS.matcher(row.detail());
      if (!claims.find()) {
        continue;
      }
      assertThat(row.outcome()).isIn(Outcome.TRANSLATED, Outcome.NEEDS_ACTION);
      Matcher c = COORDINATE.matcher(claims.group(1));
      while (c.find()) {
        String group = c.group(1);
        String artifact = c.group(2).replace("${scala.binary.version}", spec.spark().scalaBinary());
        String version = c.group(3).replace("${spark.version}", sparkVersion);
        boolean provided = c.group(4) != null && c.group(4).contains("provided");
        if (c.group(4) != null && !provided) {
          assertThat(written.path("dependencies").orElseThrow().children("dependency"))
              .as("%s:%s is in the image: not shipped", group, artifact)
              .noneMatch(
                  d ->
                      d.childText("groupId").orElse("").equals(group)
                          && d.childText("artifactId").orElse("").equals(artifact)
                          && List.of("compile", "runtime")
                              .contains(d.childText("scope").orElse("compile")));
          continue;
        }
        claimed.add(group + ":" + artifact);
        Element dependency =
            written.path("dependencies").orElseThrow().children("dependency").stream()
                .filter(
                    d ->
                        d.childText("groupId").orElse("").equals(group)
                            && MavenProject.resolve(
                                    d.childText("artifactId").orElse(""), properties)
                                .equals(artifact))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "MIGRATION.md claims pom.xml has " + group + ":" + artifact));
        assertThat(
                MavenProject.resolve(dependency.childText("version").orElse("managed"), properties))
            .as("the version MIGRATION.md names for %s:%s", group, artifact)
            .isEqualTo(version);
        String effective = dependency.childText("scope").orElse("compile");
        if (provided) {
          assertThat(effective).as("%s:%s is in the image", group, artifact).isEqualTo("provided");
        } else {
          assertThat(effective)
              .as(
                  "%s:%s: Jib ships only compile and runtime dependencies, into %s",
                  group, artifact, libs)
              .isIn("compile", "runtime");
          for (String exclusion :
              spec.migration().orElseThrow().dependencies().stream()
                  .filter(d -> d.groupId().equals(group))
                  .flatMap(d -> d.exclusions().stream())
                  .toList()) {
            assertThat(
                    dependency.path("exclusions").stream()
                        .flatMap(x -> x.children("exclusion").stream())
                        .map(
                            x ->
                                x.childText("groupId").orElse("")
                                    + ":"
                                    + x.childText("artifactId").orElse("")))
                .as("the exclusions MIGRATION.md names on %s:%s", group, artifact)
                .contains(exclusion);
          }
        }
      }
    }
    assertThat(claimed).as("the rows claim dependencies").isNotEmpty();
  }
}
