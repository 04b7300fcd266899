package dev.sparkgen.jib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Each sample project (src/test/resources/adopt/), adopted by the packaged {@code sparkgen init},
 * builds with its own {@code ./mvnw -B -ntp verify}, and skaffold's Jib build line makes the image
 * a generated repository makes: on the Spark image's entrypoint as user 185, the application's jar
 * alone in its layer at the path the Job runs, no Spark or Scala copied in, and the team's own
 * dependencies in the libs layer; the ledger sample is adopted with its Standalone submission,
 * whose {@code --packages} reach the libs layer too. Each verify runs the packaged-layout check
 * init adds (executors in JVMs of their own, laid out as in the image); the packages sample, whose
 * pom declared {@code provided} what {@code --packages} shipped, passes it adopted and fails it
 * with the scope init used to leave. Slow (eight Maven builds and seven image builds): one class.
 */
class InitIT {

  static final String APP_JAR = SkaffoldJibIT.APP_JAR;
  static final Pattern SPARK_OR_SCALA =
      Pattern.compile(
          ".*/(spark-[a-z-]+_2\\.1[23]|scala-library|scala-reflect|hadoop-client-api)[^/]*\\.jar");

  @TempDir static Path work;
  static Path baseImage;

  @BeforeAll
  static void standIn() throws Exception {
    ExternalTools.require("git");
    baseImage = StandInSparkImage.write(work.resolve("stand-in-spark.tar"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "plain,  .,   com/acme/wordcount/WordCount.class, ''",
    "parent, job, com/acme/etl/NightlyEtl.class,      ''",
    "shade,  .,   com/acme/enrich/Enrich.class,       opt/spark/app/libs/joou-0.9.4.jar",
    "scala,  .,   com/acme/sessions/Sessions.class,   ''",
    "jib,    .,   com/acme/report/DailyReport.class,  ''",
    // Adopted with its Standalone submission: its --packages (joou) become a dependency the image
    // ships.
    "ledger, .,   com/acme/ledger/DailyAggregation.class, opt/spark/app/libs/joou-0.9.4.jar",
    // The field report: config declared provided because --packages shipped it on Standalone, and
    // used in an executor closure. Adopted with its submission it is shipped, so the check passes.
    "packages, ., com/acme/rates/Rates.class, opt/spark/app/libs/config-1.4.3.jar"
  })
  void theAdoptedProjectBuildsAndItsImageIsLaidOutAsAGeneratedOnes(
      String sample, String module, String mainClassFile, String library) throws Exception {
    Path top = copy(Path.of("src/test/resources/adopt", sample), work.resolve(sample));
    ExternalTools.run(top, "git", "init", "-q", "-b", "main").assertSuccess("git init");
    ExternalTools.commitAll(top, "team");
    Path project = top.resolve(module);

    List<String> init =
        new ArrayList<>(List.of("java", "-jar", System.getProperty("sparkgen.jar"), "init"));
    if (Files.exists(project.resolve("bin/submit-ledger.sh"))) {
      init.addAll(
          List.of(
              "--submit",
              "bin/submit-ledger.sh",
              "--defaults",
              "prod=conf/prod/spark-defaults.conf"));
    }
    if (Files.exists(project.resolve("bin/submit-rates.sh"))) {
      init.addAll(List.of("--submit", "bin/submit-rates.sh"));
    }
    ExternalTools.run(project, init.toArray(String[]::new))
        .assertSuccess("sparkgen init " + sample);
    if (sample.equals("ledger")) {
      assertThat(project.resolve("MIGRATION.md"))
          .content()
          .contains("`--packages org.jooq:joou:0.9.4,com.typesafe:config:1.4.1` | translated");
      assertThat(project.resolve("pom.xml"))
          .content()
          .containsOnlyOnce("<artifactId>joou</artifactId>");
    }
    if (sample.equals("plain")) {
      asAdoptedEarlierThenUpgraded(project);
    }
    ExternalTools.Result verify = ExternalTools.run(project, "./mvnw", "-B", "-ntp", "verify");
    verify.assertSuccess("./mvnw -B -ntp verify of the adopted " + sample);
    assertThat(verify.stdout())
        .as("verify ran the packaged-layout check on executors laid out as in the image")
        .contains("sparkgen packaged-layout check: the executors load all");
    if (sample.equals("packages")) {
      // As init wrote it before it shipped what --packages shipped: the check must fail.
      Path pom = project.resolve("pom.xml");
      String shipped = Files.readString(pom);
      Files.writeString(
          pom,
          shipped.replace(
              "<version>1.4.3</version>\n      <scope>compile</scope>",
              "<version>1.4.3</version>\n      <scope>provided</scope>"));
      assertThat(Files.readString(pom)).isNotEqualTo(shipped);
      ExternalTools.Result unshipped =
          ExternalTools.run(project, "./mvnw", "-B", "-ntp", "-o", "verify");
      assertThat(unshipped.exitCode()).as("verify with config provided").isNotZero();
      assertThat(unshipped.stdout() + unshipped.stderr())
          .contains(
              "the executors cannot load 2 classes the job needs",
              "com.typesafe.config.ConfigFactory (named by com.acme.rates.Rates): it is in config-1.4.3.jar,"
                  + " a provided dependency the image does not have");
      Files.writeString(pom, shipped);
    }
    if (sample.equals("shade")) {
      assertThat(project.resolve("target/enrich-0.9.1-shaded.jar"))
          .as("the team's fat jar is still built")
          .exists();
    }

    SkaffoldJibBuild build = new SkaffoldJibBuild(project);
    ImageTar image = build.buildTar(baseImage, sample + ":test", true);

    JsonNode config = image.config().get("config");
    assertThat(SkaffoldJibIT.strings(config.get("Entrypoint")))
        .containsExactly(StandInSparkImage.ENTRYPOINT);
    assertThat(config.get("User").asString()).isEqualTo("185");
    assertThat(config.get("WorkingDir").asString()).isEqualTo(StandInSparkImage.WORKING_DIRECTORY);
    List<ImageTar.Layer> added = image.layers().subList(1, image.layers().size());
    List<ImageTar.Layer> withJar = added.stream().filter(l -> l.contains(APP_JAR)).toList();
    assertThat(withJar).as("one layer holds %s", APP_JAR).hasSize(1);
    assertThat(withJar.get(0).files().keySet())
        .as("the application layer holds the jar alone")
        .allMatch(p -> p.equals(APP_JAR) || p.endsWith("/"));
    List<String> entries = new ArrayList<>();
    try (JarInputStream jar =
        new JarInputStream(
            new ByteArrayInputStream(withJar.get(0).files().get(APP_JAR).content()))) {
      for (var e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries)
        .as("the application's own jar, not a shaded one")
        .contains(mainClassFile)
        .noneMatch(
            n ->
                n.startsWith("org/apache/spark/")
                    || n.startsWith("scala/")
                    || n.startsWith("org/joou/"));
    // k8s/base names it in spark.kubernetes.executor.pod.featureSteps: without it no executor
    // starts.
    assertThat(entries)
        .as("sparkgen's executor feature step, built from src/sparkgen/java")
        .contains(
            "dev/sparkgen/runtime/ExecutorPodFeatureStep.class",
            "dev/sparkgen/runtime/DriverImage.class",
            "dev/sparkgen/runtime/ExecutorScheduling.class")
        .noneMatch(n -> n.startsWith("io/fabric8/"));
    assertThat(project.resolve("src/sparkgen/test"))
        .as("its tests stay in sparkgen's build")
        .doesNotExist();
    for (ImageTar.Layer layer : added) {
      assertThat(layer.files().keySet())
          .as("Spark and Scala come from the base image only")
          .noneMatch(p -> SPARK_OR_SCALA.matcher(p).matches() || p.startsWith("opt/spark/jars/"));
    }
    if (!library.isEmpty()) {
      assertThat(added)
          .as("the team's runtime dependency in the libs layer")
          .anyMatch(l -> l.contains(library));
    }
    if (sample.equals("ledger")) {
      assertThat(added)
          .as("the dependency pom.xml declared, once")
          .anyMatch(l -> l.contains("opt/spark/app/libs/config-1.4.1.jar"));
    }
    if (sample.equals("plain")) {
      SkaffoldJibIT.deleteRecursively(project.resolve("target"));
      assertThat(build.buildTar(baseImage, sample + ":test", true).diffIds())
          .as("same sources, same layers")
          .isEqualTo(image.diffIds());
    }
  }

  /**
   * The project as an earlier sparkgen left it, then upgraded by this one: adopted before the pom
   * was recorded and the layout check existed (no exec-maven-plugin execution, no check sources),
   * and with the team's job calling the removed {@code ExecutorImage.sameAsDriver}, as after an
   * upgrade that deleted the class. The verify that follows must compile and run the check.
   */
  static void asAdoptedEarlierThenUpgraded(Path project) throws Exception {
    ExternalTools.commitAll(project, "sparkgen init");
    Path pom = project.resolve("pom.xml");
    String adopted = Files.readString(pom);
    String earlier =
        adopted.replaceFirst(
            "(?s)\\n[ \\t]*<!-- verify runs the job's classes[^\\n]*-->\\n[ \\t]*<plugin>"
                + "(?:(?!</plugin>).)*?exec-maven-plugin.*?</plugin>",
            "");
    assertThat(earlier).isNotEqualTo(adopted);
    Files.writeString(pom, earlier);
    Path answers = project.resolve(".sparkgen.yaml");
    Files.writeString(
        answers,
        Files.readString(answers)
            .replaceAll("(?m)^  pom\\.xml: .*\\n", "")
            .replaceAll("(?m)^  adoptedFrom: .*\\n", "")
            .replaceAll("(?m)^  src/sparkgen/check/.*\\n", ""));
    ExternalTools.run(project, "rm", "-r", "src/sparkgen/check").assertSuccess("rm");
    Path job = project.resolve("src/main/java/com/acme/wordcount/WordCount.java");
    String call = ".config(ExecutorImage.sameAsDriver(new org.apache.spark.SparkConf()))";
    Files.writeString(
        job,
        Files.readString(job).replace("SparkSession.builder()", "SparkSession.builder()" + call));
    ExternalTools.commitAll(project, "as an earlier sparkgen left it");

    ExternalTools.Result upgrade =
        ExternalTools.run(project, "java", "-jar", System.getProperty("sparkgen.jar"), "upgrade");
    upgrade.assertSuccess("sparkgen upgrade");
    assertThat(upgrade.stdout())
        .contains(
            "updated    pom.xml",
            "rewritten  src/main/java/com/acme/wordcount/WordCount.java",
            "created    src/sparkgen/check/java/dev/sparkgen/check/PackagedLayoutCheck.java");
    assertThat(pom).content().isEqualTo(adopted);
    assertThat(job)
        .content()
        .contains("SparkSession.builder().config(new org.apache.spark.SparkConf())");
  }

  static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }
}
