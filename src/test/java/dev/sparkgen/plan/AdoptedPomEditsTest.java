package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.ImageLayout;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.XmlTree;
import dev.sparkgen.spec.XmlTree.Element;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Single edits of {@link AdoptedPom} on small poms written here, each checked in the text it
 * produces and the change lines init reports; the sample projects' whole diffs are {@link
 * AdoptedPomTest}'s.
 */
class AdoptedPomEditsTest {

  /** The comments init writes above what it adds, as the tests below expect them. */
  static final String JAR_COMMENT =
      "<!-- One jar name for every application, /opt/spark/app/classpath/app.jar in the image, the path the Job runs (sparkgen init). -->";

  static final String JAR_PLUGIN_COMMENT =
      "<!-- The jar is built in prepare-package, the phase skaffold's Jib builder runs, so every image holds the current code (sparkgen init). -->";

  static AdoptedPom.Result adopt(String pom) {
    return adopt(pom, null);
  }

  /** {@code pom} adopted as init adopts it, with the Standalone script {@code submit} if given. */
  static AdoptedPom.Result adopt(String pom, String submit) {
    var builder =
        MavenProject.read(
                path -> path.equals("pom.xml") ? Optional.of(pom) : Optional.empty(), Map.of())
            .specBuilder(null, null, 17, "com.acme.etl.Job")
            .registry("registry.example.com/data");
    if (submit != null) {
      builder.submit("submit.sh", submit);
    }
    return AdoptedPom.adopt(pom, builder.build(ArchetypeCatalog.builtIn().descriptors()));
  }

  /** A pom on Spark 4.0 with {@code dependencies} after spark-sql and {@code rest} after them. */
  static String pom(String dependencies, String rest) {
    return """
        <project>
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme</groupId>
          <artifactId>etl</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.apache.spark</groupId>
              <artifactId>spark-sql_2.13</artifactId>
              <version>4.0.3</version>
              <scope>provided</scope>
            </dependency>
        """
        + dependencies
        + "  </dependencies>\n"
        + rest
        + "</project>\n";
  }

  static Element plugin(AdoptedPom.Result result, String artifactId) {
    return AdoptedPomTest.plugin(XmlTree.parse("adopted pom.xml", result.text()), artifactId);
  }

  @Test
  void eachAdditionIsReportedInOneLineNamingWhereItWent() {
    assertThat(adopt(pom("", "")).changes())
        .containsExactly(
            "properties/project.build.outputTimestamp: 2026-01-01T00:00:00Z (added)",
            "properties/spark.base.image: apache/spark:4.0.3-scala2.13-java17-ubuntu (added)",
            "build/finalName: app (added)",
            "build/plugins/plugin[maven-jar-plugin]/executions/execution[default-jar]/phase: prepare-package (added)",
            "build/plugins/plugin[jib-maven-plugin] (added)",
            "properties/spark-kubernetes.version: 4.0.2 (added)",
            "properties/kubernetes-client.version: 7.1.0 (added)",
            "dependencies/dependency[spark-kubernetes_2.13]/artifactId: spark-kubernetes_2.13 (added)",
            "dependencies/dependency[kubernetes-client]/artifactId: kubernetes-client (added)",
            "build/plugins/plugin[build-helper-maven-plugin]/executions/execution[sparkgen-sources]/id: sparkgen-sources (added)",
            "the packaged-layout check in verify (added): executions sparkgen-check-sources (build-helper-maven-plugin),"
                + " sparkgen-image-libs, sparkgen-provided-jars, sparkgen-dependency-tree (maven-dependency-plugin),"
                + " sparkgen-packaged-layout (exec-maven-plugin)");
  }

  @Test
  void anEmptyOrSelfClosingFinalNameGetsTheJarNameAndSaysItWasEmpty() {
    for (String finalName : List.of("<finalName></finalName>", "<finalName/>")) {
      AdoptedPom.Result result = adopt(pom("", "  <build>\n    " + finalName + "\n  </build>\n"));

      assertThat(result.text()).contains("  <build>\n    <finalName>app</finalName>\n");
      assertThat(result.changes()).contains("build/finalName: app (was empty)");
    }
  }

  @Test
  void sparksOwnModulesAndScalaBecomeProvidedWhileOtherSparkArtifactsTravelWithTheJob() {
    AdoptedPom.Result result =
        adopt(
            pom(
                """
                    <dependency>
                      <groupId>org.apache.spark</groupId>
                      <artifactId>spark-sql-api_2.13</artifactId>
                      <version>4.0.3</version>
                      <scope>runtime</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.apache.spark</groupId>
                      <artifactId>spark-avro_2.13</artifactId>
                      <version>4.0.3</version>
                    </dependency>
                    <dependency>
                      <groupId>org.scala-lang</groupId>
                      <artifactId>scala-reflect</artifactId>
                      <version>2.13.16</version>
                    </dependency>
                    <dependency>
                      <groupId>org.scala-lang</groupId>
                      <artifactId>scala-compiler</artifactId>
                      <version>2.13.16</version>
                    </dependency>
                """,
                ""));

    assertThat(result.text())
        .contains(
            """
                  <artifactId>spark-sql-api_2.13</artifactId>
                  <version>4.0.3</version>
                  <scope>provided</scope>
                </dependency>
                <dependency>
                  <groupId>org.apache.spark</groupId>
                  <artifactId>spark-avro_2.13</artifactId>
                  <version>4.0.3</version>
                </dependency>
                <dependency>
                  <groupId>org.scala-lang</groupId>
                  <artifactId>scala-reflect</artifactId>
                  <version>2.13.16</version>
                  <scope>provided</scope>
                </dependency>
                <dependency>
                  <groupId>org.scala-lang</groupId>
                  <artifactId>scala-compiler</artifactId>
                  <version>2.13.16</version>
                </dependency>
            """);
    assertThat(result.changes())
        .filteredOn(c -> c.startsWith("dependency "))
        .containsExactly(
            "dependency org.apache.spark:spark-sql-api_2.13: scope provided (was runtime): the image has it",
            "dependency org.scala-lang:scala-reflect: scope provided (was compile): the image has it");
  }

  @Test
  void aSubmissionsRepositoryIsAddedUnlessThePomAlreadyResolvesFromIt() {
    String pom =
        pom(
            "",
            """
              <repositories>
                <repository>
                  <id>corp</id>
                  <url>https://repo.corp.example.com/maven</url>
                </repository>
              </repositories>
            """);
    AdoptedPom.Result result =
        adopt(
            pom,
            "spark-submit --master spark://m:7077 --class com.acme.etl.Job \\\n"
                + "  --repositories https://repo.corp.example.com/maven/,https://other.example.com/m2 app.jar\n");

    assertThat(result.text())
        .contains(
            """
                  <url>https://repo.corp.example.com/maven</url>
                </repository>
                <!-- The repositories the Standalone submission resolved its packages from (MIGRATION.md, sparkgen init). -->
                <repository>
                  <id>standalone-2</id>
                  <url>https://other.example.com/m2</url>
                </repository>
              </repositories>
            """);
    assertThat(result.changes())
        .filteredOn(c -> c.startsWith("repository "))
        .containsExactly("repository https://other.example.com/m2 (added, from --repositories)");
  }

  static final String SHADE =
      """
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-shade-plugin</artifactId>
              <version>3.6.0</version>
              <executions>
                <execution>
                  <phase>package</phase>
                  <goals>
                    <goal>shade</goal>
                  </goals>
                  <configuration>
                    <shadedArtifactAttached>false</shadedArtifactAttached>
                    RELOCATIONS
                  </configuration>
                </execution>
              </executions>
            </plugin>
      """;

  @Test
  void theShadedJarIsAttachedAlsoWhereAnExecutionReplacedTheMainJar() {
    AdoptedPom.Result result =
        adopt(
            pom(
                "",
                "  <build>\n    <plugins>\n"
                    + "      <plugin>\n        <artifactId>maven-compiler-plugin</artifactId>\n      </plugin>\n"
                    + SHADE.replace("              RELOCATIONS\n", "")
                    + "    </plugins>\n  </build>\n"));

    Element shade = plugin(result, "maven-shade-plugin");
    assertThat(shade.path("configuration", "shadedArtifactAttached").orElseThrow().text())
        .isEqualTo("true");
    assertThat(
            shade
                .path("executions", "execution", "configuration", "shadedArtifactAttached")
                .orElseThrow()
                .text())
        .as("an execution's setting overrides the plugin's")
        .isEqualTo("true");
    assertThat(result.text()).doesNotContain("false");
    assertThat(result.changes())
        .contains(
            "build/plugins/plugin[maven-shade-plugin]/configuration/shadedArtifactAttached: true (added)",
            "build/plugins/plugin[maven-shade-plugin]/executions/execution[default]/configuration/shadedArtifactAttached: true (was false)");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void aShadePluginThatRelocatesPackagesIsWarnedAbout() {
    AdoptedPom.Result result =
        adopt(
            pom(
                "",
                "  <build>\n    <plugins>\n"
                    + SHADE.replace(
                        "RELOCATIONS",
                        "<relocations><relocation><pattern>com.google</pattern></relocation></relocations>")
                    + "    </plugins>\n  </build>\n"));

    assertThat(result.warnings())
        .containsExactly(
            "the shade plugin relocates packages, and the image runs the unshaded jar with its dependencies in /opt/spark/app/libs:"
                + " check that none of them clashes with Spark's own jars (the reason for relocating), or set spark.driver.userClassPathFirst");
  }

  static String jib(String version, String configuration) {
    return "  <build>\n    <plugins>\n      <plugin>\n"
        + "        <groupId>com.google.cloud.tools</groupId>\n"
        + "        <artifactId>jib-maven-plugin</artifactId>\n"
        + "        <version>"
        + version
        + "</version>\n"
        + "        <configuration>\n"
        + configuration
        + "        </configuration>\n      </plugin>\n    </plugins>\n  </build>\n";
  }

  @Test
  void theTeamsJibGetsTheImageToPushOnlyWhereItNamesNone() {
    AdoptedPom.Result none =
        adopt(
            pom(
                "",
                jib(
                    ImageLayout.JIB_VERSION,
                    "          <from><image>eclipse-temurin:17</image></from>\n")));
    assertThat(
            plugin(none, "jib-maven-plugin")
                .path("configuration", "to", "image")
                .orElseThrow()
                .text())
        .isEqualTo("registry.example.com/data/etl");
    assertThat(none.changes())
        .contains(
            "build/plugins/plugin[jib-maven-plugin]/configuration/from/image: ${spark.base.image} (was eclipse-temurin:17)",
            "build/plugins/plugin[jib-maven-plugin]/configuration/to/image: registry.example.com/data/etl (added)");

    AdoptedPom.Result own =
        adopt(
            pom(
                "",
                jib(
                    ImageLayout.JIB_VERSION,
                    "          <to><image>ghcr.io/acme/etl</image></to>\n")));
    assertThat(
            plugin(own, "jib-maven-plugin")
                .path("configuration", "to", "image")
                .orElseThrow()
                .text())
        .isEqualTo("ghcr.io/acme/etl");
    assertThat(own.warnings()).isEmpty();
  }

  @Test
  void jibsJvmFlagsAreWarnedAboutAsSparkSubmitStartsTheJvms() {
    AdoptedPom.Result result =
        adopt(
            pom(
                "",
                jib(
                    ImageLayout.JIB_VERSION,
                    "          <container><jvmFlags><jvmFlag>-Xmx2g</jvmFlag></jvmFlags></container>\n")));

    assertThat(result.warnings())
        .containsExactly(
            "Jib ignores container.jvmFlags with the inherited entrypoint: spark-submit starts the JVMs, so give the options to Spark"
                + " (spark.driver.memory, spark.driver.extraJavaOptions, spark.executor.extraJavaOptions in k8s/overlays/<env>/spark.properties)");
  }

  /**
   * Jib 3.5.2 is what init writes; an older one is raised to it, a newer one or a property stays.
   */
  @ParameterizedTest
  @CsvSource({
    "3.4.0, 3.5.2",
    "3.5, 3.5.2",
    "2.8.0, 3.5.2",
    "3.5.2, 3.5.2",
    "3.5.2.1, 3.5.2.1",
    "3.10.0, 3.10.0",
    "4.0, 4.0",
    "${jib.version}, ${jib.version}"
  })
  void anOlderJibIsRaisedToTheVersionInitWritesANewerOneStays(String team, String adopted) {
    assertThat(ImageLayout.JIB_VERSION).isEqualTo("3.5.2");
    AdoptedPom.Result result = adopt(pom("", jib(team, "")));

    assertThat(plugin(result, "jib-maven-plugin").childText("version")).contains(adopted);
    assertThat(
            result.changes().contains("plugin jib-maven-plugin: version 3.5.2 (was " + team + ")"))
        .isEqualTo(!team.equals(adopted));
  }

  @Test
  void aNewPropertyTakesTheIndentationOfTheExistingOnes() {
    String pom =
        pom("", "")
            .replace(
                "    <maven.compiler.release>17</maven.compiler.release>\n",
                "\t<maven.compiler.release>17</maven.compiler.release>\n");

    assertThat(adopt(pom).text())
        .contains(
            "\t<maven.compiler.release>17</maven.compiler.release>\n"
                + "\t<!-- Reproducible jar: the same sources give the same image layer (sparkgen init). -->\n"
                + "\t<project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>\n");
  }

  @Test
  void anEmptyParentGetsItsNewChildrenOnLinesOfTheirOwn() {
    String pom =
        pom("", "  <build>\n    <plugins>\n    </plugins>\n  </build>\n")
            .replace(
                "  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>\n",
                "  <properties/>\n");
    String adopted = adopt(pom).text();

    assertThat(adopted)
        .contains(
            "  <properties>\n"
                + "    <!-- Reproducible jar: the same sources give the same image layer (sparkgen init). -->\n"
                + "    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>\n")
        .contains(
            "    <plugins>\n      "
                + JAR_PLUGIN_COMMENT
                + "\n      <plugin>\n        <groupId>org.apache.maven.plugins</groupId>\n");
  }

  @Test
  void aCommentInAnOtherwiseEmptyParentStays() {
    String adopted =
        adopt(pom("", "  <build>\n    <plugins><!-- none yet --></plugins>\n  </build>\n")).text();

    assertThat(adopted)
        .contains(
            "    <plugins><!-- none yet -->\n      " + JAR_PLUGIN_COMMENT + "\n      <plugin>\n");
  }

  @Test
  void theJarsPhaseGoesAfterTheIdOfTheTeamsOwnDefaultJarExecution() {
    String pom =
        pom(
            "",
            """
              <build>
                <plugins>
                  <plugin>
                    <artifactId>maven-jar-plugin</artifactId>
                    <executions>
                      <execution>
                        <id>default-jar</id>
                        <configuration>
                          <skipIfEmpty>true</skipIfEmpty>
                        </configuration>
                      </execution>
                    </executions>
                  </plugin>
                </plugins>
              </build>
            """);

    assertThat(adopt(pom).text())
        .contains(
            """
                        <id>default-jar</id>
                        <phase>prepare-package</phase>
                        <configuration>
            """);
  }

  @Test
  void anElementPutBeforeEverySiblingLeavesTheCommentOnItsParentsLine() {
    String pom =
        pom(
            "",
            """
              <build> <!-- as on the old cluster -->
                <plugins>
                </plugins>
              </build>
            """);

    assertThat(adopt(pom).text())
        .contains(
            "  <build> <!-- as on the old cluster -->\n    "
                + JAR_COMMENT
                + "\n    <finalName>app</finalName>\n    <plugins>\n");
  }

  @Test
  void theJarPluginGetsNoVersionWhereThePomManagesOne() {
    AdoptedPom.Result result =
        adopt(
            pom(
                "",
                """
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <artifactId>maven-jar-plugin</artifactId>
                          <version>3.3.0</version>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                """));

    assertThat(result.text())
        .contains(
            "        <groupId>org.apache.maven.plugins</groupId>\n"
                + "        <artifactId>maven-jar-plugin</artifactId>\n"
                + "        <executions>\n");
    assertThat(plugin(result, "maven-jar-plugin").child("version")).isEmpty();

    String otherManaged =
        pom("", "")
            .replace(
                "</dependencies>\n",
                "</dependencies>\n  <build><pluginManagement><plugins><plugin>"
                    + "<artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version>"
                    + "</plugin></plugins></pluginManagement></build>\n");
    assertThat(plugin(adopt(otherManaged), "maven-jar-plugin").childText("version"))
        .as("another plugin's managed version is not the jar plugin's")
        .contains(ImageLayout.JAR_PLUGIN_VERSION);
  }

  @Test
  void inACompactBuildWhatInitAddsGetsLinesOfItsOwnAtItsDepth() {
    String fourSpaces =
        Pattern.compile("(?m)^( +)")
            .matcher(
                pom(
                    "",
                    "  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId></plugin></plugins></build>\n"))
            .replaceAll(m -> m.group(1).repeat(2));

    assertThat(adopt(fourSpaces).text())
        .contains(
            "    <build>\n        "
                + JAR_COMMENT
                + "\n        <finalName>app</finalName><plugins><plugin><artifactId>maven-compiler-plugin</artifactId></plugin>\n"
                + "            "
                + JAR_PLUGIN_COMMENT
                + "\n            <plugin>\n                <groupId>org.apache.maven.plugins</groupId>\n")
        .contains("            </plugin></plugins></build>\n</project>\n");
  }

  /**
   * An element inserted before every sibling goes above the comments that describe the first of
   * them, one line or several, and not above a comment a blank line sets apart.
   */
  @Test
  void anElementInsertedFirstLeavesTheFirstSiblingsCommentWithIt() {
    String single =
        adopt(
                pom(
                    "",
                    "  <build>\n    <!-- The team's plugins: the fat jar. -->\n    <plugins>\n"
                        + "    </plugins>\n  </build>\n"))
            .text();
    assertThat(single)
        .contains(
            "  <build>\n    "
                + JAR_COMMENT
                + "\n    <finalName>app</finalName>\n    <!-- The team's plugins: the fat jar. -->\n"
                + "    <plugins>\n");

    String several =
        adopt(
                pom(
                    "",
                    "  <build>\n    <!-- Kept apart. -->\n\n    <!-- The team's plugins,\n"
                        + "         over two lines. -->\n    <!-- And a second one. -->\n    <plugins>\n"
                        + "    </plugins>\n  </build>\n"))
            .text();
    assertThat(several)
        .contains(
            "  <build>\n    <!-- Kept apart. -->\n\n    "
                + JAR_COMMENT
                + "\n    <finalName>app</finalName>\n    <!-- The team's plugins,\n"
                + "         over two lines. -->\n    <!-- And a second one. -->\n    <plugins>\n");
  }
}
