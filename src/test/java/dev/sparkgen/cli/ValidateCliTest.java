package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.JsonSchemas;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * `sparkgen validate` as users run it: exit codes, text and JSON, bad usage, kubectl missing, and
 * what `new` does not load.
 */
@Tag("slow")
class ValidateCliTest {

  @TempDir Path dir;

  Path demo() {
    Path repo = dir.resolve("demo");
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    return repo;
  }

  @Test
  void aCleanRepositoryExitsZero() {
    ExternalTools.require("kubectl");
    CliTest.Run run = CliTest.run("validate", demo().toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("no findings in [dev, prod, staging]");
  }

  @Test
  void findingsExitOneAndNameFileObjectRuleAndFix() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = demo();
    Files.writeString(
        repo.resolve("k8s/overlays/dev/spark.properties"),
        "spark.driver.memory=8g\n",
        java.nio.file.StandardOpenOption.APPEND);

    CliTest.Run run = CliTest.run("validate", repo.toString(), "--env", "dev");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "k8s/overlays/dev/spark.properties: Job/spark-pi-demo-driver: spark.driver.memory 8g plus 819Mi overhead needs 9011Mi, "
                + "over the driver container's memory limit 1536Mi: the kernel kills it (OOMKilled). [driver-resources]")
        .contains("    fix: raise the driver container's resources.limits.memory")
        .contains("1 finding in [dev].");
  }

  @Test
  void jsonOutputIsValidAgainstThePublishedSchema() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = demo();
    Files.writeString(
        repo.resolve("k8s/overlays/prod/spark.properties"),
        "spark.executor.memoryOverhed=1g\n",
        java.nio.file.StandardOpenOption.APPEND);

    CliTest.Run run = CliTest.run("validate", repo.toString(), "--output", "json");

    assertThat(run.exitCode()).isEqualTo(1);
    Object report = new Load(LoadSettings.builder().build()).loadFromString(run.out());
    assertThat(JsonSchemas.validate("sparkgen/validate-report.json", report)).isEmpty();
    assertThat(report)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("clean", false);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> findings =
        (List<Map<String, Object>>) ((Map<String, Object>) report).get("findings");
    assertThat(findings)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("rule", "spark-property-unknown")
                    .containsEntry("environment", "prod")
                    .containsEntry("object", "setting spark.executor.memoryOverhed"));
    // The schema rejects what it should: a finding without a fix.
    findings.get(0).remove("fix");
    assertThat(JsonSchemas.validate("sparkgen/validate-report.json", report)).isNotEmpty();
  }

  @Test
  void anUnknownEnvironmentOrANonRepositoryIsBadUsage() {
    Path repo = demo();

    CliTest.Run env = CliTest.run("validate", repo.toString(), "--env", "qa");
    CliTest.Run notRepo = CliTest.run("validate", dir.toString());
    CliTest.Run output = CliTest.run("validate", repo.toString(), "--output", "xml");

    assertThat(env.exitCode()).isEqualTo(2);
    assertThat(env.err())
        .isEqualTo(
            "sparkgen: Environment 'qa' has no overlay in "
                + repo.resolve("k8s/overlays")
                + "; the repository's environments are [dev, prod, staging].\n");
    assertThat(notRepo.exitCode()).isEqualTo(2);
    assertThat(notRepo.err())
        .startsWith(
            "sparkgen: '" + dir + "' is not a job repository: it has no k8s/overlays/ directory");
    assertThat(output.exitCode()).isEqualTo(2);
    assertThat(output.err()).contains("--output", "xml");
    assertThat(env.out() + notRepo.out()).isEmpty();
  }

  @Test
  void aBadRoleFileIsBadUsageInOneSentence() throws Exception {
    Path repo = demo();
    Path notARole = dir.resolve("quota.yaml");
    Files.writeString(notARole, "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n");

    CliTest.Run missing =
        CliTest.run(
            "validate", repo.toString(), "--tenant-role", dir.resolve("no.yaml").toString());
    CliTest.Run wrongKind =
        CliTest.run("validate", repo.toString(), "--shared-role", notARole.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "sparkgen: --tenant-role '"
                + dir.resolve("no.yaml")
                + "' is not a file; give a ClusterRole or Role YAML file.\n");
    assertThat(wrongKind.exitCode()).isEqualTo(2);
    assertThat(wrongKind.err())
        .isEqualTo(
            "sparkgen: --shared-role '"
                + notARole
                + "' is a ResourceQuota of v1, not a ClusterRole or Role of rbac.authorization.k8s.io/v1.\n");
    assertThat(missing.out() + wrongKind.out()).isEmpty();
  }

  /**
   * A platform team whose tenants hold more than edit (here: everything in the namespace) gives its
   * role, and the overlay's Role and PodTemplate are then theirs to apply; the egress warning
   * stays, printed, without failing.
   */
  @Test
  void aPlatformTeamsTenantRoleReplacesEditAndWarningsDoNotFail() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = demo();
    Path role = dir.resolve("tenant.yaml");
    Files.writeString(
        role,
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: namespace-owner
        rules:
          - apiGroups: ["*"]
            resources: ["*"]
            verbs: ["*"]
        """);

    // The driver's Role in what every deploy applies, which the built-in edit may not create.
    Path staging = repo.resolve("k8s/overlays/staging/kustomization.yaml");
    Files.writeString(
        staging,
        Files.readString(staging)
            .replace("components:\n", "components:\n  - ../../base/components/driver-rbac\n"));

    CliTest.Run builtIn = CliTest.run("validate", repo.toString(), "--env", "staging");
    CliTest.Run own =
        CliTest.run(
            "validate", repo.toString(), "--env", "staging", "--tenant-role", role.toString());

    assertThat(builtIn.exitCode()).isEqualTo(1);
    assertThat(builtIn.out()).contains("[tenant-rights]");
    assertThat(own.exitCode()).isZero();
    assertThat(own.out())
        .doesNotContain("[tenant-rights]")
        .contains(
            "warning: k8s/overlays/staging/kustomization.yaml: NetworkPolicy/spark-pi-demo-driver-api-server: lets the driver connect to ports 443 and 6443 at any address")
        .contains("no findings in [staging] (")
        .endsWith("rules), 1 warning.\n");
  }

  /** The CLI in its own JVM with a given PATH, as a user's shell starts it. */
  static ExternalTools.Result cli(Path workDir, String path, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("PATH", path);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    int exit = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
    return new ExternalTools.Result(exit, Files.readString(out), Files.readString(err));
  }

  @Test
  void withoutKubectlOneLineAndExitOne() throws Exception {
    Path repo = demo();

    ExternalTools.Result run =
        cli(
            dir,
            dir.resolve("no-tools").toString(),
            "dev.sparkgen.cli.SparkgenCommand",
            "validate",
            repo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualTo(
            "sparkgen: kubectl is not on PATH: validate renders the overlays with `kubectl kustomize` "
                + "(kubectl 1.27 or newer, kustomize v5); install it and retry.\n");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void newLoadsNoValidationClass() throws Exception {
    ExternalTools.Result run =
        cli(
            dir,
            System.getenv("PATH"),
            "-verbose:class",
            "dev.sparkgen.cli.SparkgenCommand",
            "new",
            "quick",
            "--output",
            dir.resolve("quick").toString());

    assertThat(run.exitCode()).isZero();
    // Not even the command: `new` builds only its own command line (SparkgenCommand.neededBy).
    assertThat(run.stdout())
        .contains("dev.sparkgen.cli.NewCommand", "dev.sparkgen.plan.PlanRenderer")
        .doesNotContain(
            "dev.sparkgen.cli.ValidateCommand",
            "dev.sparkgen.validate.",
            "com.networknt",
            "tools.jackson")
        // FreeMarker logs to nothing (SparkgenCommand.main), so it sets up no java.util.logging.
        .doesNotContain("java.util.logging.LogManager");
  }
}
