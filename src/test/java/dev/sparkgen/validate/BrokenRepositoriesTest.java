package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken repositories: the demo repository with one ordinary edit each, the way a
 * team would make it (the nine edits of issue 11 that `kubectl kustomize` renders without a word,
 * and a few more), each reported by the right rule on the right file and object. Every edit first
 * asserts that the text it replaces is there, so a template change cannot silently turn an edit
 * into a no-op.
 */
class BrokenRepositoriesTest {

  @TempDir static Path work;
  static Path kubectl;

  /** A textual edit of one file; {@code from == null} appends {@code to}. */
  record Edit(String file, String from, String to) {
    void apply(Path repo) throws Exception {
      Path path = repo.resolve(file);
      String text = Files.readString(path);
      if (from == null) {
        Files.writeString(path, text + to);
      } else {
        assertThat(text).as("the corpus edit's target in %s", file).contains(from);
        Files.writeString(path, text.replace(from, to));
      }
    }
  }

  @BeforeAll
  static void tools() {
    kubectl = ExternalTools.require("kubectl");
  }

  static Stream<Arguments> corpus() {
    String dev = "k8s/overlays/dev/";
    String staging = "k8s/overlays/staging/";
    return Stream.of(
        Arguments.of(
            "namespace renamed, shared/ and skaffold still on the old one",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "namespace: spark-pi-demo-dev",
                    "namespace: payments-dev")),
            "shared-namespace",
            dev + "shared/kustomization.yaml",
            "Namespace/spark-pi-demo-dev"),
        Arguments.of(
            "namespace renamed, skaffold's port forward still in the old one",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "namespace: spark-pi-demo-dev",
                    "namespace: payments-dev")),
            "skaffold-profile",
            "skaffold.yaml",
            "profile dev"),
        Arguments.of(
            "namespace renamed while spark.driver.host still names the old one",
            List.of(
                new Edit(
                    staging + "kustomization.yaml",
                    "namespace: spark-pi-demo-staging",
                    "namespace: payments-staging"),
                new Edit(
                    staging + "spark.properties",
                    null,
                    "spark.driver.host=spark-pi-demo-driver-svc.spark-pi-demo-staging.svc\n")),
            "spark-references",
            staging + "spark.properties",
            "setting spark.driver.host"),
        Arguments.of(
            "a typo in images: leaves the placeholder",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "  - name: spark-app\n    newName:",
                    "  - name: spark-ap\n    newName:")),
            "image-placeholder",
            dev + "kustomization.yaml",
            "Job/spark-pi-demo-driver"),
        Arguments.of(
            "spark.driver.memory=8g against the driver's 1536Mi limit",
            List.of(new Edit(dev + "spark.properties", null, "spark.driver.memory=8g\n")),
            "driver-resources",
            dev + "spark.properties",
            "Job/spark-pi-demo-driver"),
        Arguments.of(
            "64g executors against the dev quota",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    "spark.executor.memory=1g",
                    "spark.executor.memory=64g")),
            "namespace-quota",
            dev + "spark.properties",
            "ResourceQuota/spark-pi-demo-quota"),
        Arguments.of(
            "an invalid label value",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "app.kubernetes.io/instance: \"spark-pi-demo-dev\"",
                    "app.kubernetes.io/instance: \"spark-pi-demo dev\"")),
            "label-values",
            dev + "kustomization.yaml",
            "Job/spark-pi-demo-driver"),
        Arguments.of(
            "namePrefix removed: names collide, and the executors' account is not there",
            List.of(new Edit(dev + "kustomization.yaml", "namePrefix: spark-pi-demo-\n", "")),
            "name-prefix",
            dev + "kustomization.yaml",
            "Job/driver"),
        Arguments.of(
            "namePrefix removed: the executors' account is not there",
            List.of(new Edit(dev + "kustomization.yaml", "namePrefix: spark-pi-demo-\n", "")),
            "spark-references",
            dev + "spark.properties",
            "setting spark.kubernetes.authenticate.executor.serviceAccountName"),
        Arguments.of(
            "overlay directory renamed: skaffold.yaml points at nothing",
            List.of(new Rename("k8s/overlays/staging", "k8s/overlays/stage")),
            "skaffold-overlays",
            "skaffold.yaml",
            "profile staging"),
        Arguments.of(
            "a misspelt Spark property",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    "spark.executor.memoryOverhead=512m",
                    "spark.executor.memoryOverhed=512m")),
            "spark-property-unknown",
            dev + "spark.properties:#spark.executor.memoryOverhed=",
            "setting spark.executor.memoryOverhed"),
        Arguments.of(
            "a duplicated Spark property",
            List.of(new Edit(dev + "spark.properties", null, "spark.executor.instances=3\n")),
            "spark-property-duplicate",
            dev + "spark.properties:#spark.executor.instances=3",
            "setting spark.executor.instances"),
        Arguments.of(
            "a resource the kustomization lists is missing",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "  - ../../base\n",
                    "  - ../../base\n  - extra-policy.yaml\n")),
            "kustomize-build",
            dev + "kustomization.yaml",
            ""),
        Arguments.of(
            "a deprecated kustomize field",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "namePrefix: spark-pi-demo-\n",
                    "namePrefix: spark-pi-demo-\ncommonLabels:\n  team: data\n")),
            "kustomize-warnings",
            dev + "kustomization.yaml",
            ""),
        Arguments.of(
            "an executor label value Spark cannot use",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.kubernetes.executor.label.team=data engineering\n")),
            "label-values",
            dev + "spark.properties",
            "setting spark.kubernetes.executor.label.team"),
        Arguments.of(
            "a wildcard in the driver's Role",
            List.of(new Edit("k8s/base/rbac.yaml", "resources: [\"pods\"]", "resources: [\"*\"]")),
            "rbac",
            dev + "kustomization.yaml",
            "Role/spark-pi-demo-driver"),
        Arguments.of(
            "the executor template writable and root",
            List.of(
                new Edit(
                    "k8s/base/executor-pod-template.yaml",
                    "readOnlyRootFilesystem: true",
                    "readOnlyRootFilesystem: false")),
            "pod-security",
            dev + "kustomization.yaml",
            Rendered.EXECUTOR_TEMPLATE),
        Arguments.of(
            "the executors' image set in a second place",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.kubernetes.container.image=spark-pi-demo:1.0\n")),
            "one-image",
            dev + "spark.properties",
            "setting spark.kubernetes.container.image"),
        Arguments.of(
            "a team's own feature step in place of sparkgen's",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.kubernetes.executor.pod.featureSteps=com.example.demo.OwnStep\n")),
            "one-image",
            dev + "spark.properties",
            "setting spark.kubernetes.executor.pod.featureSteps"),
        Arguments.of(
            "the scheduling object sets a field the executors never get",
            List.of(
                new Edit(
                    "k8s/base/executor-scheduling.yaml",
                    "    containers:\n",
                    "    runtimeClassName: gvisor\n    containers:\n")),
            "executor-scheduling",
            dev + "kustomization.yaml",
            "PodTemplate/spark-pi-demo-executor-scheduling"),
        Arguments.of(
            "a misspelt field inside the scheduling object",
            List.of(
                new Edit(
                    "k8s/base/executor-scheduling.yaml",
                    "    containers:\n",
                    "    tolerations:\n      - key: dedicated\n        operater: Exists\n    containers:\n")),
            "kubernetes-schema",
            dev + "kustomization.yaml",
            "PodTemplate/spark-pi-demo-executor-scheduling"),
        Arguments.of(
            "the scheduling setting names a PodTemplate the overlay does not have",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    "spark.sparkgen.executor.scheduling=spark-pi-demo-executor-scheduling",
                    "spark.sparkgen.executor.scheduling=spark-pi-demo-scheduling")),
            "spark-references",
            dev + "spark.properties",
            "setting spark.sparkgen.executor.scheduling"),
        Arguments.of(
            "the same, so the driver may not read it either",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    "spark.sparkgen.executor.scheduling=spark-pi-demo-executor-scheduling",
                    "spark.sparkgen.executor.scheduling=spark-pi-demo-scheduling")),
            "rbac",
            dev + "kustomization.yaml",
            "Job/spark-pi-demo-driver"),
        Arguments.of(
            "the driver may read every PodTemplate of the namespace",
            List.of(
                new Edit(
                    "k8s/base/rbac.yaml", "    resourceNames: [\"executor-scheduling\"]\n", "")),
            "rbac",
            dev + "kustomization.yaml",
            "Job/spark-pi-demo-driver"),
        Arguments.of(
            "an S3 secret key in spark.properties (a ConfigMap)",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMI/K7MDENG\n")),
            "credentials-in-config",
            dev + "spark.properties",
            "setting spark.hadoop.fs.s3a.secret.key"),
        Arguments.of(
            "AWS keys handed to the executors as plain environment variables",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.executorEnv.AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n")),
            "credentials-in-config",
            dev + "spark.properties",
            "setting spark.executorEnv.AWS_SECRET_ACCESS_KEY"),
        Arguments.of(
            "keys from a Secret for the driver, none for the executors",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "components:\n",
                    "components:\n  - ../../base/components/object-store-secret\n")),
            "executor-credentials",
            dev + "spark.properties",
            "setting spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID"),
        Arguments.of(
            "an executor secretKeyRef without its key",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=spark-pi-demo-object-store\n")),
            "executor-credentials",
            dev + "spark.properties",
            "setting spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID"),
        Arguments.of(
            "an IAM role (IRSA) on the driver's account only",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    null,
                    """
                patches:
                  - target:
                      kind: ServiceAccount
                      name: driver
                    patch: |-
                      apiVersion: v1
                      kind: ServiceAccount
                      metadata:
                        name: driver
                        annotations:
                          eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/spark-pi-demo-dev
                """)),
            "executor-credentials",
            dev + "kustomization.yaml",
            "ServiceAccount/spark-pi-demo-executor"),
        Arguments.of(
            "AKS Workload ID's label on the driver's pod only",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    null,
                    """
                patches:
                  - target:
                      kind: Job
                      name: driver
                    patch: |-
                      - op: add
                        path: /spec/template/metadata/labels/azure.workload.identity~1use
                        value: "true"
                """)),
            "executor-credentials",
            dev + "spark.properties",
            "setting spark.kubernetes.executor.label.azure.workload.identity/use"),
        Arguments.of(
            "event logs to s3a:// from an image without the connector",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.eventLog.enabled=true\nspark.eventLog.dir=s3a://logs/spark-events\n")),
            "event-log-dir",
            dev + "spark.properties",
            "event log directory s3a://logs/spark-events"),
        Arguments.of(
            "the driver writes its event log where the History Server does not read",
            List.of(
                new Edit(
                    dev + "shared/kustomization.yaml",
                    "  # - ../../../base/components/history-server\n",
                    "  - ../../../base/components/history-server\n"),
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.eventLog.enabled=true\nspark.eventLog.dir=file:///var/spark-events/dev\n")),
            "event-log-dir",
            dev + "spark.properties",
            "setting spark.eventLog.dir"),
        Arguments.of(
            "the History Server on an object store without its egress",
            List.of(
                new Edit(
                    dev + "shared/kustomization.yaml",
                    "  # - ../../../base/components/history-server\n",
                    "  - ../../../base/components/history-server\n  - ../../../base/components/history-server-object-store\n"),
                new Edit(
                    dev + "shared/kustomization.yaml",
                    null,
                    """
                    patches:
                      - patch: |-
                          apiVersion: v1
                          kind: ConfigMap
                          metadata:
                            name: history-server-conf
                          data:
                            spark.history.fs.logDirectory: s3a://logs/spark-events
                      - patch: |-
                          $patch: delete
                          apiVersion: networking.k8s.io/v1
                          kind: NetworkPolicy
                          metadata:
                            name: history-server-object-store
                    """)),
            "event-log-dir",
            dev + "shared/kustomization.yaml",
            "Deployment/spark-pi-demo-history-server"),
        Arguments.of(
            "the History Server's log directory set in its ConfigMap, which only history-server-object-store reads",
            List.of(
                new Edit(
                    dev + "shared/kustomization.yaml",
                    "  # - ../../../base/components/history-server\n",
                    "  - ../../../base/components/history-server\n"),
                new Edit(
                    dev + "shared/kustomization.yaml",
                    null,
                    """
                    patches:
                      - patch: |-
                          apiVersion: v1
                          kind: ConfigMap
                          metadata:
                            name: history-server-conf
                          data:
                            spark.history.fs.logDirectory: s3a://logs/spark-events
                    """)),
            "event-log-dir",
            dev + "shared/kustomization.yaml",
            "Deployment/spark-pi-demo-history-server"));
  }

  /** Renames a directory. */
  record Rename(String from, String to) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenRepositoryIsReportedWithTheRightObjectAndRule(
      String what, List<Object> edits, String rule, String file, String object) throws Exception {
    Path repo = work.resolve(what.replaceAll("[^a-z0-9]+", "-"));
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    for (Object edit : edits) {
      if (edit instanceof Edit e) {
        e.apply(repo);
      } else if (edit instanceof Rename r) {
        Files.move(repo.resolve(r.from()), repo.resolve(r.to()));
      }
    }

    Report report =
        new Validator(Kustomize.kubectlOnPath()).validate(JobRepository.open(repo), List.of());

    String expectedFile = lineOf(repo, file);
    assertThat(report.findings())
        .as(
            what
                + ":\n"
                + String.join("\n", report.findings().stream().map(Object::toString).toList()))
        .anySatisfy(
            f -> {
              assertThat(f.rule()).isEqualTo(rule);
              assertThat(f.file()).isEqualTo(expectedFile);
              assertThat(object.isEmpty() ? "" : f.object()).contains(object);
              assertThat(f.message()).isNotBlank();
              assertThat(f.fix()).isNotBlank();
            });
  }

  /**
   * FILE:#TEXT names the line of FILE that starts with TEXT (the last one), so template changes
   * above it do not matter.
   */
  static String lineOf(Path repo, String file) throws Exception {
    int marker = file.indexOf(":#");
    if (marker < 0) {
      return file;
    }
    String path = file.substring(0, marker);
    List<String> lines = Files.readAllLines(repo.resolve(path));
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(file.substring(marker + 2))) {
        return path + ":" + (i + 1);
      }
    }
    throw new AssertionError("no line starting with " + file.substring(marker + 2) + " in " + path);
  }

  @Test
  void aMisspeltPropertyGetsTheRealNameAsSuggestion() throws Exception {
    Path repo = work.resolve("suggestion");
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    new Edit(
            "k8s/overlays/prod/spark.properties",
            null,
            "spark.dynamicAllocation.maxExecutor=30\nspark.kubernetes.executor.label.team=data\n")
        .apply(repo);

    Report report =
        new Validator(Kustomize.kubectlOnPath())
            .validate(JobRepository.open(repo), List.of("prod"));

    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("spark-property-unknown");
              assertThat(f.message())
                  .contains("did you mean spark.dynamicAllocation.maxExecutors?");
              assertThat(f.fix()).isEqualTo("rename it to spark.dynamicAllocation.maxExecutors.");
            });
  }
}
