package dev.sparkgen.cli;

import static dev.sparkgen.testing.ExternalTools.commitAll;
import static dev.sparkgen.testing.ExternalTools.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.k8s.Render;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository generated before the tenant layout (by sparkgen at c52fe61, kept as generated in
 * src/test/resources/upgrade/before-tenant-layout/job), upgraded by today's sparkgen: the
 * PodTemplate and its Kustomize configuration leave the base, the driver's Role and RoleBinding
 * move from what every deploy applies to shared/, each overlay gets its scheduling file and its
 * tier, and the team's edits stay; where the team had scheduled its executors with the PodTemplate
 * patch, the upgrade stops at a conflict instead of dropping it, and validate names the way out.
 */
@Tag("slow")
class UpgradeToTenantLayoutTest {

  static final Path BEFORE = Path.of("src/test/resources/upgrade/before-tenant-layout/job");

  @TempDir Path dir;

  Path repo;
  Path kubectl;

  @BeforeEach
  void committedAsGeneratedThen() throws Exception {
    ExternalTools.require("git");
    kubectl = ExternalTools.require("kubectl");
    repo = dir.resolve("job");
    try (Stream<Path> files = Files.walk(BEFORE)) {
      for (Path p : files.toList()) {
        Path to = repo.resolve(BEFORE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    repo.resolve("mvnw").toFile().setExecutable(true);
    git(repo, "init", "-q", "-b", "main");
    commitAll(repo, "sparkgen new (before the tenant layout)");
  }

  @Test
  void movesTheRoleToSharedRemovesThePodTemplateAndKeepsTheTeamsEdits() throws Exception {
    Path prodProperties = repo.resolve("k8s/overlays/prod/spark.properties");
    Files.writeString(
        prodProperties, Files.readString(prodProperties) + "spark.sql.shuffle.partitions=400\n");
    commitAll(repo, "tune prod");
    assertThat(Render.kustomize(kubectl, repo.resolve("k8s/overlays/prod")).ofKind("PodTemplate"))
        .as("before: every deploy applies a PodTemplate")
        .hasSize(1);

    Run run = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            "deleted    k8s/base/podtemplate-names.yaml",
            "deleted    k8s/base/rbac.yaml",
            "created    k8s/base/components/driver-rbac/rbac.yaml",
            "created    k8s/overlays/prod/executor-scheduling.yaml",
            // Every file under its own name, so that skaffold dev watches it (issue 29).
            "deleted    k8s/base/executor-pod-template.yaml",
            "created    k8s/base/executor.yaml");
    try (Stream<Path> files = Files.walk(repo.resolve("k8s"))) {
      for (Path kustomization :
          files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
        Object content = dev.sparkgen.spec.BoundedYaml.load(Files.readString(kustomization));
        for (String field : new String[] {"configMapGenerator", "secretGenerator"}) {
          for (Map<String, Object> generator : Rendered.list(Rendered.at(content, field))) {
            assertThat(Rendered.strings(generator.get("files")))
                .as("%s: no key=path generator entry", repo.relativize(kustomization))
                .noneMatch(f -> f.contains("="));
          }
        }
      }
    }
    // The job's ConfigMaps of earlier settings are deleted after each deploy (issue 29).
    assertThat(Files.readString(repo.resolve("skaffold.yaml")))
        .contains("-l sparkgen.dev/job-config,app.kubernetes.io/name=job -o name");
    assertThat(repo.resolve("k8s/base/rbac.yaml")).doesNotExist();
    assertThat(repo.resolve("k8s/base/podtemplate-names.yaml")).doesNotExist();
    assertThat(
            repo.resolve(
                "src/sparkgen/test/java/dev/sparkgen/runtime/ExecutorSchedulingApiIT.java"))
        .doesNotExist();
    assertThat(Files.readString(prodProperties)).endsWith("spark.sql.shuffle.partitions=400\n");
    for (String env : new String[] {"dev", "staging", "prod"}) {
      Rendered overlay = Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env));
      assertThat(overlay.kindsAndNames())
          .as("%s: what every deploy applies", env)
          .noneMatch(
              k ->
                  k.startsWith("Role/")
                      || k.startsWith("RoleBinding/")
                      || k.startsWith("PodTemplate/"));
      assertThat(
              Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env + "/shared"))
                  .kindsAndNames())
          .as("%s: shared/", env)
          .contains("Role/job-driver", "RoleBinding/job-driver");
      assertThat(overlay.find("ConfigMap", "job-spark-env-conf"))
          .as("%s: the environment's settings in their own ConfigMap", env)
          .hasSize(1);
    }
    assertThat(
            Render.kustomize(kubectl, repo.resolve("k8s/overlays/prod"))
                .sparkProperties()
                .getProperty("spark.sql.shuffle.partitions"))
        .as("the team's prod setting, read last")
        .isEqualTo("400");
    Run validate = CliTest.run("validate", repo.toString());
    assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
  }

  @Test
  void executorsScheduledByThePodTemplatePatchStopTheUpgradeAtAConflict() throws Exception {
    Path kustomization = repo.resolve("k8s/overlays/prod/kustomization.yaml");
    String text = Files.readString(kustomization);
    int start = text.indexOf("#   - target:\n#       kind: PodTemplate");
    assertThat(start).as("the commented PodTemplate patch").isPositive();
    int end = text.indexOf("\n\n", start);
    String uncommented =
        text.substring(start, end)
            .lines()
            .map(l -> l.substring(2))
            .reduce((a, b) -> a + "\n" + b)
            .orElseThrow();
    Files.writeString(
        kustomization,
        text.substring(0, start).replace("\n# patches:\n", "\npatches:\n")
            + uncommented
            + text.substring(end));
    assertThat(Render.kustomize(kubectl, repo.resolve("k8s/overlays/prod")).text())
        .as("the team's scheduling, before")
        .contains("priorityClassName: spark-batch");
    commitAll(repo, "schedule prod's executors");
    String before = git(repo, "rev-parse", "HEAD");

    Run run = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("conflict   k8s/overlays/prod/kustomization.yaml");
    assertThat(Files.readString(kustomization))
        .as("the team's patch is still there, inside the markers")
        .contains("<<<<<<<", "kind: PodTemplate", "priorityClassName: spark-batch");
    assertThat(git(repo, "rev-parse", "HEAD")).as("nothing committed").isEqualTo(before);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
