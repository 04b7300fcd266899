package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Detection from pom texts and sources held in maps: what init reads, and its refusals. */
class MavenProjectTest {

  static final String CHILD =
      """
      <project>
        <parent><groupId>g</groupId><artifactId>base</artifactId><version>1</version><relativePath>../base</relativePath></parent>
        <artifactId>job</artifactId>
        <dependencies>
          <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_${scala.binary}</artifactId></dependency>
        </dependencies>
      </project>
      """;
  static final String PARENT =
      """
      <project>
        <groupId>g</groupId><artifactId>base</artifactId><version>1</version><packaging>pom</packaging>
        <properties><scala.binary>2.12</scala.binary><spark>3.5.2</spark><maven.compiler.source>1.8</maven.compiler.source></properties>
        <dependencyManagement><dependencies>
          <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_${scala.binary}</artifactId><version>${spark}</version></dependency>
        </dependencies></dependencyManagement>
      </project>
      """;

  static MavenProject read(Map<String, String> files, Map<String, String> sources) {
    return MavenProject.read(path -> Optional.ofNullable(files.get(path)), sources);
  }

  @Test
  void readsVersionsThroughAParentInTheTreeAndFindsJavaAndScalaMains() {
    MavenProject project =
        read(
            Map.of("pom.xml", CHILD, "../base/pom.xml", PARENT),
            Map.of(
                "src/main/java/a/Job.java",
                    "package a.b;\n// public static void main(String[] a) in a comment\nimport org.apache.spark.sql.SparkSession;\n"
                        + "public class Job { public static void main(String[] args) { SparkSession.builder(); } }\n",
                "src/main/java/a/Tool.java",
                    "package a.b;\npublic class Tool { public static void main(String[] args) {} }\n",
                "src/main/scala/x/Stream.scala",
                    "package x\npackage y\n\nimport org.apache.spark.SparkContext\nobject Helper\nobject Stream extends App {\n  new SparkContext()\n}\n"));

    assertThat(project.artifactId()).isEqualTo("job");
    assertThat(project.groupId()).isEqualTo("g");
    assertThat(project.sparkVersion()).contains("3.5.2");
    assertThat(project.scalaBinary()).contains("2.12");
    assertThat(project.javaRelease()).contains(8);
    assertThat(project.mainClasses()).containsExactly("a.b.Job", "x.y.Stream");
    assertThatThrownBy(() -> project.specBuilder(null, null, null, null))
        .hasMessage(
            "Several classes could be the Spark job (a.b.Job, x.y.Stream); pass --main-class with the one the Job should run.");
    ProjectSpec spec =
        project
            .specBuilder(null, null, null, "x.y.Stream")
            .build(
                Map.of(
                    "adopt",
                    new ArchetypeDescriptor(
                        "adopt",
                        "d",
                        null,
                        java.util.List.of(),
                        java.util.Set.of(),
                        java.util.List.of(),
                        java.util.List.of(),
                        ArchetypeDescriptor.Command.INIT)));
    assertThat(spec.spark().version()).isEqualTo("3.5.8");
    assertThat(spec.javaVersion()).isEqualTo(17);
    assertThat(spec.packageName()).isEqualTo("x.y");
    assertThat(spec.mainClass()).contains("x.y.Stream");

    // A submission's --class settles it, naming any class of the sources (Tool has no Spark main);
    // one of no source is refused, a shell variable is left to detection.
    assertThat(project.sourceClasses())
        .containsExactlyInAnyOrder("a.b.Job", "a.b.Tool", "x.y.Helper", "x.y.Stream");
    assertThat(
            project
                .specBuilder(null, null, null, null, submitted("a.b.Tool"))
                .build(Map.of("adopt", ADOPT))
                .mainClass())
        .contains("a.b.Tool");
    assertThat(
            project
                .specBuilder(null, null, null, "a.b.Job", submitted("x.y.Stream"))
                .build(Map.of("adopt", ADOPT))
                .mainClass())
        .as("--main-class wins")
        .contains("a.b.Job");
    assertThatThrownBy(() -> project.specBuilder(null, null, null, null, submitted("x.y.Gone")))
        .hasMessage(
            "Submit file submit.sh line 4 runs --class x.y.Gone, which is no class of this project's sources (src/main/java, "
                + "src/main/scala); pass --main-class with the class the Job should run (a.b.Job, x.y.Stream use Spark).");
    assertThatThrownBy(() -> project.specBuilder(null, null, null, null, submitted("$MAIN_CLASS")))
        .hasMessageStartingWith("Several classes could be the Spark job");
  }

  static final ArchetypeDescriptor ADOPT =
      new ArchetypeDescriptor(
          "adopt",
          "d",
          null,
          java.util.List.of(),
          java.util.Set.of(),
          java.util.List.of(),
          java.util.List.of(),
          ArchetypeDescriptor.Command.INIT);

  static Optional<StandaloneSetting> submitted(String mainClass) {
    return Optional.of(
        new StandaloneSetting("submit.sh", 4, StandaloneSetting.Form.OPTION, "--class", mainClass));
  }

  @Test
  void refusesWhatCannotBeDeterminedOrHasNoImage() {
    String noVersion = CHILD.replace("${scala.binary}", "2.13");
    assertThatThrownBy(
            () ->
                read(Map.of("pom.xml", noVersion), Map.of()).specBuilder(null, null, 17, "a.Main"))
        .hasMessageStartingWith("The Spark version of pom.xml cannot be determined");
    String old =
        noVersion.replace(
            "</artifactId></dependency>", "</artifactId><version>3.4.1</version></dependency>");
    assertThatThrownBy(
            () -> read(Map.of("pom.xml", old), Map.of()).specBuilder(null, null, 17, "a.Main"))
        .hasMessageStartingWith(
            "pom.xml compiles against Spark 3.4.1, which has no official apache/spark image sparkgen supports");
    String scala213 = old.replace("3.4.1", "3.5.1");
    assertThatThrownBy(
            () -> read(Map.of("pom.xml", scala213), Map.of()).specBuilder(null, null, 17, "a.Main"))
        .hasMessage(
            "pom.xml compiles against Spark for Scala 2.13, and the official apache/spark image of Spark 3.5.8 has Scala 2.12; depend on the _2.12 artifacts first.");
    assertThatThrownBy(
            () ->
                read(Map.of("pom.xml", scala213.replace("2.13", "2.12")), Map.of())
                    .specBuilder(null, null, null, "a.Main"))
        .hasMessageStartingWith("The Java release of pom.xml cannot be determined");
    String inherits =
        PARENT
            .replace("<dependencyManagement><dependencies>", "<dependencies>")
            .replace("</dependencies></dependencyManagement>", "</dependencies>");
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "pom.xml",
                        CHILD.replace(
                            "<dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_${scala.binary}</artifactId></dependency>",
                            ""),
                        "../base/pom.xml",
                        inherits),
                    Map.of()))
        .hasMessage(
            "pom.xml inherits org.apache.spark:spark-sql_2.12 with scope compile from its parent pom, and the image provides Spark: make it provided there (sparkgen init edits pom.xml only).");
    assertThat(
            read(
                    Map.of(
                        "pom.xml",
                        CHILD.replace(
                            "<dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_${scala.binary}</artifactId></dependency>",
                            ""),
                        "../base/pom.xml",
                        inherits.replace(
                            "</version></dependency>",
                            "</version><scope>provided</scope></dependency>")),
                    Map.of())
                .sparkVersion())
        .as("a parent's provided Spark is what the image needs")
        .contains("3.5.2");
    assertThatThrownBy(
            () ->
                read(Map.of("pom.xml", "<project><artifactId>x</artifactId></project>"), Map.of()))
        .hasMessageStartingWith("pom.xml has no dependency on Spark");
    assertThatThrownBy(
            () -> read(Map.of("pom.xml", "<project><groupId>g</groupId></project>"), Map.of()))
        .hasMessage("pom.xml has no <artifactId>; add it (Maven needs it too).");
    assertThatThrownBy(
            () ->
                read(Map.of("pom.xml", "<project><packaging>war</packaging></project>"), Map.of()))
        .hasMessageStartingWith("pom.xml has packaging 'war'");
    assertThatThrownBy(() -> read(Map.of("settings.gradle", ""), Map.of()))
        .hasMessageStartingWith("This is a Gradle project (settings.gradle)");
    assertThatThrownBy(() -> read(Map.of("build.sbt", ""), Map.of()))
        .hasMessageStartingWith("This is an sbt project (build.sbt)");
    assertThatThrownBy(() -> read(Map.of(), Map.of()))
        .hasMessageStartingWith("There is no pom.xml here");
  }
}
