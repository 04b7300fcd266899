package dev.sparkgen.jib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays, against a freshly generated demo repository, the Maven command lines skaffold's Jib
 * builder runs (GoogleContainerTools/skaffold pkg/skaffold/build/jib/{maven,jib,init}.go): the
 * file-watch listing, the init probe, and the build, with {@code jib:buildTar} in place of {@code
 * jib:dockerBuild} and a stand-in for apache/spark as a {@code tar://} base image, since there is
 * neither a Docker engine nor a registry here. Then inspects the image Jib wrote.
 */
@TestMethodOrder(OrderAnnotation.class)
class SkaffoldJibIT {

  /** Where the Job's spark-submit finds the application: see pom.xml.ftl and k8s/base. */
  static final String APP_JAR = "opt/spark/app/classpath/app.jar";

  static final String MAIN_CLASS_FILE = "com/example/demo/SparkPi.class";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path work;
  static Path demo;
  static Path baseImage;
  static SkaffoldJibBuild build;
  static ImageTar first;

  @BeforeAll
  static void generateAndBuild() throws Exception {
    demo = work.resolve("demo");
    ExternalTools.run(
            work,
            "java",
            "-jar",
            System.getProperty("sparkgen.jar"),
            "new",
            "demo",
            "--output",
            demo.toString())
        .assertSuccess("sparkgen new demo");
    baseImage = StandInSparkImage.write(work.resolve("stand-in-spark.tar"));
    build = new SkaffoldJibBuild(demo);
    // skaffold dev's own line, tests included (skaffold adds -DskipTests=true only with
    // --skip-tests).
    first = build(false);
  }

  @Test
  @Order(0)
  void defaultLineRunsTheProjectsTestsSparkgenValidateIncluded() throws Exception {
    Path reports = demo.resolve("target/surefire-reports");
    assertThat(Files.readString(reports.resolve("com.example.demo.SparkPiTest.txt")))
        .contains("Failures: 0, Errors: 0, Skipped: 0");
    assertThat(Files.readString(reports.resolve("com.example.demo.KubernetesManifestsTest.txt")))
        .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
  }

  @Test
  @Order(1)
  void fileWatchListingNamesThePomAndTheSources() throws Exception {
    // getCommandMaven: mavenArgs + "jib:_skaffold-files-v2", "--quiet", "--batch-mode"
    List<String> command = new ArrayList<>(mavenArgs());
    command.addAll(List.of("jib:_skaffold-files-v2", "--quiet", "--batch-mode"));
    JsonNode files = jibJson(mvnw(command).assertSuccess("jib:_skaffold-files-v2").stdout());

    Path real = demo.toRealPath();
    assertThat(strings(files.get("build"))).contains(real.resolve("pom.xml").toString());
    assertThat(strings(files.get("inputs")))
        .contains(
            real.resolve("src/main/java").toString(),
            real.resolve("src/main/resources").toString());
    assertThat(strings(files.get("inputs"))).noneMatch(p -> p.contains("/target"));
  }

  @Test
  @Order(2)
  void initProbeFindsJibAndTheImageName() throws Exception {
    // init.go validate(): <wrapper> jib:_skaffold-init -q --batch-mode
    JsonNode init =
        jibJson(
            mvnw(List.of("jib:_skaffold-init", "-q", "--batch-mode"))
                .assertSuccess("jib:_skaffold-init")
                .stdout());
    assertThat(init.get("image").asString()).isEqualTo("demo");
    assertThat(init.get("project").asString()).isEqualTo("com.example:demo");
  }

  @Test
  @Order(3)
  void imageInheritsTheSparkEntrypointAndRunsAsNumericUser185() {
    JsonNode config = first.config().get("config");
    assertThat(strings(config.get("Entrypoint"))).containsExactly(StandInSparkImage.ENTRYPOINT);
    assertThat(config.get("User").asString()).isEqualTo("185");
    assertThat(config.get("WorkingDir").asString()).isEqualTo(StandInSparkImage.WORKING_DIRECTORY);
    assertThat(strings(config.get("Env"))).contains("SPARK_HOME=" + StandInSparkImage.SPARK_HOME);
    assertThat(config.path("Cmd").isMissingNode() || config.get("Cmd").isNull())
        .as("no Cmd of Jib's own")
        .isTrue();
  }

  @Test
  @Order(4)
  void applicationJarIsWhereTheJobLooksAndSparkIsNotCopied() throws Exception {
    // The generated Job's spark-submit names this very path (k8s/base/job.yaml).
    assertThat(Files.readString(demo.resolve("k8s/base/job.yaml"))).contains("local:///" + APP_JAR);
    List<ImageTar.Layer> added = first.layers().subList(1, first.layers().size());
    assertThat(first.diffIds().get(0))
        .as("base layer untouched")
        .isEqualTo(first.layers().get(0).diffId());

    List<ImageTar.Layer> withJar = added.stream().filter(l -> l.contains(APP_JAR)).toList();
    assertThat(withJar).as("one layer holds %s", APP_JAR).hasSize(1);
    ImageTar.Layer app = withJar.get(0);
    assertThat(app.files().keySet())
        .as("the application layer holds the jar alone")
        .allMatch(p -> p.equals(APP_JAR) || p.endsWith("/"));
    try (JarInputStream jar =
        new JarInputStream(new ByteArrayInputStream(app.files().get(APP_JAR).content()))) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("com.example.demo.SparkPi");
      List<String> entries = new ArrayList<>();
      for (var e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
        entries.add(e.getName());
      }
      assertThat(entries)
          .contains(MAIN_CLASS_FILE)
          .noneMatch(n -> n.startsWith("org/apache/spark/"));
    }

    Pattern sparkJar =
        Pattern.compile(
            ".*/(spark-[a-z-]+_2\\.1[23]|scala-library|scala-reflect|hadoop-client-api)[^/]*\\.jar");
    for (ImageTar.Layer layer : added) {
      assertThat(layer.files().keySet())
          .as("Spark and Scala come from the base image only")
          .noneMatch(p -> sparkJar.matcher(p).matches() || p.startsWith("opt/spark/jars/"));
    }
  }

  @Test
  @Order(5)
  void sameSourcesGiveTheSameLayersAfterACleanBuild() throws Exception {
    deleteRecursively(demo.resolve("target"));
    ImageTar again = build(true);
    assertThat(again.diffIds()).isEqualTo(first.diffIds());
  }

  @Test
  @Order(6)
  void oneLineCodeChangeChangesOnlyTheApplicationLayer() throws Exception {
    Path source = demo.resolve("src/main/java/com/example/demo/SparkPi.java");
    String code = Files.readString(source);
    assertThat(code).contains("Pi is roughly");
    Files.writeString(source, code.replace("Pi is roughly", "Pi is approximately"));

    ImageTar changed = build(true);

    List<String> before = first.diffIds();
    List<String> after = changed.diffIds();
    assertThat(after).hasSameSizeAs(before);
    List<Integer> differing = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        differing.add(i);
      }
    }
    assertThat(differing).as("indexes of changed layers").hasSize(1);
    ImageTar.Layer layer = changed.layers().get(differing.get(0));
    assertThat(layer.contains(APP_JAR)).as("the changed layer is the application's").isTrue();
    assertThat(layer.compressedSize())
        .as("bytes to push after a one-line change")
        .isLessThan(64 * 1024);
  }

  static List<String> mavenArgs() {
    return build.mavenArgs();
  }

  static ImageTar build(boolean skipTests) throws Exception {
    return build.buildTar(baseImage, "demo:test", skipTests);
  }

  static Result mvnw(List<String> args) throws IOException, InterruptedException {
    return build.mvnw(args);
  }

  /** The JSON line after "BEGIN JIB JSON", as skaffold's regexp takes it. */
  static JsonNode jibJson(String stdout) {
    Matcher m = Pattern.compile("BEGIN JIB JSON\\r?\\n(\\{.*})").matcher(stdout);
    assertThat(m.find()).as("BEGIN JIB JSON in:\n%s", stdout).isTrue();
    return JSON.readTree(m.group(1).getBytes(StandardCharsets.UTF_8));
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asString()));
    return values;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
