package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkDefaults;
import dev.sparkgen.spec.StandaloneSetting;
import dev.sparkgen.spec.SubmitScript;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Kustomize;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.Report;
import dev.sparkgen.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Realistic Standalone submissions (src/test/resources/standalone/CASE: submit.sh, ENV.conf per
 * environment, sparkgen.args) through {@code sparkgen new --submit --defaults}: the overlays, the
 * pom and MIGRATION.md against reviewed copies in src/test/golden/standalone/CASE (the overlays
 * also as kubectl kustomize renders them), every input setting exactly once in its environment's
 * table, no credential in any file, and a repository {@code sparkgen validate} finds nothing in. To
 * accept an intended change:
 *
 * <pre>
 * ./mvnw test -Dtest=StandaloneCorpusTest -Dgolden.update=true &amp;&amp; git diff src/test/golden/standalone
 * </pre>
 */
@Tag("slow")
class StandaloneCorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/standalone");
  static final Path GOLDEN = Path.of("src/test/golden/standalone");
  static final Pattern ROW =
      Pattern.compile(
          "\\| (\\S+:\\d+) \\| (`+) ?(.*?) ?\\2 \\| (kept|translated|dropped|\\*\\*needs action\\*\\*) \\| .+ \\|");

  /** The credentials the corpus holds; none may reach a generated file. */
  static final List<String> SECRETS =
      List.of("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE");

  @TempDir Path work;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesTheSubmissionAsReviewed(String name) throws Exception {
    ExternalTools.require("kubectl");
    Path input = CORPUS.resolve(name);
    Path repo = work.resolve("job");
    List<String> environments = new ArrayList<>();
    List<String> args =
        new ArrayList<>(
            List.of(
                "new",
                "job",
                "--output",
                repo.toString(),
                "--submit",
                input.resolve("submit.sh").toString()));
    args.addAll(
        Arrays.asList(Files.readString(input.resolve("sparkgen.args")).strip().split("\\s+")));
    for (String env : args.get(args.indexOf("--envs") + 1).split(",")) {
      environments.add(env.replaceAll(":.*", ""));
    }
    for (String env : environments) {
      if (Files.exists(input.resolve(env + ".conf"))) {
        args.addAll(List.of("--defaults", env + "=" + input.resolve(env + ".conf")));
      }
    }
    StringWriter err = new StringWriter();
    int code =
        SparkgenCommand.commandLine(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();

    Map<String, String> produced = new TreeMap<>();
    produced.put("MIGRATION.md", Files.readString(repo.resolve("MIGRATION.md")));
    produced.put("pom.xml", Files.readString(repo.resolve("pom.xml")));
    Kustomize kubectl = dev.sparkgen.testing.CachedKustomize.kubectl();
    for (String env : environments) {
      String overlay = "k8s/overlays/" + env + "/";
      for (String file :
          List.of("kustomization.yaml", "spark.properties", "shared/kustomization.yaml")) {
        produced.put(overlay + file, Files.readString(repo.resolve(overlay + file)));
      }
      produced.put("rendered/" + env + ".yaml", rendered(kubectl, repo.resolve(overlay)));
    }
    compareWithGolden(GOLDEN.resolve(name), produced);

    everyInputSettingAppearsOnceInItsTable(input, environments, produced.get("MIGRATION.md"));
    assertThat(Files.readString(repo.resolve("README.md")))
        .as("the README points at the report")
        .contains("`MIGRATION.md`");
    List<String> secrets = new ArrayList<>(SECRETS);
    if (Files.exists(input.resolve("planted-secrets.txt"))) {
      secrets.addAll(CredentialLeakTest.planted().values());
    }
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file);
        secrets.forEach(
            secret ->
                assertThat(text)
                    .as(repo.relativize(file) + " holds a credential")
                    .doesNotContain(secret));
      }
    }
    Report report = new Validator(kubectl).validate(JobRepository.open(repo), List.of());
    assertThat(report.findings()).isEmpty();
  }

  /** The table of each environment has one row per input setting, in input order, and no other. */
  static void everyInputSettingAppearsOnceInItsTable(
      Path input, List<String> environments, String report) throws IOException {
    List<StandaloneSetting> submit =
        SubmitScript.parse("submit.sh", Files.readString(input.resolve("submit.sh")));
    for (String env : environments) {
      List<StandaloneSetting> expected = new ArrayList<>(submit);
      Path defaults = input.resolve(env + ".conf");
      if (Files.exists(defaults)) {
        expected.addAll(SparkDefaults.parse(env + ".conf", Files.readString(defaults)));
      }
      List<String> rows = new ArrayList<>();
      for (String line :
          section(report, env)
              .lines()
              .filter(l -> l.startsWith("| ") && !l.startsWith("| Where") && !l.startsWith("| ---"))
              .toList()) {
        Matcher m = ROW.matcher(line);
        assertThat(m.matches()).as("a row of one of the four outcomes: " + line).isTrue();
        rows.add(m.group(1) + " " + m.group(3).replace("\\|", "|"));
      }
      assertThat(rows)
          .as(env)
          .containsExactlyElementsOf(
              expected.stream().map(s -> s.where() + " " + s.written()).toList());
    }
  }

  static String section(String report, String env) {
    int start = report.indexOf("\n## " + env + "\n");
    assertThat(start).as("a section for " + env).isNotNegative();
    int end = report.indexOf("\n## ", start + 1);
    return report.substring(start, end);
  }

  /**
   * What the migration changes in the rendered overlay: the Job, the entry point and, from shared/,
   * the quota.
   */
  static String rendered(Kustomize kubectl, Path overlay) {
    List<Object> kept = new ArrayList<>();
    for (Path dir : List.of(overlay, overlay.resolve("shared"))) {
      Kustomize.Result result = kubectl.render(dir);
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.stderr()).as("kubectl kustomize %s printed warnings", dir).isBlank();
      for (Map<String, Object> doc : Rendered.parse(result.stdout()).documents()) {
        String kind = String.valueOf(doc.get("kind"));
        if (kind.equals("Job")
            || kind.equals("ResourceQuota")
            || kind.equals("ConfigMap") && Rendered.name(doc).contains("-spark-app-")) {
          kept.add(doc);
        }
      }
    }
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
    return new Dump(settings).dumpAllToString(kept.iterator());
  }

  static void compareWithGolden(Path golden, Map<String, String> produced) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      if (Files.exists(golden)) {
        try (Stream<Path> walk = Files.walk(golden)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> e : produced.entrySet()) {
        Path file = golden.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
      }
    }
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(golden)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        expected.put(golden.relativize(file).toString(), Files.readString(file));
      }
    }
    String refresh =
        "If intended: ./mvnw test -Dtest=StandaloneCorpusTest -Dgolden.update=true, then review git diff "
            + golden;
    assertThat(produced.keySet()).as(refresh).containsExactlyElementsOf(expected.keySet());
    produced.forEach(
        (path, text) ->
            assertThat(text)
                .as(path + " differs from the golden copy. " + refresh)
                .isEqualTo(expected.get(path)));
  }
}
