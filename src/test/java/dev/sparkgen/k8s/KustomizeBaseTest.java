package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.PodSecurity;
import dev.sparkgen.validate.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kustomize-base on its own, and each of its components on it, rendered by a real {@code kubectl
 * kustomize}: the objects, RBAC, security and Spark settings every application inherits, and valid
 * against the Kubernetes 1.36 schemas.
 */
@Tag("slow")
class KustomizeBaseTest {

  static final Path BASE =
      Path.of(System.getProperty("sparkgen.root", ".")).resolve("kustomize-base");
  static final List<String> COMPONENTS =
      List.of(
          "namespace",
          "driver-rbac",
          "tier-dev",
          "tier-staging",
          "tier-prod",
          "dynamic-allocation",
          "event-logs",
          "history-server",
          "monitoring",
          "object-store-egress",
          "object-store-secret",
          "workload-identity-gke",
          "workload-identity-azure",
          "kueue",
          "yunikorn",
          "schedule");

  static Path kubectl;

  @TempDir Path work;

  @BeforeAll
  static void kubectl() {
    kubectl = ExternalTools.require("kubectl");
  }

  @Test
  void rendersAloneWithExactlyTheApplicationAgnosticObjects() {
    Rendered base = Render.kustomize(kubectl, BASE);

    assertThat(base.kindsAndNames())
        .hasSize(12)
        .containsAll(
            List.of(
                "ServiceAccount/driver",
                "ServiceAccount/executor",
                "Service/driver-svc",
                "Job/driver",
                "NetworkPolicy/default-deny",
                "NetworkPolicy/driver",
                "NetworkPolicy/executor",
                "NetworkPolicy/driver-api-server"));
    assertThat(base.ofKind("ConfigMap"))
        .extracting(Rendered::name)
        .satisfiesExactlyInAnyOrder(
            n -> assertThat(n).matches("spark-conf-[a-z0-9]{10}"),
            n -> assertThat(n).matches("spark-env-conf-[a-z0-9]{10}"),
            n -> assertThat(n).matches("spark-app-[a-z0-9]{10}"),
            n -> assertThat(n).matches("spark-pod-templates-[a-z0-9]{10}"));
    assertThat(base.documents())
        .allSatisfy(d -> assertThat(map(d.get("metadata"))).doesNotContainKey("namespace"));
    assertThat(base.ofKind("Secret")).isEmpty();
    Checks.allValidAgainstKubernetesSchemas(base);
  }

  @Test
  void whatEveryDeployAppliesHoldsNoRbacAndNothingClusterScoped() {
    Rendered base = Render.kustomize(kubectl, BASE);

    // The built-in edit role may create none of these kinds: they are component driver-rbac,
    // applied once with shared/.
    assertThat(base.ofKind("Role")).isEmpty();
    assertThat(base.ofKind("RoleBinding")).isEmpty();
    assertThat(base.ofKind("PodTemplate")).isEmpty();
    Checks.nothingClusterScoped(base);
  }

  @Test
  void componentDriverRbacHasExactlyTheVerbsSparkNeeds() throws IOException {
    Rendered withRbac = Render.kustomize(kubectl, overlay(List.of("driver-rbac")));

    Checks.driverRbac(withRbac, "driver", "driver");
    Checks.nothingClusterScoped(withRbac);
  }

  /**
   * Each tier's component sets the Job's time limit (and prod the driver's size), and, listed
   * before schedule as the overlays list it, the CronJob's jobs keep them.
   */
  @Test
  void eachTiersDeadlineAndDriverReachTheJobAndTheScheduledJobs() throws IOException {
    Map<String, Long> deadlines = Map.of("dev", 3600L, "staging", 7200L, "prod", 14400L);
    for (Map.Entry<String, Long> tier : deadlines.entrySet()) {
      Rendered job = Render.kustomize(kubectl, overlay(List.of("tier-" + tier.getKey())));
      Rendered scheduled =
          Render.kustomize(kubectl, overlay(List.of("tier-" + tier.getKey(), "schedule")));
      Map<String, Object> jobSpec = map(job.one("Job", "driver").get("spec"));
      Map<String, Object> cronJobSpec =
          map(at(scheduled.one("CronJob", "driver"), "spec.jobTemplate.spec"));
      for (Map<String, Object> spec : List.of(jobSpec, cronJobSpec)) {
        assertThat(((Number) spec.get("activeDeadlineSeconds")).longValue())
            .as("%s deadline", tier.getKey())
            .isEqualTo(tier.getValue());
        Map<String, Object> driver = list(at(spec, "template.spec.containers")).get(0);
        assertThat(at(driver, "resources.limits.memory"))
            .as("%s driver memory", tier.getKey())
            .isEqualTo(tier.getKey().equals("prod") ? "2560Mi" : "1536Mi");
      }
      assertThat(job.sparkProperties().getProperty("spark.driver.memory"))
          .isEqualTo(tier.getKey().equals("prod") ? "2g" : "1g");
      assertThat(dev.sparkgen.validate.Rules.check("driver-resources", Checks.environment(job)))
          .isEmpty();
    }
  }

  @Test
  void theExecutorsSchedulingFileSchedulesNothingUntilAnOverlayReplacesIt() {
    Checks.executorScheduling(Render.kustomize(kubectl, BASE));
  }

  @Test
  void everyPodIsRestrictedIncludingTheExecutorTemplate() {
    Rendered base = Render.kustomize(kubectl, BASE);

    assertThat(base.podSpecs()).containsOnlyKeys("Job/driver", "executor pod template");
    base.podSpecs()
        .forEach((where, spec) -> assertThat(PodSecurity.violations(spec)).as(where).isEmpty());
    Checks.driverJob(base, "driver");
    Checks.executorTemplate(base);
  }

  @Test
  void networkPoliciesDenyByDefaultAndOpenOnlySparksPorts() {
    Checks.networkPolicies(Render.kustomize(kubectl, BASE), Map.of());
  }

  @Test
  void baseSparkSettingsRunClientModeOnTheServicesPortsWithoutAStaticExecutorImage() {
    Rendered base = Render.kustomize(kubectl, BASE);

    Checks.baseSparkSettings(base.sparkProperties());
    assertThat(base.text())
        .doesNotContain(
            "spark.kubernetes.container.image=",
            "spark.kubernetes.executor.container.image",
            "spark.kubernetes.authenticate.driver.serviceAccountName");
  }

  @Test
  void eachComponentRendersOnTheBaseAndIsValid() throws IOException {
    for (String component : COMPONENTS) {
      Rendered rendered = Render.kustomize(kubectl, overlay(List.of(component)));
      Checks.allValidAgainstKubernetesSchemas(rendered);
      rendered
          .podSpecs()
          .forEach(
              (where, spec) ->
                  assertThat(PodSecurity.violations(spec)).as(component + ": " + where).isEmpty());
    }
  }

  @Test
  void componentsAddWhatTheyPromise() throws IOException {
    // history-server and event-logs never share a kustomization (event-logs names the claim
    // history-server creates in the environment's shared/ kustomization): all but history-server
    // here, history-server on the base below.
    Rendered all =
        Render.kustomize(
            kubectl,
            overlay(COMPONENTS.stream().filter(c -> !c.equals("history-server")).toList()));
    Rendered history = Render.kustomize(kubectl, overlay(List.of("history-server")));

    // namespace: restricted Pod Security, a quota that needs CPU limits, container defaults.
    Map<String, Object> namespace = all.ofKind("Namespace").get(0);
    assertThat(map(at(namespace, "metadata.labels")))
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted");
    assertThat(map(at(all.one("ResourceQuota", "quota"), "spec.hard")))
        .containsKeys("limits.cpu", "limits.memory", "requests.cpu", "requests.memory");
    assertThat(list(at(all.one("LimitRange", "defaults"), "spec.limits")).get(0))
        .containsKeys("default", "defaultRequest");

    // dynamic-allocation and event-logs settings, after the base's.
    var spark = all.sparkProperties();
    assertThat(spark.getProperty("spark.dynamicAllocation.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.enabled"))
        .isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.timeout")).isNotBlank();
    assertThat(spark.getProperty("spark.decommission.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.storage.decommission.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.storage.decommission.shuffleBlocks.enabled"))
        .isEqualTo("true");
    assertThat(spark.getProperty("spark.eventLog.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.eventLog.dir")).isEqualTo("file:///var/spark-events");

    // history-server: Deployment + Service on 18080, reading what the driver writes.
    Map<String, Object> deployment = history.one("Deployment", "history-server");
    Map<String, Object> container = list(at(deployment, "spec.template.spec.containers")).get(0);
    assertThat(Rendered.strings(container.get("args")))
        .contains("org.apache.spark.deploy.history.HistoryServer");
    assertThat(list(at(history.one("Service", "history-server"), "spec.ports")))
        .singleElement()
        .satisfies(p -> assertThat(p).containsEntry("port", 18080));
    String historyConf =
        (String)
            map(history.one("ConfigMap", "history-server-conf").get("data"))
                .get("history-server.properties");
    assertThat(historyConf).contains("spark.history.fs.logDirectory=file:///var/spark-events");
    assertThat(Checks.mounts(container)).containsEntry("/var/spark-events", "spark-events");
    assertThat(history.one("PersistentVolumeClaim", "spark-events")).isNotNull();
    // Nothing in the cluster connects to the History Server (port-forward is not subject to
    // policies).
    Map<String, Object> historyPolicy = history.one("NetworkPolicy", "history-server");
    assertThat(Rendered.strings(at(historyPolicy, "spec.policyTypes"))).contains("Ingress");
    assertThat(historyPolicy.get("spec"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("ingress");

    // monitoring: a PodMonitor on the driver's UI port, a dashboard for Grafana's sidecar.
    Map<String, Object> podMonitor = all.one("PodMonitor", "driver");
    assertThat(podMonitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
    assertThat(map(at(podMonitor, "spec.selector.matchLabels")))
        .containsEntry("spark-role", "driver");
    assertThat(list(at(podMonitor, "spec.podMetricsEndpoints")))
        .extracting(e -> e.get("port") + " " + e.get("path"))
        .containsExactly("ui /metrics/prometheus/", "ui /metrics/executors/prometheus");
    Map<String, Object> dashboard = all.one("ConfigMap", "grafana-dashboard");
    assertThat(map(at(dashboard, "metadata.labels"))).containsEntry("grafana_dashboard", "1");
    assertThat((String) map(dashboard.get("data")).get("dashboard.json"))
        .contains("\"panels\"", "metrics_executor_activeTasks")
        .doesNotContain("spark_executor_");
  }

  @Test
  void historyServerAndNamespaceStandAloneAndEventLogsChangeOnlyTheDriver() throws IOException {
    // The long-lived components render without the base (an overlay's shared/ kustomization
    // holds only them) and touch nothing of the job's: they can be applied and kept apart from it.
    Path shared = Files.createTempDirectory(work, "shared");
    copy(BASE, shared.resolve("base"));
    Files.createDirectories(shared.resolve("shared"));
    Files.writeString(
        shared.resolve("shared/kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: test-ns
        components:
          - ../base/components/namespace
          - ../base/components/history-server
        """);
    Rendered alone = Render.kustomize(kubectl, shared.resolve("shared"));
    assertThat(alone.kindsAndNames())
        .containsExactlyInAnyOrder(
            "Namespace/test-ns",
            "ResourceQuota/quota",
            "LimitRange/defaults",
            "PersistentVolumeClaim/spark-events",
            "ServiceAccount/history-server",
            "Deployment/history-server",
            "Service/history-server",
            "NetworkPolicy/history-server",
            alone.ofKind("ConfigMap").stream()
                .map(d -> "ConfigMap/" + name(d))
                .filter(n -> n.matches("ConfigMap/history-server-conf-[a-z0-9]{10}"))
                .findFirst()
                .orElse("no history-server-conf"));
    Checks.allValidAgainstKubernetesSchemas(alone);

    // event-logs adds no object: it mounts the claim in the driver and sets its event log.
    Rendered base = Render.kustomize(kubectl, BASE);
    Rendered withEventLogs = Render.kustomize(kubectl, overlay(List.of("event-logs")));
    assertThat(withEventLogs.kindsAndNames()).hasSameSizeAs(base.kindsAndNames());
    assertThat(
            Checks.mounts(
                list(at(withEventLogs.one("Job", "driver"), "spec.template.spec.containers"))
                    .get(0)))
        .containsEntry("/var/spark-events", "spark-events");
    assertThat(withEventLogs.sparkProperties().getProperty("spark.eventLog.dir"))
        .isEqualTo("file:///var/spark-events");
  }

  /**
   * The object-store variants: event-logs-object-store adds no object and no volume and leaves the
   * directory to the overlay; history-server-object-store, after history-server, leaves no claim
   * and no volume, adds the History Server's HTTPS egress, and with its -secret sibling the keys.
   */
  @Test
  void theObjectStoreVariantsNeedNoVolume() throws IOException {
    Rendered base = Render.kustomize(kubectl, BASE);
    Rendered driver = Render.kustomize(kubectl, overlay(List.of("event-logs-object-store")));
    assertThat(driver.kindsAndNames()).hasSameSizeAs(base.kindsAndNames());
    assertThat(driver.ofKind("PersistentVolumeClaim")).isEmpty();
    // The same volumes and mounts as the base's driver (spark-conf's name changes with its hash).
    assertThat(list(at(driver.one("Job", "driver"), "spec.template.spec.volumes")))
        .extracting(v -> v.get("name"))
        .isEqualTo(
            list(at(base.one("Job", "driver"), "spec.template.spec.volumes")).stream()
                .map(v -> v.get("name"))
                .toList());
    assertThat(
            Checks.mounts(
                list(at(driver.one("Job", "driver"), "spec.template.spec.containers")).get(0)))
        .isEqualTo(
            Checks.mounts(
                list(at(base.one("Job", "driver"), "spec.template.spec.containers")).get(0)));
    assertThat(driver.sparkProperties().getProperty("spark.eventLog.enabled")).isEqualTo("true");
    assertThat(driver.sparkProperties().getProperty("spark.eventLog.dir"))
        .as("the overlay's")
        .isNull();

    Path shared = Files.createTempDirectory(work, "shared");
    copy(BASE, shared.resolve("base"));
    Files.createDirectories(shared.resolve("shared"));
    Files.writeString(
        shared.resolve("shared/kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: test-ns
        components:
          - ../base/components/history-server
          - ../base/components/history-server-object-store
          - ../base/components/history-server-object-store-secret
        """);
    Rendered history = Render.kustomize(kubectl, shared.resolve("shared"));
    Checks.allValidAgainstKubernetesSchemas(history);
    assertThat(history.kindsAndNames().stream().filter(k -> !k.startsWith("ConfigMap/")))
        .containsExactlyInAnyOrder(
            "ServiceAccount/history-server",
            "Deployment/history-server",
            "Service/history-server",
            "NetworkPolicy/history-server",
            "NetworkPolicy/history-server-object-store");
    Map<String, Object> pod =
        map(at(history.one("Deployment", "history-server"), "spec.template.spec"));
    assertThat(PodSecurity.violations(pod)).isEmpty();
    assertThat(list(pod.get("volumes")))
        .extracting(v -> v.get("name"))
        .containsExactlyInAnyOrder("history-server-conf", "tmp");
    Map<String, Object> container = list(pod.get("containers")).get(0);
    assertThat(Checks.mounts(container)).doesNotContainKey("/var/spark-events");
    assertThat(list(container.get("env")))
        .extracting(e -> e.get("name"))
        .containsExactlyInAnyOrder(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SPARK_DAEMON_CLASSPATH");
    assertThat(history.ofKind("Secret")).as("the team's Secret, named only").isEmpty();
    assertThat(Checks.rules(history.one("NetworkPolicy", "history-server-object-store"), "egress"))
        .hasSize(1)
        .allSatisfy(rule -> assertThat(rule).startsWith("to ip 0.0.0.0/0").endsWith("TCP 443"));
  }

  @Test
  void scheduleRunsExactlyTheJobOnACronJobAndNoJobAtOnce() throws IOException {
    Rendered once = Render.kustomize(kubectl, overlay(List.of("event-logs")));
    Rendered scheduled = Render.kustomize(kubectl, overlay(List.of("event-logs", "schedule")));

    assertThat(scheduled.ofKind("Job")).isEmpty();
    Map<String, Object> job = once.one("Job", "driver");
    Map<String, Object> cronJob = scheduled.one("CronJob", "driver");
    assertThat(map(cronJob.get("spec")))
        .containsEntry("concurrencyPolicy", "Forbid")
        .containsKey("schedule");
    // The same pod (event-logs' volume included) and the same retries and limits.
    Map<String, Object> jobSpec = map(at(cronJob, "spec.jobTemplate.spec"));
    assertThat(jobSpec).isEqualTo(map(job.get("spec")));
    assertThat(Checks.mounts(list(at(jobSpec, "template.spec.containers")).get(0)))
        .containsKey("/var/spark-events");
  }

  /** An overlay with a copy of the base beside it, switching on {@code components}. */
  Path overlay(List<String> components) throws IOException {
    Path root = Files.createTempDirectory(work, "overlay");
    copy(BASE, root.resolve("base"));
    Path overlay = Files.createDirectories(root.resolve("overlay"));
    StringBuilder kustomization =
        new StringBuilder(
            """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: test-ns
        resources:
          - ../base
        components:
        """);
    components.forEach(c -> kustomization.append("  - ../base/components/").append(c).append('\n'));
    if (components.contains("schedule")) {
      // The component's second half, as the overlays list it: after all of the overlay's work.
      kustomization.append("transformers:\n  - ../base/components/schedule/job-to-cronjob\n");
    }
    Files.writeString(overlay.resolve("kustomization.yaml"), kustomization);
    return overlay;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
