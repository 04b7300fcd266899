package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** answers → spec → plan gives the plan the answers were written with, byte for byte. */
@Tag("slow")
class AnswersRoundTripTest {

  static Stream<UnaryOperator<SpecBuilder>> inputs() {
    return Stream.of(
        b -> b,
        b -> b.group("org.acme").packageName("org.acme.jobs.pi").spark("3.5").java(17),
        b ->
            b.spark("4.1")
                .java(21)
                .registry("registry.example.com/team")
                .parameters(Map.of("partitions", "42"))
                .objectStores(List.of("gcs")),
        b -> b.spark("3.5").objectStores(List.of("gcs", "s3a")),
        // The language is recorded, so an upgrade renders Scala again, on either Spark line.
        b -> b.language("scala"),
        b -> b.archetype("sql-batch").language("scala").spark("3.5").objectStores(List.of("s3a")),
        // A tier that differs from the one the name implies must survive the trip.
        b ->
            b.envs(List.of("dev:shared", "qa", "production:local", "perf"))
                .tiers(Map.of("perf", "prod")),
        // A mirrored base image pinned by digest must survive it too.
        b ->
            b.baseImage(
                "registry.example.com/mirror/apache/spark:4.2.0-scala2.13-java17-ubuntu@sha256:"
                    + "ab".repeat(32)),
        // A Standalone submission is translated again from the settings recorded, credentials
        // redacted.
        b ->
            b.submit("jobs/submit.sh", corpus("local-jars/submit.sh"))
                .defaults("prod", "conf/prod.conf", corpus("event-logs/prod.conf")),
        b ->
            b.envs(List.of("dev", "prod:local"))
                .submit("submit.sh", corpus("per-environment/submit.sh"))
                .defaults("dev", "dev.conf", corpus("per-environment/dev.conf"))
                .defaults("prod", "prod.conf", corpus("per-environment/prod.conf")),
        b -> b.defaults("staging", "staging.conf", corpus("dynamic-shuffle-service/staging.conf")));
  }

  private static String corpus(String file) {
    try {
      return Files.readString(Path.of("src/test/resources/standalone", file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void theAnswersFileRendersTheSamePlanAgain(UnaryOperator<SpecBuilder> options) {
    ArchetypeCatalog catalog = ArchetypeCatalog.builtIn();
    Plan original = Fixtures.plan("payments-etl", options);

    Answers answers = Answers.parse(".sparkgen.yaml", original.file(".sparkgen.yaml").text());
    ProjectSpec again = answers.specBuilder().build(catalog.descriptors());
    Plan rerendered =
        new PlanRenderer(answers.generatorVersion())
            .render(again, catalog.load(again.archetypeId()));

    assertThat(rerendered.files().keySet()).containsExactlyElementsOf(original.files().keySet());
    original
        .files()
        .forEach((path, file) -> assertThat(rerendered.file(path)).as(path).isEqualTo(file));
    assertThat(answers.files().keySet())
        .containsExactlyElementsOf(
            original.files().keySet().stream().filter(p -> !p.equals(".sparkgen.yaml")).toList());
  }

  /** Answers files written before sparkgen offered connectors have no objectStores: none. */
  @Test
  void anAnswersFileWithoutObjectStoresHasNone() {
    String text = Fixtures.plan("payments-etl", b -> b).file(".sparkgen.yaml").text();
    assertThat(text).contains("  objectStores: []\n");

    Answers older = Answers.parse(".sparkgen.yaml", text.replace("  objectStores: []\n", ""));
    assertThat(older.inputs().objectStores()).isEmpty();
    assertThat(older.specBuilder().build(ArchetypeCatalog.builtIn().descriptors()).objectStores())
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Answers.parse(
                    ".sparkgen.yaml", text.replace("objectStores: []", "objectStores: s3a")))
        .hasMessage(
            "Answers file .sparkgen.yaml field 'inputs.objectStores' must be a list such as [s3a]; restore it from git.");
  }

  /**
   * An adopted project's answers record the pom init adopted (a blob id) and give it back; anything
   * but a blob id there is refused in one sentence naming the field.
   */
  @Test
  void anAdoptedPomsBlobIdRoundTripsAndNothingElseIsAccepted() {
    String blob = "0123456789abcdef0123456789abcdef01234567";
    String text =
        Fixtures.plan(
                "payments-etl",
                b -> b.archetype("adopt").mainClass("com.acme.etl.Job").adoptedFrom(blob))
            .file(".sparkgen.yaml")
            .text();
    assertThat(text).contains("  adoptedFrom: " + blob + "\n");
    Answers answers = Answers.parse(".sparkgen.yaml", text);
    assertThat(answers.inputs().adoptedFrom()).contains(blob);
    assertThat(answers.specBuilder().build(ArchetypeCatalog.builtIn().descriptors()).adoptedFrom())
        .contains(blob);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Answers.parse(".sparkgen.yaml", text.replace(blob, "../../etc/passwd")))
        .hasMessage(
            "Answers file .sparkgen.yaml field 'inputs.adoptedFrom' must be a git blob id (40 hexadecimal digits),"
                + " not '../../etc/passwd'; restore it from git.");
  }

  @Test
  void recordsTheTemplateFolderAndItsDigest(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("archetypes/_shared/files/README.md.ftl");
    Files.createDirectories(readme.getParent());
    Files.writeString(readme, "# [=app.name]\n");
    ArchetypeCatalog catalog = ArchetypeCatalog.withOverrides(dir);
    ProjectSpec spec = SpecBuilder.named("job").build(catalog.descriptors());

    Plan plan = new PlanRenderer("1.0").render(spec, catalog.load("spark-pi"));
    Answers answers = Answers.parse(".sparkgen.yaml", plan.file(".sparkgen.yaml").text());
    Files.writeString(readme, "# [=app.name]!\n");
    Plan changed =
        new PlanRenderer("1.0").render(spec, ArchetypeCatalog.withOverrides(dir).load("spark-pi"));

    assertThat(answers.templates().folder()).contains(dir.toString());
    assertThat(answers.templates().digest().orElseThrow()).matches("sha256:[0-9a-f]{64}");
    assertThat(Answers.parse("a", changed.file(".sparkgen.yaml").text()).templates().digest())
        .isNotEqualTo(answers.templates().digest());
  }

  @Test
  void recordsWhatGitHashObjectComputes(@TempDir Path dir) throws Exception {
    ExternalTools.require("git");
    Plan plan = Fixtures.demoPlan();
    Files.write(dir.resolve("pom.xml"), plan.file("pom.xml").content());

    ExternalTools.Result hash = ExternalTools.run(dir, "git", "hash-object", "pom.xml");

    assertThat(hash.stdout().strip()).isEqualTo(plan.file("pom.xml").gitBlobId());
  }
}
