package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What init detects in a pom and its sources (the main class, the Java release, the Spark version
 * through properties and parents) and the spec it builds from them; one pom text per case.
 */
class MavenProjectDetectionTest {

  static final String SPARK_JOB =
      "package com.acme.etl;\nimport org.apache.spark.sql.SparkSession;\n"
          + "public class Job { public static void main(String[] args) { SparkSession.builder(); } }\n";
  static final String SPARK_REPORT = SPARK_JOB.replace("class Job", "class Report");

  /** A project on Spark 4.0.3 for Scala 2.13, with {@code more} (properties, build) after it. */
  static String pom(String more) {
    return """
        <project>
          <groupId>com.acme</groupId>
          <artifactId>etl</artifactId>
          <version>1.0</version>
          <dependencies>
            <dependency>
              <groupId>org.apache.spark</groupId>
              <artifactId>spark-sql_2.13</artifactId>
              <version>4.0.3</version>
              <scope>provided</scope>
            </dependency>
          </dependencies>
        """
        + more
        + "</project>\n";
  }

  static String manifest(String mainClass) {
    return "  <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive>"
        + "<manifest><mainClass>"
        + mainClass
        + "</mainClass></manifest></archive></configuration></plugin></plugins></build>\n";
  }

  static String properties(String properties) {
    return "  <properties>" + properties + "</properties>\n";
  }

  static MavenProject read(String pom, Map<String, String> sources) {
    return MavenProjectTest.read(Map.of("pom.xml", pom), sources);
  }

  static Map<String, String> sources(String... classes) {
    Map<String, String> sources = new HashMap<>();
    for (String simpleName : classes) {
      sources.put(
          "src/main/java/com/acme/etl/" + simpleName + ".java",
          SPARK_JOB.replace("class Job", "class " + simpleName));
    }
    return sources;
  }

  /** The main class of the spec init builds for {@code project}, with Java 17 given. */
  static String mainClass(MavenProject project) {
    return project
        .specBuilder(null, null, 17, null)
        .build(Map.of("adopt", MavenProjectTest.ADOPT))
        .mainClass()
        .orElseThrow();
  }

  @Test
  void theOneSparkMainOfTheSourcesIsTheJobsMainClassWhateverThePomDeclares() {
    assertThat(mainClass(read(pom(manifest("com.acme.etl.Launcher")), sources("Job"))))
        .isEqualTo("com.acme.etl.Job");
  }

  @Test
  void withoutASparkMainInTheSourcesTheClassThePomDeclaresIsTheJobs() {
    assertThat(mainClass(read(pom(manifest("com.acme.etl.Launcher")), Map.of())))
        .isEqualTo("com.acme.etl.Launcher");
    assertThat(
            mainClass(
                read(
                    pom(properties("<exec.mainClass>com.acme.etl.Launcher</exec.mainClass>")),
                    Map.of())))
        .isEqualTo("com.acme.etl.Launcher");
    assertThat(mainClass(read(pom(manifest("com.acme.${project.artifactId}.Launcher")), Map.of())))
        .as("${project.artifactId} is the pom's artifactId")
        .isEqualTo("com.acme.etl.Launcher");
  }

  @Test
  void ofSeveralSparkMainsTheOneThePomDeclaresIsTheJobs() {
    assertThat(mainClass(read(pom(manifest("com.acme.etl.Report")), sources("Job", "Report"))))
        .isEqualTo("com.acme.etl.Report");
    assertThatThrownBy(
            () -> mainClass(read(pom(manifest("com.acme.etl.Launcher")), sources("Job", "Report"))))
        .as("a declared class that is neither of them settles nothing")
        .hasMessage(
            "Several classes could be the Spark job (com.acme.etl.Job, com.acme.etl.Report); pass --main-class with the one the Job should run.");
  }

  @Test
  void aPomThatDeclaresTwoDifferentMainClassesDeclaresNone() {
    MavenProject project =
        read(
            pom(
                properties("<exec.mainClass>com.acme.etl.Other</exec.mainClass>")
                    + manifest("com.acme.etl.Launcher")),
            Map.of());

    assertThat(project.declaredMainClass()).isEmpty();
    assertThatThrownBy(() -> mainClass(project))
        .hasMessage(
            "No main class found: no class under src/main/java or src/main/scala has a main method that uses SparkSession or SparkContext; pass --main-class CLASS.");
  }

  @Test
  void anEmptyOrUnresolvedMainClassInThePomIsNoDeclaration() {
    String pom =
        pom(
            properties(
                    "<main.class></main.class><exec.mainClass>com.acme.etl.Launcher</exec.mainClass>")
                + manifest("${app.main}"));

    assertThat(read(pom, Map.of()).declaredMainClass()).contains("com.acme.etl.Launcher");
  }

  @Test
  void aSparkHelperWithoutMainIsNoMainClass() {
    Map<String, String> sources = sources("Job");
    sources.put(
        "src/main/java/com/acme/etl/Sessions.java",
        "package com.acme.etl;\nimport org.apache.spark.sql.SparkSession;\n"
            + "public class Sessions { static SparkSession get() { return SparkSession.active(); } }\n");

    assertThat(read(pom(""), sources).mainClasses()).containsExactly("com.acme.etl.Job");
  }

  @Test
  void theScalaObjectThatDefinesMainIsTheMainClassNotTheObjectsBeforeIt() {
    Map<String, String> sources =
        Map.of(
            "src/main/scala/com/acme/etl/Stream.scala",
            "package com.acme.etl\nimport org.apache.spark.sql.SparkSession\n"
                + "object Helper { val batch = 10 }\n"
                + "object Stream {\n  def main(args: Array[String]): Unit = SparkSession.builder()\n}\n");

    assertThat(read(pom(""), sources).mainClasses()).containsExactly("com.acme.etl.Stream");
  }

  /** The image's Java is the smallest of 17 and 21 that runs the release the pom compiles for. */
  @ParameterizedTest
  @CsvSource({"8, 17", "11, 17", "17, 17", "18, 21", "21, 21"})
  void theImagesJavaRunsTheReleaseThePomCompilesFor(int release, int image) {
    MavenProject project =
        read(
            pom(properties("<maven.compiler.release>" + release + "</maven.compiler.release>")),
            sources("Job"));

    assertThat(project.javaRelease()).contains(release);
    assertThat(
            project
                .specBuilder(null, null, null, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .javaVersion())
        .isEqualTo(image);
  }

  @Test
  void aReleaseNoSparkImageRunsIsRefused() {
    MavenProject project =
        read(
            pom(properties("<maven.compiler.release>25</maven.compiler.release>")), sources("Job"));

    assertThatThrownBy(() -> project.specBuilder(null, null, null, null))
        .hasMessage(
            "pom.xml compiles for Java 25; the apache/spark images run Java [17, 21], so lower the release to one of them.");
  }

  @Test
  void theCompilerPluginsReleaseWinsOverTheCompilerPropertiesAndOtherPluginsSettings() {
    String build =
        "  <build><plugins>"
            + "<plugin><artifactId>maven-javadoc-plugin</artifactId><configuration><release>11</release></configuration></plugin>"
            + "<plugin><artifactId>maven-compiler-plugin</artifactId><configuration>CONFIGURATION</configuration></plugin>"
            + "</plugins></build>\n";
    String properties = properties("<maven.compiler.source>17</maven.compiler.source>");

    assertThat(
            read(
                    pom(properties + build.replace("CONFIGURATION", "<release>21</release>")),
                    Map.of())
                .javaRelease())
        .contains(21);
    assertThat(
            read(
                    pom(
                        properties
                            + build.replace(
                                "CONFIGURATION", "<target>17</target><release>21</release>")),
                    Map.of())
                .javaRelease())
        .as("the compiler ignores target when release is set")
        .contains(21);
    assertThat(
            read(pom(properties + build.replace("CONFIGURATION", "<target>1.8</target>")), Map.of())
                .javaRelease())
        .contains(8);
  }

  @Test
  void aJavaGivenOnTheCommandLineMustRunTheReleaseThePomCompilesFor() {
    MavenProject project =
        read(
            pom(properties("<maven.compiler.release>21</maven.compiler.release>")), sources("Job"));

    assertThatThrownBy(() -> project.specBuilder(null, null, 17, null))
        .hasMessage(
            "pom.xml compiles for Java 21, which a Java 17 image cannot run; pass --java 21 or lower the release in pom.xml.");
    MavenProject java17 =
        read(
            pom(properties("<maven.compiler.release>17</maven.compiler.release>")), sources("Job"));
    assertThat(
            java17
                .specBuilder(null, null, 21, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .javaVersion())
        .isEqualTo(21);
    assertThat(
            project
                .specBuilder(null, null, 21, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .javaVersion())
        .as("the release itself")
        .isEqualTo(21);
    assertThatThrownBy(
            () ->
                project
                    .specBuilder(null, null, 11, null)
                    .build(Map.of("adopt", MavenProjectTest.ADOPT)))
        .as("a Java with no image is refused as such, whatever the pom compiles for")
        .hasMessage("Java 11 is not supported; use one of [17, 21].");
  }

  @Test
  void aSparkGivenOnTheCommandLineMustBeTheLineThePomCompilesAgainst() {
    MavenProject project = read(pom(""), sources("Job"));

    assertThat(
            project
                .specBuilder(null, "4.0", 17, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .spark()
                .version())
        .isEqualTo("4.0.3");
    assertThatThrownBy(() -> project.specBuilder(null, "4.1", 17, null))
        .hasMessage(
            "--spark 4.1 asks for Spark 4.1, and pom.xml compiles against Spark 4.0.3; change the Spark version in pom.xml first, so that the job runs on the Spark it was built for.");
  }

  @Test
  void theSparkVersionResolvesThroughTheProjectsAndItsParentsVersion() {
    String parent =
        "  <parent><groupId>org.apache.spark</groupId><artifactId>spark-parent_2.13</artifactId>"
            + "<version>3.5.8</version></parent>\n";
    String spark = pom("").replace("<version>4.0.3</version>", "<version>VERSION</version>");
    String module = spark.replace("  <version>1.0</version>\n", parent);

    assertThat(read(module.replace("VERSION", "${project.version}"), Map.of()).sparkVersion())
        .as("a project without a version has its parent's")
        .contains("3.5.8");
    assertThat(
            read(module.replace("VERSION", "${project.parent.version}"), Map.of()).sparkVersion())
        .contains("3.5.8");
    assertThat(
            read(
                    spark
                        .replace("<version>1.0</version>", "<version>3.5.6</version>\n" + parent)
                        .replace("VERSION", "${project.version}"),
                    Map.of())
                .sparkVersion())
        .as("its own version wins")
        .contains("3.5.6");
  }

  @Test
  void aSparkVersionThatDoesNotResolveIsUnknown() {
    String pom = pom("").replace("<version>4.0.3</version>", "<version>${spark.version}</version>");
    MavenProject project = read(pom, sources("Job"));

    assertThat(project.sparkVersion()).isEmpty();
    assertThatThrownBy(() -> project.specBuilder(null, null, 17, null))
        .hasMessageStartingWith("The Spark version of pom.xml cannot be determined");
  }

  @Test
  void thePomsOwnPropertiesAndManagedVersionsWinOverItsParents() {
    String child =
        MavenProjectTest.CHILD.replace(
            "<artifactId>job</artifactId>",
            "<artifactId>job</artifactId><properties><spark>3.5.6</spark></properties>");
    assertThat(
            MavenProjectTest.read(
                    Map.of("pom.xml", child, "../base/pom.xml", MavenProjectTest.PARENT), Map.of())
                .sparkVersion())
        .contains("3.5.6");

    String managed =
        pom("")
            .replace("<version>4.0.3</version>\n", "")
            .replace(
                "  <dependencies>",
                "  <dependencyManagement><dependencies><dependency><groupId>org.apache.spark</groupId>"
                    + "<artifactId>spark-sql_2.13</artifactId><version>4.0.3</version></dependency>"
                    + "</dependencies></dependencyManagement>\n  <dependencies>");
    assertThat(read(managed, Map.of()).sparkVersion()).contains("4.0.3");
  }

  @Test
  void propertiesComeThroughEveryParentInTheTree() {
    String job = MavenProjectTest.CHILD.replace("<relativePath>../base</relativePath>", "");
    String base =
        MavenProjectTest.PARENT
            .replace("<spark>3.5.2</spark>", "")
            .replace(
                "<artifactId>base</artifactId>",
                "<parent><groupId>g</groupId><artifactId>company</artifactId><version>7</version></parent>"
                    + "<artifactId>base</artifactId>");
    String company =
        "<project><groupId>g</groupId><artifactId>company</artifactId><version>7</version>"
            + "<packaging>pom</packaging><properties><spark>3.5.6</spark></properties></project>";

    assertThat(
            MavenProjectTest.read(
                    Map.of("pom.xml", job, "../pom.xml", base, "../../pom.xml", company), Map.of())
                .sparkVersion())
        .contains("3.5.6");
  }

  @Test
  void theGroupIdIsTheProjectsWhenItIsAJavaPackageNameElseTheMainClasssPackage() {
    assertThat(
            read(pom(""), sources("Job"))
                .specBuilder(null, null, 17, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .groupId())
        .isEqualTo("com.acme");
    assertThat(
            read(
                    pom("")
                        .replace("<groupId>com.acme</groupId>", "<groupId>com.acme-data</groupId>"),
                    sources("Job"))
                .specBuilder(null, null, 17, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .groupId())
        .isEqualTo("com.acme.etl");
  }

  @Test
  void anArtifactIdThatIsNoApplicationNameNeedsName() {
    MavenProject project =
        read(
            pom("").replace("<artifactId>etl</artifactId>", "<artifactId>ETL_Jobs</artifactId>"),
            sources("Job"));

    assertThatThrownBy(() -> project.specBuilder(null, null, 17, null))
        .hasMessage(
            "The artifactId 'ETL_Jobs' is not a valid application name (a lowercase DNS-1123 label such as 'payments-etl', which names the image and the Kubernetes objects); pass --name NAME.");
    assertThat(
            project
                .specBuilder("etl-jobs", null, 17, null)
                .build(Map.of("adopt", MavenProjectTest.ADOPT))
                .name())
        .isEqualTo("etl-jobs");
  }
}
