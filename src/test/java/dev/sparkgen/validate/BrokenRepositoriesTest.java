package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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
@Tag("slow")
class BrokenRepositoriesTest {

  @TempDir static Path work;
  static Path kubectl;

  /**
   * A textual edit of one file; {@code from == null} appends {@code to} (to a new file if there is
   * none).
   */
  record Edit(String file, String from, String to) {
    void apply(Path repo) throws Exception {
      Path path = repo.resolve(file);
      String text = from == null && !Files.exists(path) ? "" : Files.readString(path);
      if (from == null) {
        Files.writeString(path, text + to);
      } else {
        assertThat(text).as("the corpus edit's target in %s", file).contains(from);
        Files.writeString(path, text.replace(from, to));
      }
    }
  }

  /** An edit of the overlay's shared/ kustomization patching the quota's hard limits. */
  static Edit quotaPatch(String shared, String... hard) {
    StringBuilder patch =
        new StringBuilder(
            "patches:\n  - patch: |-\n      apiVersion: v1\n      kind: ResourceQuota\n"
                + "      metadata:\n        name: quota\n      spec:\n        hard:\n");
    for (String limit : hard) {
      patch.append("          ").append(limit).append('\n');
    }
    return new Edit(shared, null, patch.toString());
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
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml",
                    "resources: [\"pods\"]",
                    "resources: [\"*\"]")),
            "rbac",
            dev + "shared/kustomization.yaml",
            "Role/spark-pi-demo-driver"),
        Arguments.of(
            "the executor template writable and root",
            List.of(
                new Edit(
                    "k8s/base/executor.yaml",
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
            "the executors' disk without a limit",
            List.of(
                new Edit(
                    "k8s/base/executor.yaml",
                    "        limits:\n          ephemeral-storage: 12Gi\n",
                    "")),
            "disk-limits",
            dev + "kustomization.yaml",
            Rendered.EXECUTOR_TEMPLATE),
        Arguments.of(
            "the executors' scratch volume as big as their disk limit",
            List.of(new Edit("k8s/base/executor.yaml", "sizeLimit: 8Gi", "sizeLimit: 10Gi")),
            "disk-limits",
            dev + "kustomization.yaml",
            Rendered.EXECUTOR_TEMPLATE),
        Arguments.of(
            "the schedule component without its transformer",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "  # - ../../base/components/schedule",
                    "  - ../../base/components/schedule")),
            "schedule-job-patches",
            dev + "kustomization.yaml",
            "components: schedule"),
        Arguments.of(
            "the schedule transformer without its component",
            List.of(
                new Edit(
                    dev + "kustomization.yaml",
                    "# transformers:\n#   - ../../base/components/schedule/job-to-cronjob",
                    "transformers:\n  - ../../base/components/schedule/job-to-cronjob")),
            "schedule-job-patches",
            dev + "kustomization.yaml",
            "transformers: schedule/job-to-cronjob"),
        Arguments.of(
            "the scheduling file sets a field the executors never get",
            List.of(
                new Edit(
                    dev + "executor-scheduling.yaml",
                    "spec:\n",
                    "spec:\n  runtimeClassName: gvisor\n")),
            "executor-scheduling",
            dev + "executor-scheduling.yaml",
            "executor scheduling"),
        Arguments.of(
            "the scheduling file is not a Pod",
            List.of(new Edit(dev + "executor-scheduling.yaml", "kind: Pod", "kind: PodTemplate")),
            "executor-scheduling",
            dev + "executor-scheduling.yaml",
            "executor scheduling"),
        Arguments.of(
            "the scheduling setting names a file nothing mounts",
            List.of(
                new Edit(
                    dev + "spark.properties",
                    null,
                    "spark.sparkgen.executor.scheduling=/opt/spark/pod-templates/scheduling.yaml\n")),
            "executor-scheduling",
            dev + "spark.properties",
            "setting spark.sparkgen.executor.scheduling"),
        Arguments.of(
            "a PodTemplate object in what every deploy applies",
            List.of(
                new Edit(
                    "k8s/base/driver-service.yaml",
                    null,
                    "---\napiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: executor-scheduling\ntemplate:\n  spec:\n    containers:\n      - name: executor\n        image: scheduling-only\n")),
            "executor-scheduling",
            dev + "kustomization.yaml",
            "PodTemplate/spark-pi-demo-executor-scheduling"),
        Arguments.of(
            "the driver may also get configmaps",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml",
                    "resources: [\"pods\"]",
                    "resources: [\"pods\", \"configmaps\"]")),
            "rbac",
            dev + "shared/kustomization.yaml",
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

  /**
   * Broken repositories whose findings are pinned whole (rule, file, object, message, fix), in dev
   * only: each kills a mutant of {@link Rules} that the corpus above, which matches the rule and
   * object only, let live. A case with no expected finding is a variant the rule must accept.
   */
  static Stream<Arguments> exact() {
    String dev = "k8s/overlays/dev/";
    String props = dev + "spark.properties";
    String kust = dev + "kustomization.yaml";
    String shared = dev + "shared/kustomization.yaml";
    String historyServer = "  # - ../../../base/components/history-server\n";
    String executorLabel = "spark.kubernetes.executor.label.";
    String name63 = "team-" + "a".repeat(58);
    String prefix253 = ("a".repeat(62) + ".").repeat(4) + "a";
    String prefix57 = "spark-pi-demo-" + "x".repeat(42) + "-";
    String podsVerbs =
        "    verbs: [\"get\", \"list\", \"watch\", \"create\", \"delete\", \"deletecollection\"]\n";
    String pvcRule =
        "  - apiGroups: [\"\"]\n    resources: [\"persistentvolumeclaims\"]\n"
            + "    verbs: [\"get\", \"list\", \"watch\", \"create\", \"delete\", \"deletecollection\"]\n";
    return Stream.of(
        Arguments.of(
            "the driver's Role may not delete pods, exactly",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml",
                    "\"create\", \"delete\", \"deletecollection\"",
                    "\"create\"")),
            "rbac",
            List.of(
                dev(
                    "rbac",
                    shared,
                    "Job/spark-pi-demo-driver",
                    "its account spark-pi-demo-driver may not [delete, deletecollection] pods, which Spark's driver does to manage executors.",
                    "grant pods [create, delete, deletecollection, get, list, watch] in the driver's Role (k8s/base/components/driver-rbac/rbac.yaml, applied with shared/)."))),
        Arguments.of(
            "Spark's executor ConfigMap switched back on, exactly",
            List.of(new Edit(props, null, "spark.kubernetes.executor.disableConfigMap=false\n")),
            "rbac",
            List.of(
                dev(
                    "rbac",
                    shared,
                    "Job/spark-pi-demo-driver",
                    "its account spark-pi-demo-driver may not [create, deletecollection] configmaps, which Spark's driver does while spark.kubernetes.executor.disableConfigMap is at Spark's default.",
                    "set spark.kubernetes.executor.disableConfigMap=true as k8s/base/spark.properties does, rather than granting more."))),
        Arguments.of(
            "the driver may get podtemplates, which nothing reads any more, exactly",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml",
                    podsVerbs,
                    podsVerbs
                        + "  - apiGroups: [\"\"]\n    resources: [\"podtemplates\"]\n    verbs: [\"get\"]\n")),
            "rbac",
            List.of(
                dev(
                    "rbac",
                    shared,
                    "Job/spark-pi-demo-driver",
                    "its account spark-pi-demo-driver may [get] podtemplates, more than Spark's driver needs.",
                    "remove those verbs from the driver's Role."))),
        Arguments.of(
            "the driver container renamed, spark.driver.memory=8g",
            List.of(
                new Edit(
                    "k8s/base/job.yaml",
                    "        - name: driver             # the executor",
                    "        - name: spark              # the executor"),
                new Edit(props, null, "spark.driver.memory=8g\n")),
            "driver-resources",
            List.of(
                dev(
                    "driver-resources",
                    props,
                    "Job/spark-pi-demo-driver",
                    "spark.driver.memory 8g plus 819Mi overhead needs 9011Mi, over the driver container's memory limit 1536Mi: the kernel kills it (OOMKilled).",
                    "raise the driver container's resources.limits.memory (and requests) in a patch of k8s/overlays/dev/kustomization.yaml to at least 9011Mi, or lower spark.driver.memory."))),
        Arguments.of(
            "namePrefix removed, exactly",
            List.of(new Edit(kust, "namePrefix: spark-pi-demo-\n", "")),
            "spark-references",
            List.of(
                dev(
                    "spark-references",
                    props,
                    "setting spark.kubernetes.authenticate.executor.serviceAccountName",
                    "names ServiceAccount spark-pi-demo-executor, which the environment does not have (it has [driver, executor]): Spark cannot create the executors.",
                    "set it to the executors' ServiceAccount the overlay renders (executor), or restore the namePrefix it assumes."))),
        Arguments.of(
            "the executor template file is not where the driver mounts templates",
            List.of(
                new Edit(
                    props,
                    null,
                    "spark.kubernetes.executor.podTemplateFile=/opt/spark/templates/executor.yaml\n")),
            "spark-references",
            List.of(
                dev(
                    "spark-references",
                    props,
                    "setting spark.kubernetes.executor.podTemplateFile",
                    "names /opt/spark/templates/executor.yaml, but the driver container mounts nothing at /opt/spark/templates.",
                    "point it at the file mounted from ConfigMap spark-pod-templates (/opt/spark/pod-templates/ in k8s/base) or mount its ConfigMap there."))),
        Arguments.of(
            "event logs on the History Server's claim in shared/",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/event-logs\n",
                    "  - ../../base/components/event-logs\n"),
                new Edit(shared, historyServer, historyServer.replace("# ", ""))),
            null,
            List.of()),
        Arguments.of(
            "the driver's log persisted with no directory to go to",
            List.of(new Edit(props, null, "spark.driver.log.persistToDfs.enabled=true\n")),
            "event-log-dir",
            List.of(
                dev(
                    "event-log-dir",
                    props,
                    "setting spark.driver.log.dfsDir",
                    "is not set while spark.driver.log.persistToDfs.enabled is true: Spark keeps no copy of the driver's log.",
                    "set it to a directory of its own beside spark.eventLog.dir."))),
        Arguments.of(
            "the driver's log in the event-log directory, where the History Server takes it for an event log",
            List.of(
                new Edit(
                    props,
                    null,
                    "spark.eventLog.enabled=true\nspark.eventLog.dir=file:///var/logs/\n"
                        + "spark.driver.log.persistToDfs.enabled=true\nspark.driver.log.dfsDir=file:/var/logs\n")),
            "event-log-dir",
            List.of(
                dev(
                    "event-log-dir",
                    props,
                    "setting spark.driver.log.dfsDir",
                    "is the event-log directory file:/var/logs: the History Server reads every driver log there as a broken event log.",
                    "give the driver's log a directory of its own (file:///var/logs/driver-logs)."))),
        Arguments.of(
            "the driver's log where the History Server's cleaner does not look",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/event-logs\n",
                    "  - ../../base/components/event-logs\n"),
                new Edit(shared, historyServer, historyServer.replace("# ", "")),
                new Edit(
                    props, null, "spark.driver.log.dfsDir=file:///var/spark-events/drivers\n")),
            "event-log-dir",
            List.of(
                dev(
                    "event-log-dir",
                    shared,
                    "History Server's spark.driver.log.dfsDir",
                    "is file:///var/spark-events/driver-logs while the driver writes its log to file:///var/spark-events/drivers: its cleaner never deletes those logs.",
                    "set spark.driver.log.dfsDir to file:///var/spark-events/drivers in its ConfigMap history-server-conf."))),
        Arguments.of(
            "an AWS secret key as a literal in the driver's environment",
            List.of(
                new Edit(
                    kust,
                    null,
                    """
                patches:
                  - patch: |-
                      apiVersion: batch/v1
                      kind: Job
                      metadata:
                        name: driver
                      spec:
                        template:
                          spec:
                            containers:
                              - name: driver
                                env:
                                  - name: AWS_SECRET_ACCESS_KEY
                                    value: wJalrXUtnFEMI/K7MDENG
                """)),
            "credentials-in-config",
            List.of(
                dev(
                    "credentials-in-config",
                    kust,
                    "Job/spark-pi-demo-driver",
                    "container driver sets AWS_SECRET_ACCESS_KEY to a literal value: it is readable in the pod spec (and, in the executor template, in a ConfigMap).",
                    "take it from a Secret: valueFrom.secretKeyRef (component object-store-secret)."))),
        Arguments.of(
            "an invalid label on the scheduled runs' pods",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/schedule\n",
                    "  - ../../base/components/schedule\n"),
                new Edit(
                    kust,
                    null,
                    """
                transformers:
                  - ../../base/components/schedule/job-to-cronjob
                patches:
                  - target:
                      kind: Job
                      name: driver
                    patch: |-
                      - op: add
                        path: /spec/template/metadata/labels/team
                        value: data engineering
                """)),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    kust,
                    "CronJob/spark-pi-demo-driver",
                    "label team has the invalid value 'data engineering'; the API server rejects the object (executors: Spark fails to create them).",
                    "use at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "the History Server on an object store without its egress, exactly",
            List.of(
                new Edit(
                    shared,
                    historyServer,
                    "  - ../../../base/components/history-server\n  - ../../../base/components/history-server-object-store\n"),
                new Edit(
                    shared,
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
            List.of(
                dev(
                    "event-log-dir",
                    shared,
                    "event log directory s3a://logs/spark-events",
                    "is on s3a://, but pom.xml has no hadoop-aws: the image has no connector for it and Spark fails with \"No FileSystem for scheme\".",
                    "add the connector: sparkgen upgrade --object-store s3a."),
                dev(
                    "event-log-dir",
                    shared,
                    "Deployment/spark-pi-demo-history-server",
                    "reads its event logs from s3a://logs/spark-events, but no NetworkPolicy lets it open HTTPS connections: it shows no application.",
                    "list component history-server-object-store after history-server."))),
        Arguments.of(
            "the History Server on an object store with its connector and egress",
            List.of(
                new Edit(
                    shared,
                    historyServer,
                    "  - ../../../base/components/history-server\n  - ../../../base/components/history-server-object-store\n"),
                new Edit(
                    shared,
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
                    """),
                new Edit(
                    "pom.xml",
                    "  <dependencies>\n",
                    "  <dependencies>\n    <dependency>\n      <groupId>org.apache.hadoop</groupId>\n      <artifactId>hadoop-aws</artifactId>\n    </dependency>\n")),
            "event-log-dir",
            List.of()),
        Arguments.of(
            "the History Server's log directory in its ConfigMap, exactly",
            List.of(
                new Edit(shared, historyServer, historyServer.replace("# ", "")),
                new Edit(
                    shared,
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
            List.of(
                dev(
                    "event-log-dir",
                    shared,
                    "Deployment/spark-pi-demo-history-server",
                    "never reads spark.history.fs.logDirectory of its ConfigMap (s3a://logs/spark-events): it reads history-server.properties only, and its volume.",
                    "list component history-server-object-store after history-server."))),
        Arguments.of(
            "spark.driver.cores=2 against the driver's CPU limit of 1",
            List.of(new Edit(props, null, "spark.driver.cores=2\n")),
            "driver-resources",
            List.of(
                dev(
                    "driver-resources",
                    props,
                    "Job/spark-pi-demo-driver",
                    "spark.driver.cores 2 exceeds the driver container's CPU limit 1: it is throttled.",
                    "raise resources.limits.cpu of the driver container or lower spark.driver.cores."))),
        Arguments.of(
            "spark.executor.cores=2 against the executors' CPU limit of 1",
            List.of(new Edit(props, "spark.executor.cores=1\n", "spark.executor.cores=2\n")),
            "executor-cores",
            List.of(
                dev(
                    "executor-cores",
                    props,
                    "setting spark.executor.cores",
                    "runs 2 tasks at once in each executor, whose CPU limit is 1: they are throttled.",
                    "raise spark.kubernetes.executor.limit.cores to 2 or lower spark.executor.cores."))),
        Arguments.of(
            "the executors' CPU limit 0, meant as no limit",
            List.of(
                new Edit(
                    props,
                    "spark.kubernetes.executor.limit.cores=1\n",
                    "spark.kubernetes.executor.limit.cores=0\n")),
            "executor-cores",
            List.of(
                dev(
                    "executor-cores",
                    props,
                    "setting spark.kubernetes.executor.request.cores",
                    "requests 500m CPU, more than the limit 0: the API server rejects every executor pod.",
                    "make spark.kubernetes.executor.request.cores at most spark.kubernetes.executor.limit.cores."),
                dev(
                    "executor-cores",
                    props,
                    "setting spark.executor.cores",
                    "runs 1 tasks at once in each executor, whose CPU limit is 0: they are throttled.",
                    "raise spark.kubernetes.executor.limit.cores to 1 or lower spark.executor.cores."))),
        Arguments.of(
            "a quota 1Mi short of the driver and the executors with off-heap memory",
            List.of(
                new Edit(
                    props,
                    null,
                    "spark.memory.offHeap.enabled=true\nspark.memory.offHeap.size=512m\n"),
                quotaPatch(shared, "limits.memory: 5631Mi", "pods: \"2\"")),
            "namespace-quota",
            List.of(
                dev(
                    "namespace-quota",
                    props,
                    "ResourceQuota/spark-pi-demo-quota",
                    "quota limits.memory 5631Mi cannot hold the driver (1536Mi) and 2 executors of 2Gi = 5632Mi: executors beyond it are never created.",
                    "lower spark.executor.memory/memoryOverhead, the executor cores or spark.executor.instances, or raise the quota."),
                dev(
                    "namespace-quota",
                    props,
                    "ResourceQuota/spark-pi-demo-quota",
                    "quota pods 2 is less than the driver and 2 executors.",
                    "lower spark.executor.instances or raise the quota."))),
        Arguments.of(
            "the executor count left to Spark's default",
            List.of(new Edit(props, "spark.executor.instances=2\n", "")),
            "namespace-quota",
            List.of()),
        Arguments.of(
            "dynamic allocation without a maximum",
            List.of(
                new Edit(
                    props,
                    "spark.dynamicAllocation.enabled=false\nspark.executor.instances=2\n",
                    "spark.dynamicAllocation.enabled=true\n")),
            "namespace-quota",
            List.of(
                dev(
                    "namespace-quota",
                    props,
                    "setting spark.dynamicAllocation.maxExecutors",
                    "is not set, so the executors are unbounded against the namespace quota.",
                    "set spark.dynamicAllocation.maxExecutors to a number of executors the quota admits."))),
        Arguments.of(
            "kueue switched on as the overlay says: nothing to report, of any rule",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/kueue\n",
                    "  - ../../base/components/kueue\n")),
            null,
            List.of()),
        Arguments.of(
            "yunikorn switched on as the overlay says: nothing to report, of any rule",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/yunikorn\n",
                    "  - ../../base/components/yunikorn\n")),
            null,
            List.of()),
        Arguments.of(
            "kueue with the executors in another LocalQueue than the Job",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/kueue\n",
                    "  - ../../base/components/kueue\n"),
                new Edit(
                    props,
                    null,
                    "spark.kubernetes.executor.label.kueue.x-k8s.io/queue-name=other\n")),
            "queues",
            List.of(
                dev(
                    "queues",
                    props,
                    "setting spark.kubernetes.executor.label.kueue.x-k8s.io/queue-name",
                    "is \"other\" while the Job spark-pi-demo-driver waits in Kueue's LocalQueue \"spark\", so its executors are admitted by another queue.",
                    "set spark.kubernetes.executor.label.kueue.x-k8s.io/queue-name=spark."))),
        Arguments.of(
            "yunikorn with the executors left to the default scheduler",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/yunikorn\n",
                    "  - ../../base/components/yunikorn\n"),
                new Edit(props, null, "spark.kubernetes.scheduler.name=default-scheduler\n")),
            "queues",
            List.of(
                dev(
                    "queues",
                    props,
                    "setting spark.kubernetes.scheduler.name",
                    "does not name yunikorn while the driver's pod does: the executors would wait outside YuniKorn's queue.",
                    "switch on component yunikorn, which sets both, or neither."))),
        Arguments.of(
            "both queues on",
            List.of(
                new Edit(
                    kust,
                    "  # - ../../base/components/kueue\n",
                    "  - ../../base/components/kueue\n"),
                new Edit(
                    kust,
                    "  # - ../../base/components/yunikorn\n",
                    "  - ../../base/components/yunikorn\n")),
            "queues",
            List.of(
                dev(
                    "queues",
                    kust,
                    "components: kueue, yunikorn",
                    "are both on: Kueue admits the Job against its quota while YuniKorn schedules the pods against another.",
                    "keep the one queue your cluster runs."))),
        Arguments.of(
            "a misspelt field in skaffold.yaml",
            List.of(new Edit("skaffold.yaml", "  statusCheck: true\n", "  statusChek: true\n")),
            "skaffold-schema",
            List.of(
                new Finding(
                    "skaffold-schema",
                    null,
                    "skaffold.yaml",
                    null,
                    "is invalid against the skaffold/v4beta13 schema: /deploy: property 'statusChek' is not defined in the schema and the schema does not allow additional properties.",
                    "correct the field; skaffold refuses the file otherwise."))),
        Arguments.of(
            "skaffold's hook applies a shared/ directory that is not there",
            List.of(
                new Edit(
                    "skaffold.yaml",
                    "kubectl apply -k k8s/overlays/dev/shared ",
                    "kubectl apply -k k8s/overlays/dev/common ")),
            "skaffold-overlays",
            List.of(
                new Finding(
                    "skaffold-overlays",
                    null,
                    "skaffold.yaml",
                    "the default pipeline",
                    "applies k8s/overlays/dev/common in a before-deploy hook, which is not a kustomization.",
                    "point the hook at the overlay's shared/ directory."),
                new Finding(
                    "skaffold-overlays",
                    null,
                    "skaffold.yaml",
                    "profile dev",
                    "applies k8s/overlays/dev/common in a before-deploy hook, which is not a kustomization.",
                    "point the hook at the overlay's shared/ directory."))),
        Arguments.of(
            "an invalid label value in the executor pod template",
            List.of(
                new Edit(
                    "k8s/base/executor.yaml",
                    "    spark-role: executor\n",
                    "    spark-role: executor\n    team: data engineering\n")),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    kust,
                    Rendered.EXECUTOR_TEMPLATE,
                    "label team has the invalid value 'data engineering'; the API server rejects the object (executors: Spark fails to create them).",
                    "use at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "an executor label name of 63 characters, the most Kubernetes allows",
            List.of(new Edit(props, null, executorLabel + name63 + "=x\n")),
            "label-values",
            List.of()),
        Arguments.of(
            "an executor label name of 64 characters",
            List.of(new Edit(props, null, executorLabel + name63 + "s=x\n")),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    props,
                    "setting " + executorLabel + name63 + "s",
                    "label key '" + name63 + "s' is invalid.",
                    "use [prefix/]name with a name of at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "an executor label prefix of 253 characters, the most Kubernetes allows",
            List.of(new Edit(props, null, executorLabel + prefix253 + "/team=x\n")),
            "label-values",
            List.of()),
        Arguments.of(
            "an executor label prefix of 254 characters",
            List.of(new Edit(props, null, executorLabel + prefix253 + "a/team=x\n")),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    props,
                    "setting " + executorLabel + prefix253 + "a/team",
                    "label key '" + prefix253 + "a/team' is invalid.",
                    "use [prefix/]name with a name of at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "an executor label name without prefix, in capitals and with an underscore",
            List.of(new Edit(props, null, executorLabel + "Cost_Center=x\n")),
            "label-values",
            List.of()),
        Arguments.of(
            "an executor label whose prefix is not a DNS subdomain",
            List.of(new Edit(props, null, executorLabel + "Example.com/team=x\n")),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    props,
                    "setting " + executorLabel + "Example.com/team",
                    "label key 'Example.com/team' is invalid.",
                    "use [prefix/]name with a name of at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "the driver may also update and patch pods",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml",
                    "\"create\", \"delete\"",
                    "\"create\", \"update\", \"patch\", \"delete\"")),
            "rbac",
            List.of(
                dev(
                    "rbac",
                    shared,
                    "Job/spark-pi-demo-driver",
                    "its account spark-pi-demo-driver may [patch, update] pods, more than Spark's driver needs.",
                    "remove those verbs from the driver's Role."))),
        Arguments.of(
            "the executors' access key id from the Secret's other key",
            List.of(
                new Edit(
                    kust,
                    "components:\n",
                    "components:\n  - ../../base/components/object-store-secret\n"),
                new Edit(
                    props,
                    null,
                    "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=spark-pi-demo-object-store:AWS_SECRET_ACCESS_KEY\n"
                        + "spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY=spark-pi-demo-object-store:AWS_SECRET_ACCESS_KEY\n")),
            "executor-credentials",
            List.of(
                dev(
                    "executor-credentials",
                    props,
                    "setting spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID",
                    "the driver takes AWS_ACCESS_KEY_ID from Secret spark-pi-demo-object-store:AWS_ACCESS_KEY_ID, the executors from spark-pi-demo-object-store:AWS_SECRET_ACCESS_KEY: the driver lists the files and the executors' tasks fail to read them.",
                    "set spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=spark-pi-demo-object-store:AWS_ACCESS_KEY_ID."))),
        Arguments.of(
            "the executor template file in a mounted ConfigMap that does not hold it",
            List.of(
                new Edit(
                    kust,
                    null,
                    """
                  - name: team-templates
                    options:
                      disableNameSuffixHash: true
                    literals:
                      - owner=data-platform
                patches:
                  - target:
                      kind: Job
                      name: driver
                    patch: |-
                      - op: add
                        path: /spec/template/spec/volumes/-
                        value:
                          name: team-templates
                          configMap:
                            name: team-templates
                      - op: add
                        path: /spec/template/spec/containers/0/volumeMounts/-
                        value:
                          name: team-templates
                          mountPath: /opt/spark/team-templates
                          readOnly: true
                """),
                new Edit(
                    props,
                    null,
                    "spark.kubernetes.executor.podTemplateFile=/opt/spark/team-templates/executor.yaml\n")),
            "spark-references",
            List.of(
                dev(
                    "spark-references",
                    props,
                    "setting spark.kubernetes.executor.podTemplateFile",
                    "names /opt/spark/team-templates/executor.yaml, but ConfigMap spark-pi-demo-team-templates mounted there has no key executor.yaml.",
                    "add the file under key executor.yaml or correct the path."))),
        Arguments.of(
            "the driver runs as a ServiceAccount the environment does not have",
            List.of(
                new Edit(
                    "k8s/base/job.yaml",
                    "serviceAccountName: driver",
                    "serviceAccountName: spark")),
            "spark-references",
            List.of(
                dev(
                    "spark-references",
                    kust,
                    "Job/spark-pi-demo-driver",
                    "runs as ServiceAccount spark, which the environment does not have.",
                    "name one of [spark-pi-demo-driver, spark-pi-demo-executor]."))),
        Arguments.of(
            "512m of off-heap memory takes the driver over its 1536Mi limit",
            List.of(
                new Edit(
                    props,
                    null,
                    "spark.memory.offHeap.enabled=true\nspark.memory.offHeap.size=512m\n")),
            "driver-resources",
            List.of(
                dev(
                    "driver-resources",
                    props,
                    "Job/spark-pi-demo-driver",
                    "spark.driver.memory 1g plus 384Mi overhead and 512Mi off-heap needs 1920Mi, over the driver container's memory limit 1536Mi: the kernel kills it (OOMKilled).",
                    "raise the driver container's resources.limits.memory (and requests) in a patch of k8s/overlays/dev/kustomization.yaml to at least 1920Mi, or lower spark.driver.memory."))),
        Arguments.of(
            "a sidecar listed before the driver container",
            List.of(
                new Edit(
                    kust,
                    null,
                    """
                patches:
                  - target:
                      kind: Job
                      name: driver
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/0
                        value:
                          name: log-shipper
                          image: fluent-bit:3.0
                          resources:
                            requests: {cpu: 50m, memory: 64Mi}
                            limits: {cpu: 100m, memory: 64Mi}
                """),
                new Edit(props, null, "spark.driver.cores=1\n")),
            "driver-resources",
            List.of()),
        Arguments.of(
            "the driver container without a CPU limit",
            List.of(
                new Edit(
                    "k8s/base/job.yaml",
                    "            limits:\n              cpu: \"1\"\n",
                    "            limits:\n")),
            "container-resources",
            List.of(
                dev(
                    "container-resources",
                    kust,
                    "Job/spark-pi-demo-driver",
                    "container driver declares no limits.cpu: a namespace quota requiring them rejects the pod.",
                    "set resources.requests and resources.limits (cpu and memory) on the container."))),
        Arguments.of(
            "a dot in the namePrefix, which Services and Jobs may not have",
            List.of(
                new Edit(kust, "namePrefix: spark-pi-demo-\n", "namePrefix: spark-pi-demo.v2-\n")),
            "object-names",
            List.of(
                dev(
                    "object-names",
                    kust,
                    "Service/spark-pi-demo.v2-driver-svc",
                    "name spark-pi-demo.v2-driver-svc is not a valid Service name (lowercase letters, digits and '-').",
                    "shorten or correct the name (the namePrefix, or the base object's name)."),
                dev(
                    "object-names",
                    kust,
                    "Job/spark-pi-demo.v2-driver",
                    "name spark-pi-demo.v2-driver is not a valid Job name (lowercase letters, digits and '-').",
                    "shorten or correct the name (the namePrefix, or the base object's name)."))),
        Arguments.of(
            "a team's own feature step in place of sparkgen's, exactly",
            List.of(
                new Edit(
                    props,
                    null,
                    "spark.kubernetes.executor.pod.featureSteps=com.example.demo.OwnStep\n")),
            "one-image",
            List.of(
                dev(
                    "one-image",
                    props,
                    "setting spark.kubernetes.executor.pod.featureSteps",
                    "is com.example.demo.OwnStep, without dev.sparkgen.runtime.ExecutorPodFeatureStep: nothing gives the executors the driver's image, so Spark refuses to create them (\"Must specify the executor container image\"), and their scheduling object is ignored.",
                    "keep dev.sparkgen.runtime.ExecutorPodFeatureStep as k8s/base/spark.properties sets it; list steps of your own after it, comma-separated."))),
        Arguments.of(
            "the executor pod template names an image",
            List.of(
                new Edit(
                    "k8s/base/executor.yaml",
                    "    - name: executor ",
                    "    - image: spark-pi-demo:1.0\n      name: executor ")),
            "one-image",
            List.of(
                dev(
                    "one-image",
                    kust,
                    Rendered.EXECUTOR_TEMPLATE,
                    "names the image spark-pi-demo:1.0, a second place to keep in step with the driver's.",
                    "remove image from the executor template."))),
        Arguments.of(
            "a quota the driver and the executors fit exactly",
            List.of(
                quotaPatch(
                    shared,
                    "requests.cpu: 1500m",
                    "limits.cpu: \"3\"",
                    "requests.memory: 4608Mi",
                    "limits.memory: 4608Mi",
                    "pods: \"3\"")),
            "namespace-quota",
            List.of()),
        Arguments.of(
            "a quota of no CPU at all, a namespace closed to new pods",
            List.of(quotaPatch(shared, "requests.cpu: \"0\"")),
            "namespace-quota",
            List.of(
                dev(
                    "namespace-quota",
                    props,
                    "ResourceQuota/spark-pi-demo-quota",
                    "quota requests.cpu 0 cannot hold the driver (500m) and 2 executors of 500m CPU = 1500m: executors beyond it are never created.",
                    "lower spark.executor.memory/memoryOverhead, the executor cores or spark.executor.instances, or raise the quota."))),
        Arguments.of(
            "an invalid label on the Job's pods",
            List.of(
                new Edit(
                    kust,
                    null,
                    """
                patches:
                  - target:
                      kind: Job
                      name: driver
                    patch: |-
                      - op: add
                        path: /spec/template/metadata/labels/team
                        value: data engineering
                """)),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    kust,
                    "Job/spark-pi-demo-driver",
                    "label team has the invalid value 'data engineering'; the API server rejects the object (executors: Spark fails to create them).",
                    "use at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "an executor label value of 63 characters, the most Kubernetes allows",
            List.of(new Edit(props, null, executorLabel + "team=" + name63 + "\n")),
            "label-values",
            List.of()),
        Arguments.of(
            "an executor label value of 64 characters",
            List.of(new Edit(props, null, executorLabel + "team=" + name63 + "s\n")),
            "label-values",
            List.of(
                dev(
                    "label-values",
                    props,
                    "setting " + executorLabel + "team",
                    "label team has the invalid value '"
                        + name63
                        + "s'; the API server rejects the object (executors: Spark fails to create them).",
                    "use at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit."))),
        Arguments.of(
            "a namePrefix that makes the Job's name 63 characters and the Service's 67",
            List.of(
                new Edit(kust, "namePrefix: spark-pi-demo-\n", "namePrefix: " + prefix57 + "\n")),
            "object-names",
            List.of(
                dev(
                    "object-names",
                    kust,
                    "Service/" + prefix57 + "driver-svc",
                    "name "
                        + prefix57
                        + "driver-svc is 67 characters, over the 63 a Service may have.",
                    "shorten or correct the name (the namePrefix, or the base object's name)."))),
        Arguments.of(
            "a namePrefix starting with a digit, which a Service's name may not",
            List.of(
                new Edit(kust, "namePrefix: spark-pi-demo-\n", "namePrefix: 42-spark-pi-demo-\n")),
            "object-names",
            List.of(
                dev(
                    "object-names",
                    kust,
                    "Service/42-spark-pi-demo-driver-svc",
                    "name 42-spark-pi-demo-driver-svc is not a valid Service name (lowercase letters, digits and '-').",
                    "shorten or correct the name (the namePrefix, or the base object's name)."))),
        Arguments.of(
            "the driver may manage claims it never creates",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml", podsVerbs, podsVerbs + pvcRule)),
            "rbac",
            List.of(
                dev(
                    "rbac",
                    shared,
                    "Job/spark-pi-demo-driver",
                    "its account spark-pi-demo-driver may [create, delete, deletecollection, get, list, watch] persistentvolumeclaims, more than Spark's driver needs.",
                    "remove those verbs from the driver's Role (or set spark.kubernetes.driver.ownPersistentVolumeClaim=true if executors use on-demand claims)."))),
        Arguments.of(
            "on-demand claims, which the driver may manage",
            List.of(
                new Edit(
                    "k8s/base/components/driver-rbac/rbac.yaml", podsVerbs, podsVerbs + pvcRule),
                new Edit(props, null, "spark.kubernetes.driver.ownPersistentVolumeClaim=true\n")),
            "rbac",
            List.of()),
        Arguments.of(
            "namespace renamed, skaffold's dev profile still forwards and hooks into the old one",
            List.of(new Edit(kust, "namespace: spark-pi-demo-dev", "namespace: payments-dev")),
            "skaffold-profile",
            List.of(
                new Finding(
                    "skaffold-profile",
                    "dev",
                    "skaffold.yaml",
                    "profile dev",
                    "forwards service spark-pi-demo-driver-svc from namespace spark-pi-demo-dev, but k8s/overlays/dev deploys to payments-dev.",
                    "set the port forward's namespace to payments-dev."),
                new Finding(
                    "skaffold-profile",
                    "dev",
                    "skaffold.yaml",
                    "profile dev",
                    "runs a before-deploy hook in namespace spark-pi-demo-dev, but k8s/overlays/dev deploys to payments-dev.",
                    "change --namespace in the hook to payments-dev."))),
        Arguments.of(
            "skaffold's dev hook deletes a Job the overlay does not have",
            List.of(
                new Edit(
                    "skaffold.yaml",
                    "delete job spark-pi-demo-driver --ignore-not-found",
                    "delete job spark-pi-demo --ignore-not-found")),
            "skaffold-profile",
            List.of(
                new Finding(
                    "skaffold-profile",
                    "dev",
                    "skaffold.yaml",
                    "profile dev",
                    "deletes Job spark-pi-demo before deploying, but the overlay's Job is spark-pi-demo-driver: the next deploy fails on the Job's immutable template.",
                    "delete job spark-pi-demo-driver in the hook."))),
        Arguments.of(
            "skaffold renders a misspelt dev overlay, in the default pipeline and the dev profile",
            List.of(
                new Edit(
                    "skaffold.yaml", "- \"k8s/overlays/dev\"\n", "- \"k8s/overlays/develop\"\n")),
            "skaffold-overlays",
            List.of(
                new Finding(
                    "skaffold-overlays",
                    null,
                    "skaffold.yaml",
                    "the default pipeline",
                    "renders k8s/overlays/develop, which is not a kustomization (no k8s/overlays/develop/kustomization.yaml): skaffold deploys nothing.",
                    "point manifests.kustomize.paths at an existing overlay, one of [k8s/overlays/dev]."),
                new Finding(
                    "skaffold-overlays",
                    null,
                    "skaffold.yaml",
                    "profile dev",
                    "renders k8s/overlays/develop, which is not a kustomization (no k8s/overlays/develop/kustomization.yaml): skaffold deploys nothing.",
                    "point manifests.kustomize.paths at an existing overlay, one of [k8s/overlays/dev]."),
                new Finding(
                    "skaffold-overlays",
                    "dev",
                    "skaffold.yaml",
                    null,
                    "no skaffold profile renders k8s/overlays/dev, so `skaffold run -p dev` cannot deploy it.",
                    "add a profile named dev whose manifests.kustomize.paths is [k8s/overlays/dev]."))),
        Arguments.of(
            "the History Server's log directory in its ConfigMap, behind another ConfigMap's volume",
            List.of(
                new Edit(shared, historyServer, historyServer.replace("# ", "")),
                new Edit(
                    shared,
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
                      - target:
                          kind: Deployment
                          name: history-server
                        patch: |-
                          - op: add
                            path: /spec/template/spec/volumes/0
                            value:
                              name: log4j
                              configMap:
                                name: history-server-log4j
                    """)),
            "event-log-dir",
            List.of(
                dev(
                    "event-log-dir",
                    shared,
                    "Deployment/spark-pi-demo-history-server",
                    "never reads spark.history.fs.logDirectory of its ConfigMap (s3a://logs/spark-events): it reads history-server.properties only, and its volume.",
                    "list component history-server-object-store after history-server."))),
        Arguments.of(
            "the History Server's configuration volume projected from its ConfigMap",
            List.of(
                new Edit(shared, historyServer, historyServer.replace("# ", "")),
                new Edit(
                    shared,
                    null,
                    """
                    patches:
                      - target:
                          kind: Deployment
                          name: history-server
                        patch: |-
                          - op: replace
                            path: /spec/template/spec/volumes/0
                            value:
                              name: history-server-conf
                              projected:
                                sources:
                                  - configMap:
                                      name: history-server-conf
                    """)),
            "event-log-dir",
            List.of()),
        Arguments.of(
            "event logs where the History Server does not read, another Deployment in shared/ before it",
            List.of(
                new Edit(shared, historyServer, historyServer.replace("# ", "")),
                new Edit(
                    shared,
                    null,
                    """
                    resources:
                      - docs.yaml
                    """),
                new Edit(
                    dev + "shared/docs.yaml",
                    null,
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: docs
                    spec:
                      selector:
                        matchLabels:
                          app: docs
                      template:
                        metadata:
                          labels:
                            app: docs
                        spec:
                          containers:
                            - name: docs
                              image: nginx:1.27
                    """),
                new Edit(
                    props,
                    null,
                    "spark.eventLog.enabled=true\nspark.eventLog.dir=file:///var/spark-events/dev\n")),
            "event-log-dir",
            List.of(
                dev(
                    "event-log-dir",
                    props,
                    "setting spark.eventLog.dir",
                    "is file:///var/spark-events/dev, but the History Server of shared/ reads file:///var/spark-events: it never shows this job's runs.",
                    "write the same URI as spark.eventLog.dir here and as spark.history.fs.logDirectory in k8s/overlays/dev/shared/kustomization.yaml."))));
  }

  static Finding dev(String rule, String file, String object, String message, String fix) {
    return new Finding(rule, "dev", file, object, message, fix);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exact")
  void eachBrokenRepositoryGetsExactlyItsFindings(
      String what, List<Object> edits, String rule, List<Finding> expected) throws Exception {
    Path repo = work.resolve("exact-" + what.replaceAll("[^a-z0-9]+", "-"));
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    for (Object edit : edits) {
      ((Edit) edit).apply(repo);
    }

    Report report =
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of("dev"));

    assertThat(
            report.findings().stream().filter(f -> rule == null || f.rule().equals(rule)).toList())
        .as(what)
        .containsExactlyElementsOf(expected);
  }

  /** Each Spark line has its own GCS connector: the one of the repository's line is named. */
  @Test
  void aGcsEventLogDirectoryWithoutConnectorNamesTheConnectorOfTheRepositorysLine()
      throws Exception {
    Path repo = work.resolve("gcs-on-4-1");
    new PlanWriter().write(Fixtures.plan("spark-pi-demo", b -> b.spark("4.1")), repo);
    String props = "k8s/overlays/dev/spark.properties";
    new Edit(
            props, null, "spark.eventLog.enabled=true\nspark.eventLog.dir=gs://logs/spark-events\n")
        .apply(repo);

    Report report =
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of("dev"));

    assertThat(report.findings())
        .containsExactly(
            dev(
                "event-log-dir",
                props,
                "event log directory gs://logs/spark-events",
                "is on gs://, but pom.xml has no gcs-connector: the image has no connector for it and Spark fails with \"No FileSystem for scheme\".",
                "add the connector: sparkgen upgrade --object-store gcs."));
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
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of());

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
        new Validator(CachedKustomize.kubectl())
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
