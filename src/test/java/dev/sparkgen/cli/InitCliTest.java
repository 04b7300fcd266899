package dev.sparkgen.cli;

import static dev.sparkgen.testing.ExternalTools.commitAll;
import static dev.sparkgen.testing.ExternalTools.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.k8s.OverlayChecks;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Kustomize;
import dev.sparkgen.validate.Report;
import dev.sparkgen.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sparkgen init} on copies of the sample projects (src/test/resources/adopt/), each a git
 * repository with one commit: what it adds and edits, what it refuses (exit 2, nothing written),
 * and that validate, add-env and upgrade work on the adopted repository.
 */
@Tag("slow")
class InitCliTest {

  static final Path SAMPLES = Path.of("src/test/resources/adopt");

  @TempDir Path dir;

  /** A committed copy of a sample; returns its top directory. */
  Path committed(String sample) throws Exception {
    ExternalTools.require("git");
    Path copy = dir.resolve(sample);
    Path from = SAMPLES.resolve(sample);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path to = copy.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    git(copy, "init", "-q", "-b", "main");
    commitAll(copy, "the team's project");
    return copy;
  }

  @Test
  void adoptsAPlainProjectWithoutTouchingItsCode() throws Exception {
    Path repo = committed("plain");
    Map<String, String> before = UpgradeScenariosTest.tree(repo);

    Run run = CliTest.run("init", repo.toString(), "--registry", "registry.example.com/data");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains(
            "Adopted " + repo + " as word-count:",
            "Spark 4.2.0 (image apache/spark:4.2.0-scala2.13-java17-ubuntu), Java 17, main class com.acme.wordcount.WordCount, environments [dev, staging, prod]",
            "updated    pom.xml",
            "dependency org.apache.spark:spark-sql_2.13: scope provided (was compile)",
            "created    skaffold.yaml",
            "created    mvnw",
            "created    .sparkgen.yaml")
        // The pom's own changes are listed under it, and only there.
        .containsPattern(
            "(?m)^  updated    pom\\.xml\n(               .*\n)*"
                + "               dependency org\\.apache\\.spark:spark-sql_2\\.13: scope provided"
                + " \\(was compile\\): the image has it$")
        .doesNotContainPattern("(?m)^  created    skaffold\\.yaml\n               ")
        .endsWith(
            "Next: ./mvnw verify, review with 'git diff' and commit (then: skaffold dev; see"
                + " k8s/README.md). Undo with 'git checkout -- pom.xml' and 'git clean -fd'.\n");
    Map<String, String> after = UpgradeScenariosTest.tree(repo);
    before.forEach(
        (path, content) -> {
          if (!path.equals("pom.xml")) {
            assertThat(after.get(path)).as(path + " is the team's").isEqualTo(content);
          }
        });
    assertThat(after.keySet())
        .filteredOn(p -> !before.containsKey(p))
        .allMatch(
            p ->
                p.startsWith("k8s/")
                    || p.startsWith(".mvn/")
                    || p.startsWith("src/sparkgen/java/dev/sparkgen/runtime/")
                    || p.startsWith("src/sparkgen/check/")
                    || List.of("skaffold.yaml", "mvnw", ".sparkgen.yaml").contains(p))
        .contains(
            "src/sparkgen/check/java/dev/sparkgen/check/PackagedLayoutCheck.java",
            "src/sparkgen/check/jvm.options",
            "k8s/base/job.yaml",
            "k8s/overlays/dev/kustomization.yaml",
            "k8s/overlays/prod/shared/kustomization.yaml",
            ".mvn/wrapper/maven-wrapper.properties",
            "src/sparkgen/java/dev/sparkgen/runtime/ExecutorPodFeatureStep.java");
    assertThat(Files.isExecutable(repo.resolve("mvnw"))).isTrue();
    assertThat(after.get(".sparkgen.yaml"))
        .contains("archetype: adopt", "mainClass: com.acme.wordcount.WordCount", "spark: 4.2.0")
        // The pom as adopted and the team's pom it came from: upgrade's base for sparkgen's parts.
        .contains(
            "  pom.xml: 100644 " + git(repo, "hash-object", "pom.xml"),
            "  adoptedFrom: " + git(repo, "rev-parse", "HEAD:pom.xml"));
    assertThat(after.get("k8s/overlays/dev/kustomization.yaml"))
        .contains(
            "main-class=com.acme.wordcount.WordCount",
            "newName: \"registry.example.com/data/word-count\"");
    assertThat(git(repo, "branch", "--list", "sparkgen-pristine")).contains("sparkgen-pristine");

    OverlayChecks.everyOverlayPasses(repo, "word-count");
    Report report =
        new Validator(Kustomize.kubectlOnPath()).validate(JobRepository.open(repo), List.of());
    assertThat(report.environments()).hasSize(3);
    assertThat(report.findings()).isEmpty();
  }

  @Test
  void addEnvAndUpgradeWorkOnAnAdoptedRepository() throws Exception {
    Path repo = committed("scala");
    assertThat(CliTest.run("init", repo.toString()).exitCode()).isZero();
    commitAll(repo, "sparkgen init");

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());
    assertThat(upgrade.exitCode()).as(upgrade.err()).isZero();
    assertThat(upgrade.out()).startsWith("Already up to date");

    Run addEnv = CliTest.run("add-env", "qa", "--like", "staging", "--directory", repo.toString());
    assertThat(addEnv.exitCode()).as(addEnv.err()).isZero();
    assertThat(repo.resolve("k8s/overlays/qa/kustomization.yaml"))
        .content()
        .contains("main-class=com.acme.sessions.Sessions");
    assertThat(repo.resolve("skaffold.yaml")).content().contains("k8s/overlays/qa");
    commitAll(repo, "qa");

    // The next templates: a changed shared skaffold template reaches the adopted repository too.
    Path next = dir.resolve("next");
    Path shared = Files.createDirectories(next.resolve("archetypes/_shared/files"));
    String skaffold = Files.readString(Path.of("archetypes/_shared/files/skaffold.yaml.ftl"));
    Files.writeString(
        shared.resolve("skaffold.yaml.ftl"),
        skaffold.replace("# Skaffold for [=app.name]:", "# Skaffold (next) for [=app.name]:"));
    Run next2 =
        CliTest.run("upgrade", "--directory", repo.toString(), "--templates", next.toString());
    assertThat(next2.exitCode()).as(next2.err()).isZero();
    assertThat(next2.out()).contains("updated    skaffold.yaml");
    assertThat(repo.resolve("skaffold.yaml"))
        .content()
        .startsWith("# Skaffold (next) for sessions:");
    assertThat(repo.resolve("pom.xml")).content().contains("<scope>provided</scope>");
    OverlayChecks.everyOverlayPasses(repo, "sessions");
  }

  @Test
  void translatesTheStandaloneSubmissionIntoTheAdoptedRepository() throws Exception {
    Path repo = committed("ledger");
    Map<String, String> before = UpgradeScenariosTest.tree(repo);

    Run run =
        CliTest.run(
            "init",
            repo.toString(),
            "--submit",
            repo.resolve("bin/submit-ledger.sh").toString(),
            "--defaults",
            "prod=" + repo.resolve("conf/prod/spark-defaults.conf"),
            "--registry",
            "registry.example.com/finance");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    // Two classes use Spark; the submission's --class says which one runs.
    assertThat(run.out())
        .contains(
            "Spark 3.5.8 (image apache/spark:3.5.8-scala2.12-java17-ubuntu), Java 17, main class com.acme.ledger.DailyAggregation",
            "dependency org.jooq:joou:0.9.4 (added, from --packages)",
            "created    MIGRATION.md",
            "created    k8s/README.md",
            "The Standalone settings and what became of each: " + repo.resolve("MIGRATION.md"));
    Map<String, String> after = UpgradeScenariosTest.tree(repo);
    before.forEach(
        (path, content) -> {
          if (!path.equals("pom.xml")) {
            assertThat(after.get(path)).as(path + " is the team's").isEqualTo(content);
          }
        });

    String pom = after.get("pom.xml");
    assertThat(pom)
        .containsOnlyOnce("<artifactId>joou</artifactId>")
        .containsOnlyOnce("<artifactId>config</artifactId>")
        .contains("<artifactId>slf4j-reload4j</artifactId>");
    String migration = after.get("MIGRATION.md");
    assertThat(migration)
        .contains(
            "| submit-ledger.sh:8 | `--class com.acme.ledger.DailyAggregation` | translated |",
            "| submit-ledger.sh:9 | `--packages org.jooq:joou:0.9.4,com.typesafe:config:1.4.1` | translated |",
            "| spark-defaults.conf:5 | `spark.worker.cleanup.enabled true` | dropped |",
            "The Job runs `com.acme.ledger.DailyAggregation` from this project's own jar");
    assertThat(migration.split("\n## "))
        .hasSize(5); // the introduction, dev, staging, prod, next steps
    String prod = after.get("k8s/overlays/prod/kustomization.yaml");
    assertThat(prod)
        .contains(
            "main-class=com.acme.ledger.DailyAggregation",
            "newName: \"registry.example.com/finance/ledger\"",
            "\"--day\"");
    assertThat(after.get("k8s/overlays/prod/spark.properties"))
        .contains(
            "spark.sql.shuffle.partitions=64",
            "spark.serializer=org.apache.spark.serializer.KryoSerializer",
            "spark.executor.memory=4g");
    assertThat(after.get("k8s/overlays/dev/spark.properties"))
        .contains("spark.sql.shuffle.partitions=64")
        .doesNotContain("KryoSerializer");
    assertThat(after.get("k8s/README.md"))
        .contains(
            "# Running ledger on Kubernetes",
            "`MIGRATION.md`",
            "kubectl -n ledger-dev logs -f job/ledger-driver",
            "skaffold deploy -p prod --build-artifacts=artifacts.json");
    assertThat(after.get(".sparkgen.yaml"))
        .contains(
            "mainClass: com.acme.ledger.DailyAggregation",
            "  standalone:",
            "file: submit-ledger.sh",
            "  MIGRATION.md: 100644 ",
            "  k8s/README.md: 100644 ");

    OverlayChecks.everyOverlayPasses(repo, "ledger");
    Report report =
        new Validator(Kustomize.kubectlOnPath()).validate(JobRepository.open(repo), List.of());
    assertThat(report.findings()).isEmpty();

    // The answers file renders the same files again.
    commitAll(repo, "sparkgen init");
    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());
    assertThat(upgrade.exitCode()).as(upgrade.err()).isZero();
    assertThat(upgrade.out()).startsWith("Already up to date");
    Run addEnv = CliTest.run("add-env", "qa", "--like", "staging", "--directory", repo.toString());
    assertThat(addEnv.exitCode()).as(addEnv.err()).isZero();
    assertThat(repo.resolve("MIGRATION.md")).content().contains("\n## qa\n");
    assertThat(repo.resolve("k8s/overlays/qa/spark.properties"))
        .content()
        .contains("spark.sql.shuffle.partitions=64");
  }

  @Test
  void theMainClassOptionWinsOverTheSubmissionsClass() throws Exception {
    Path repo = committed("ledger");
    assertRefused(
        CliTest.run("init", repo.toString()),
        "Several classes could be the Spark job (com.acme.ledger.Backfill, com.acme.ledger.DailyAggregation); pass --main-class");

    Run run =
        CliTest.run(
            "init",
            repo.toString(),
            "--submit",
            repo.resolve("bin/submit-ledger.sh").toString(),
            "--main-class",
            "com.acme.ledger.Backfill");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(repo.resolve("k8s/overlays/dev/kustomization.yaml"))
        .content()
        .contains("main-class=com.acme.ledger.Backfill")
        .doesNotContain("DailyAggregation");
    assertThat(repo.resolve("pom.xml"))
        .content()
        .contains("<mainClass>com.acme.ledger.Backfill</mainClass>");
    assertThat(repo.resolve("MIGRATION.md"))
        .content()
        .contains(
            "| submit-ledger.sh:8 | `--class com.acme.ledger.DailyAggregation` | dropped | "
                + "the Job runs `com.acme.ledger.Backfill` instead");
  }

  @Test
  void refusesASubmittedClassThatIsNoClassOfTheSources() throws Exception {
    Path repo = committed("plain");
    Path submit =
        Files.writeString(
            dir.resolve("submit.sh"),
            "#!/bin/sh\nspark-submit --master spark://m:7077 \\\n"
                + "  --class com.acme.wordcount.Gone /opt/jobs/word-count.jar\n");
    Map<String, String> before = UpgradeScenariosTest.tree(repo);

    assertRefused(
        CliTest.run("init", repo.toString(), "--submit", submit.toString()),
        "Submit file submit.sh line 3 runs --class com.acme.wordcount.Gone, which is no class of this project's sources "
            + "(src/main/java, src/main/scala); pass --main-class with the class the Job should run (com.acme.wordcount.WordCount use Spark).");
    assertThat(UpgradeScenariosTest.tree(repo)).isEqualTo(before);
    assertThat(git(repo, "branch", "--list", "sparkgen-pristine")).isEmpty();

    // Naming it is the team's call: the class may come from a dependency.
    Run named =
        CliTest.run(
            "init",
            repo.toString(),
            "--submit",
            submit.toString(),
            "--main-class",
            "com.acme.wordcount.Gone");
    assertThat(named.exitCode()).as(named.err()).isZero();
    assertThat(repo.resolve("k8s/overlays/dev/kustomization.yaml"))
        .content()
        .contains("main-class=com.acme.wordcount.Gone");
  }

  @Test
  void keepsTheTeamsOwnMavenWrapper() throws Exception {
    Path repo = committed("jib");
    Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\necho the team's wrapper\n");
    Files.createDirectories(repo.resolve(".mvn/wrapper"));
    Files.writeString(
        repo.resolve(".mvn/wrapper/maven-wrapper.properties"),
        "distributionUrl=https://example.invalid/maven.zip\n");
    commitAll(repo, "wrapper");

    Run run = CliTest.run("init", repo.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "kept       mvnw  (yours)",
            "kept       .mvn/wrapper/maven-wrapper.properties  (yours)",
            "created    .mvn/jvm.config",
            "warning: Jib ignores container.jvmFlags");
    assertThat(repo.resolve("mvnw")).content().isEqualTo("#!/bin/sh\necho the team's wrapper\n");
    assertThat(repo.resolve(".sparkgen.yaml"))
        .content()
        .doesNotContain("  mvnw:")
        .contains("  .mvn/jvm.config:");
  }

  @Test
  void dryRunPrintsThePomsDiffAndWritesNothing() throws Exception {
    Path repo = committed("shade");
    Map<String, String> before = UpgradeScenariosTest.tree(repo);

    Run run = CliTest.run("init", repo.toString(), "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "--- a/pom.xml",
            "-    <finalName>enrich-job</finalName>",
            "+    <finalName>app</finalName>",
            "Would adopt " + repo + " (nothing written):",
            "build/finalName: app (was enrich-job)");
    assertThat(UpgradeScenariosTest.tree(repo)).isEqualTo(before);
    assertThat(git(repo, "branch", "--list", "sparkgen-pristine")).isEmpty();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "sbt",
            List.of(),
            "This is an sbt project (build.sbt), not a Maven one; sparkgen init adopts Maven projects only"),
        Arguments.of(
            "gradle", List.of(), "This is a Gradle project (build.gradle.kts), not a Maven one"),
        Arguments.of(
            "plain",
            List.of("--spark", "3.5"),
            "--spark 3.5 asks for Spark 3.5, and pom.xml compiles against Spark 4.2.0"),
        Arguments.of("plain", List.of("--java", "12"), "Java 12 is not supported"),
        Arguments.of(
            "plain",
            List.of("--name", "Word_Count"),
            "Application name 'Word_Count' is not a DNS-1123 label"),
        Arguments.of(
            "plain",
            List.of("--main-class", "WordCount"),
            "Main class 'WordCount' is in the default package"),
        Arguments.of(
            "parent",
            List.of(),
            "pom.xml has packaging 'pom' (a parent of modules, not an application); run sparkgen init in the module"),
        Arguments.of("plain", List.of("--envs", "dev,dev"), "Environment 'dev' is given twice"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("refusals")
  void refusesInOneSentenceWithExitTwoAndWritesNothing(
      String sample, List<String> options, String message) throws Exception {
    Path repo = committed(sample);
    Map<String, String> before = UpgradeScenariosTest.tree(repo);

    Run run =
        CliTest.run(
            Stream.concat(Stream.of("init", repo.toString()), options.stream())
                .toArray(String[]::new));

    assertRefused(run, message);
    assertThat(UpgradeScenariosTest.tree(repo)).isEqualTo(before);
  }

  @Test
  void refusesADirtyTreeAnExistingSkaffoldOrK8sAndASecondInit() throws Exception {
    Path repo = committed("plain");
    Files.writeString(repo.resolve("NOTES.md"), "wip\n");
    assertRefused(
        CliTest.run("init", repo.toString()),
        "The git work tree has uncommitted changes (NOTES.md); commit or stash them first");

    commitAll(repo, "notes");
    Files.writeString(
        repo.resolve("skaffold.yaml"), "apiVersion: skaffold/v4beta13\nkind: Config\n");
    commitAll(repo, "our skaffold");
    Map<String, String> before = UpgradeScenariosTest.tree(repo);
    assertRefused(
        CliTest.run("init", repo.toString()),
        "'"
            + repo.resolve("skaffold.yaml")
            + "' exists; sparkgen init never overwrites a file of yours");
    assertThat(UpgradeScenariosTest.tree(repo)).isEqualTo(before);

    git(repo, "rm", "-q", "skaffold.yaml");
    Files.createDirectories(repo.resolve("k8s"));
    Files.writeString(repo.resolve("k8s/deployment.yaml"), "kind: Deployment\n");
    commitAll(repo, "our k8s");
    assertRefused(
        CliTest.run("init", repo.toString()),
        "'" + repo.resolve("k8s") + "' exists; sparkgen init never overwrites a file of yours");

    git(repo, "rm", "-q", "-r", "k8s");
    commitAll(repo, "no k8s");
    assertThat(CliTest.run("init", repo.toString()).exitCode()).isZero();
    commitAll(repo, "adopted");
    assertRefused(
        CliTest.run("init", repo.toString()),
        "already has .sparkgen.yaml: it was generated or adopted by sparkgen; use 'sparkgen upgrade'");
  }

  @Test
  void asksForTheMainClassWhenSeveralCouldBeTheJob() throws Exception {
    Path repo = committed("plain");
    Path other = repo.resolve("src/main/java/com/acme/wordcount/Backfill.java");
    Files.writeString(
        other,
        "package com.acme.wordcount;\nimport org.apache.spark.sql.SparkSession;\n"
            + "public class Backfill { public static void main(String[] a) { SparkSession.builder().getOrCreate(); } }\n");
    commitAll(repo, "backfill");

    assertRefused(
        CliTest.run("init", repo.toString()),
        "Several classes could be the Spark job (com.acme.wordcount.Backfill, com.acme.wordcount.WordCount); pass --main-class");
    Run chosen =
        CliTest.run("init", repo.toString(), "--main-class", "com.acme.wordcount.Backfill");
    assertThat(chosen.exitCode()).as(chosen.err()).isZero();
    assertThat(repo.resolve("k8s/overlays/dev/kustomization.yaml"))
        .content()
        .contains("main-class=com.acme.wordcount.Backfill");
  }

  @Test
  void theAdoptionArchetypeIsListedForInitAndRefusedByNew() {
    assertThat(CliTest.run("archetypes").out())
        .contains(
            "adopt  (sparkgen init)" + System.lineSeparator(), "spark-pi" + System.lineSeparator());
    assertRefused(
        CliTest.run(
            "new", "job", "--archetype", "adopt", "--output", dir.resolve("job").toString()),
        "Archetype 'adopt' is for 'sparkgen init', which adds sparkgen's files to an existing Maven project; 'sparkgen new' takes one of: spark-pi, sql-batch.");
    assertThat(dir.resolve("job")).doesNotExist();
  }

  @Test
  void refusesAProjectOutsideGit() throws Exception {
    Path copy = committed("plain");
    deleteTree(copy.resolve(".git"));

    assertRefused(CliTest.run("init", copy.toString()), "is not in a git repository");
    assertThat(copy.resolve("skaffold.yaml")).doesNotExist();
  }

  static void assertRefused(Run run, String message) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("sparkgen: ").contains(message);
    assertThat(run.err().lines().filter(l -> !l.startsWith("Try ")).count()).isEqualTo(1);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
