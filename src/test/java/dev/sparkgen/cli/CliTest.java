package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliTest {

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  /** As main runs it: with only the subcommands the arguments need. */
  static Run run(String... args) {
    return run(SparkgenCommand.neededBy(args), args);
  }

  static Run run(List<String> subcommands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SparkgenCommand.commandLine(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                dev.sparkgen.plan.PlanRenderer.Limits.DEFAULT,
                subcommands,
                dev.sparkgen.archetype.ArchetypeCatalog.builtIn())
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void generatesTheRepositoryAndSaysWhatToDoNext() {
    Path target = dir.resolve("payments-etl");

    Run run = run("new", "payments-etl", "--output", target.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("Created " + target + ": Spark 4.2.0, Java 17, environments [dev, staging, prod]")
        .contains("Next: cd " + target + " && ./mvnw verify   (then: skaffold dev); see README.md");
    assertThat(target.resolve("pom.xml")).exists();
    assertThat(target.resolve("src/main/java/com/example/paymentsetl/SparkPi.java")).exists();
    assertThat(Files.isExecutable(target.resolve("mvnw"))).isTrue();
  }

  @Test
  void dryRunListsEveryFileWithItsSizeAndWritesNothing() {
    Path target = dir.resolve("job");

    Run run = run("new", "job", "--output", target.toString(), "--dry-run");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("Would create .*job with \\d+ files \\(\\d+ bytes\\):")
        .containsPattern("(?m)^\\s+\\d+  pom\\.xml$")
        .containsPattern("(?m)^\\s+\\d+  src/main/java/com/example/job/SparkPi\\.java$")
        .containsPattern("(?m)^\\s+\\d+  \\.sparkgen\\.yaml$");
    assertThat(target).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  static Stream<Arguments> badInvocations() {
    return Stream.of(
        Arguments.of(List.of("new", "Bad_Name"), "'Bad_Name' is not a DNS-1123 label"),
        Arguments.of(List.of("new", "job", "--group", "com.int"), "reserved word 'int'"),
        Arguments.of(List.of("new", "job", "--envs", "dev,dev"), "'dev' is given twice"),
        Arguments.of(
            List.of("new", "job", "--envs", "dev:cloud,prod"),
            "Environment 'dev:cloud' names the cluster 'cloud'; use ENV:local for a cluster you own (kind, minikube: the namespace is created and nothing is pushed) or ENV:shared for a namespace you were given on a shared cluster (nothing namespace-wide is created and the image is pushed), e.g. --envs dev:shared,staging,prod."),
        Arguments.of(
            List.of("new", "job", "--archetype", "nope"), "Archetype 'nope' does not exist"),
        Arguments.of(
            List.of("new", "job", "--spark", "3.5", "--java", "21"),
            "no official apache/spark image"),
        Arguments.of(
            List.of("new", "job", "--registry", "http://x"), "Registry 'http://x' is malformed"),
        Arguments.of(
            List.of("new", "job", "--base-image", "apache/spark"),
            "--base-image 'apache/spark' names neither a tag nor a digest"),
        Arguments.of(
            List.of("new", "job", "--object-store", "s3a,"),
            "The object store list 's3a,' has an empty item"),
        Arguments.of(
            List.of("new", "job", "--object-store", "abfs"),
            "Object store 'abfs' is not known; use 's3a' for s3a://"),
        Arguments.of(
            List.of("new", "job", "--java", "seventeen"), "Invalid value for option '--java'"),
        Arguments.of(
            List.of("new", "job", "--no-such-option"), "Unknown option: '--no-such-option'"),
        Arguments.of(List.of("new"), "Missing required parameter: 'NAME'"),
        Arguments.of(
            List.of("new", "job", "--param", "partitions=0"), "'partitions' = '0' is not accepted"),
        Arguments.of(
            List.of("new", "job", "--envs", "dev,"),
            "The environment list 'dev,' has an empty item"),
        Arguments.of(
            List.of("new", "job", "--envs", "dev,,prod"),
            "The environment list 'dev,,prod' has an empty item"),
        Arguments.of(
            List.of("new", "job", "--param", "partitions=1", "--param", "partitions=2"),
            "Parameter 'partitions' is given twice ('partitions=1', 'partitions=2')"),
        Arguments.of(
            List.of("new", "job", "--param", "partitions"), "Parameter 'partitions' has no value"),
        Arguments.of(List.of("new", "-x"), "Unknown option: '-x'"),
        Arguments.of(List.of("new", "job", "-x"), "Unknown option: '-x'"),
        Arguments.of(
            List.of("new", "job", "--group", "a.".repeat(2600) + "a"), "is 5201 characters long"),
        Arguments.of(
            List.of("new", "job\nrm -rf ~"),
            "Application name 'job\\nrm -rf ~' is not a DNS-1123 label"),
        Arguments.of(List.of("new", "job\u001b[31m"), "'job\\u001b[31m' is not a DNS-1123 label"));
  }

  @ParameterizedTest
  @MethodSource("badInvocations")
  void rejectsBadInputWithExitCodeTwoOneSentenceAndNothingWritten(List<String> args, String message)
      throws IOException {
    String[] withOutput =
        Stream.concat(args.stream(), Stream.of("--output", dir.resolve("out").toString()))
            .toArray(String[]::new);

    Run run = run(withOutput);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("sparkgen: ").contains(message);
    assertThat(run.err().lines().filter(l -> !l.startsWith("Try ")).count()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void refusesANonEmptyOutputAndTouchesNothingInIt() throws IOException {
    Path target = Files.createDirectories(dir.resolve("job"));
    Files.writeString(target.resolve("notes.txt"), "keep me");

    Run run = run("new", "job", "--output", target.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("exists and is not empty");
    assertThat(target.resolve("notes.txt")).hasContent("keep me");
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).hasSize(1);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void reportsABrokenUserTemplateByPathAndLineAndWritesNothing() throws IOException {
    Path templates = dir.resolve("templates");
    Path pom = templates.resolve("archetypes/_shared/files/pom.xml.ftl");
    Files.createDirectories(pom.getParent());
    Files.writeString(
        pom,
        "<project>\n  <artifactId>[=app.artifactId]</artifactId>\n  [=app.nope]\n</project>\n");
    Path target = dir.resolve("job");

    Run run = run("new", "job", "--templates", templates.toString(), "--output", target.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Template files/pom.xml.ftl line 3").contains("app.nope");
    assertThat(target).doesNotExist();
  }

  @Test
  void rejectsABadUserDescriptorNamingFileAndFieldAndWritesNothing() throws IOException {
    Path descriptor = dir.resolve("templates/archetypes/spark-pi/archetype.yaml");
    Files.createDirectories(descriptor.getParent());
    Files.writeString(
        descriptor, "id: spark-pi\ndescription: x\nmainClass: SparkPi\nparameters: [1, 2]\n");
    Path target = dir.resolve("job");

    Run run =
        run(
            "new",
            "job",
            "--templates",
            dir.resolve("templates").toString(),
            "--output",
            target.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "sparkgen: Archetype descriptor "
                + descriptor
                + " field 'parameters[0]' is the integer '1'; each parameter must be a mapping with name, description, default and pattern.\n");
    assertThat(target).doesNotExist();
  }

  @Test
  void layersUserTemplatesOverTheBuiltInOnes() throws IOException {
    Path templates = dir.resolve("templates");
    Path readme = templates.resolve("archetypes/_shared/files/README.md.ftl");
    Files.createDirectories(readme.getParent());
    Files.writeString(readme, "# [=app.name], our way\n");
    Path target = dir.resolve("job");

    Run run = run("new", "job", "--templates", templates.toString(), "--output", target.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(target.resolve("README.md")).hasContent("# job, our way");
    assertThat(target.resolve("pom.xml")).exists();
  }

  @Test
  void rejectsATemplateFolderWithoutTheExpectedLayout() {
    Run run =
        run("new", "job", "--templates", dir.toString(), "--output", dir.resolve("job").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("has neither archetypes/ nor kustomize-base/");
  }

  @Test
  void listsArchetypesWithTheirParameters() {
    Run run = run("archetypes");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("spark-pi")
        .contains("Spark Pi")
        .contains("  parameters (--param KEY=VALUE):" + System.lineSeparator())
        .containsPattern("partitions\\s+.*\\(default: 10\\)");
  }

  @Test
  void listsTheSqlBatchArchetypeWithItsParametersAndOverlayArguments() {
    Run run = run("archetypes");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("sql-batch\\R  Spark SQL batch job")
        .containsPattern("format\\s+.*\\(default: parquet\\)")
        .contains(
            "  arguments (k8s/overlays/<env>/kustomization.yaml): --input {params.input}/{env} --output {params.output}/{env} --format {params.format}");
  }

  @Test
  void listsEachArchetypesLanguagesAndWhatItNeedsOfAnObjectStore() {
    Run run = run("archetypes");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern(
            "spark-pi\\R.*\\R  languages \\(--language\\): java, scala\\R  object store: none needed")
        .containsPattern(
            "sql-batch\\R.*\\R  languages \\(--language\\): java, scala\\R  object store: optional")
        .containsPattern("input\\s+.*\\(default: /data/orders\\)")
        .contains("with --object-store s3a: s3a://my-bucket/orders");
  }

  @Test
  void printsHelpAndVersionWithExitCodeZero() {
    Run help = run("new", "--help");
    Run version = run("--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--dry-run", "--envs", "--registry", "--templates", "--output");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).isEqualTo("sparkgen dev" + System.lineSeparator());
  }

  @Test
  void turnsAnErrorOfTheJvmIntoOneSentenceAndExitCodeOne() {
    for (Throwable error :
        List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      picocli.CommandLine cli =
          SparkgenCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
      cli.addSubcommand("boom", new picocli.CommandLine(new Boom(error)));

      int exit = cli.execute("boom");
      String plain = err.toString();
      err.getBuffer().setLength(0);
      int traced = cli.execute("boom", "--stacktrace");

      assertThat(exit).isEqualTo(1);
      assertThat(plain)
          .isEqualTo(
              "sparkgen: failed: "
                  + (error instanceof StackOverflowError
                      ? "StackOverflowError"
                      : "OutOfMemoryError: Java heap space")
                  + " (run with --stacktrace for details)"
                  + System.lineSeparator());
      assertThat(traced).isEqualTo(1);
      assertThat(err.toString())
          .startsWith(
              "sparkgen: failed: "
                  + (error instanceof StackOverflowError
                      ? "StackOverflowError"
                      : "OutOfMemoryError: Java heap space")
                  + System.lineSeparator())
          .contains("\tat dev.sparkgen.cli.CliTest.turnsAnErrorOfTheJvm");
    }
  }

  @Test
  void reportsAnUnexpectedExceptionAsAFailureWithItsMessageOrClass() {
    for (RuntimeException e :
        List.of(new IllegalStateException("disk on fire"), new IllegalStateException())) {
      StringWriter err = new StringWriter();
      picocli.CommandLine cli =
          SparkgenCommand.commandLine(
              new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      cli.addSubcommand("boom", new picocli.CommandLine(new Boom(e)));
      cli.setErr(new PrintWriter(err, true)); // reaches the subcommand added after the first setErr

      int exit = cli.execute("boom");

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo(
              "sparkgen: failed: "
                  + (e.getMessage() == null ? "IllegalStateException" : "disk on fire")
                  + " (run with --stacktrace for details)"
                  + System.lineSeparator());
    }
  }

  @Test
  void showsTheStackTraceOfAUsageErrorWhenAsked() {
    Run plain = run("new", "--no-such");
    Run traced = run("new", "--no-such", "--stacktrace");

    assertThat(plain.exitCode()).isEqualTo(2);
    assertThat(plain.err()).doesNotContain("\tat picocli");
    assertThat(traced.exitCode()).isEqualTo(2);
    assertThat(traced.err())
        .startsWith("sparkgen: Unknown option: '--no-such'")
        .contains("\tat picocli.");
    assertThat(plain.err())
        .isEqualTo(
            "sparkgen: Unknown option: '--no-such'"
                + System.lineSeparator()
                + "Try 'sparkgen new --help' for the accepted options."
                + System.lineSeparator());
  }

  @Test
  void buildsOnlyTheCommandItRunsAndAnswersAsTheWholeTreeWould() {
    assertThat(SparkgenCommand.neededBy(new String[] {"new", "job"})).containsExactly("new");
    assertThat(SparkgenCommand.neededBy(new String[] {"help", "new"}))
        .isEqualTo(SparkgenCommand.SUBCOMMANDS);
    assertThat(SparkgenCommand.neededBy(new String[] {"nwe"}))
        .isEqualTo(SparkgenCommand.SUBCOMMANDS);
    assertThat(SparkgenCommand.neededBy(new String[] {"--stacktrace", "new"}))
        .isEqualTo(SparkgenCommand.SUBCOMMANDS);
    for (String command : SparkgenCommand.SUBCOMMANDS) {
      for (List<String> args : List.of(List.of(command, "--help"), List.of(command, "--no-such"))) {
        String[] argv = args.toArray(String[]::new);
        assertThat(run(argv))
            .as(String.join(" ", args))
            .isEqualTo(run(SparkgenCommand.SUBCOMMANDS, argv));
      }
    }
  }

  @Test
  void skipsPicocliConvertersOfTypesNoOptionHasButKeepsPaths() {
    System.clearProperty("picocli.converters.excludes");
    run("--version");
    String excludes = System.getProperty("picocli.converters.excludes");
    assertThat(excludes).isNotNull();
    List<String> regexes = List.of(excludes.split(","));
    for (String skipped :
        List.of("java.sql.Timestamp", "java.sql.Connection", "java.time.Duration")) {
      assertThat(regexes).as(skipped).anyMatch(skipped::matches);
    }
    assertThat(regexes).noneMatch("java.nio.file.Path"::matches);
    // Every option type still converts: a Path option takes a path.
    Path out = dir.resolve("job");
    assertThat(run("new", "job", "--output", out.toString()).exitCode()).isZero();
    assertThat(out.resolve("pom.xml")).isRegularFile();
  }

  @Test
  void printsTheUsageWithoutACommand() {
    Run run = run();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: sparkgen").contains("new", "archetypes");
  }

  @Test
  void listsAnArchetypeWithoutParameters() throws IOException {
    Path archetype = Files.createDirectories(dir.resolve("t/archetypes/bare"));
    Files.writeString(
        archetype.resolve("archetype.yaml"),
        "id: bare\ndescription: Nothing to set\nmainClass: Main\n");

    Run run = run("archetypes", "--templates", dir.resolve("t").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "bare"
                + System.lineSeparator()
                + "  Nothing to set"
                + System.lineSeparator()
                + "  languages (--language): java"
                + System.lineSeparator()
                + "  object store: none needed (--object-store adds connectors, e.g. for event logs)"
                + System.lineSeparator()
                + "  parameters: none");
  }

  @Test
  void nextStepsNameOnlyWhatTheArchetypeGenerated() throws IOException {
    Path archetype = Files.createDirectories(dir.resolve("t/archetypes/bare"));
    Files.writeString(
        archetype.resolve("archetype.yaml"),
        "id: bare\ndescription: Nothing to set\nmainClass: Main\n");
    Files.createDirectories(archetype.resolve("files"));
    Files.writeString(archetype.resolve("files/pom.xml"), "<project/>\n");
    Path target = dir.resolve("job");

    Run run =
        run(
            "new",
            "job",
            "--archetype",
            "bare",
            "--templates",
            dir.resolve("t").toString(),
            "--output",
            target.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Next: cd " + target + " && mvn verify" + System.lineSeparator())
        .doesNotContain("skaffold", "./mvnw", "README");
  }

  @picocli.CommandLine.Command(name = "boom")
  record Boom(Throwable error) implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      if (error instanceof Error e) {
        throw e;
      }
      throw (Exception) error;
    }
  }

  @Test
  void showsTheStackTraceOnlyWhenAsked() {
    Run plain = run("new", "Bad_Name", "--output", dir.resolve("a").toString());
    Run traced = run("new", "Bad_Name", "--output", dir.resolve("b").toString(), "--stacktrace");

    assertThat(plain.err()).doesNotContain("at dev.sparkgen");
    assertThat(traced.exitCode()).isEqualTo(2);
    assertThat(traced.err()).contains("at dev.sparkgen.spec.SpecBuilder");
  }
}
