package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.spec.Tier;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Environment;
import dev.sparkgen.validate.PodSecurity;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.Rules;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every overlay of generated repositories (the default environments, and custom --envs lists),
 * rendered by a real {@code kubectl kustomize} from the repository as written to disk, and checked
 * object by object: what runs where, as whom, with which rights, ports, sizes and Spark settings,
 * and which image.
 */
@Tag("slow")
class OverlaysTest {

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    return Stream.of(
        Arguments.of("demo", List.of("dev", "staging", "prod"), null),
        // A dev namespace given on a shared cluster, and a prod-tier environment on a cluster of
        // one's own.
        Arguments.of(
            "payments-etl", List.of("dev:shared", "qa", "prod"), "registry.example.com/data"),
        Arguments.of("nightly", List.of("local", "uat-eu", "production:local"), "localhost:5000"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("repositories")
  void everyOverlayRendersTheApplicationSecurelyInItsOwnNamespace(
      String app, List<String> envs, String registry) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Plan plan =
        Fixtures.plan(app, b -> registry == null ? b.envs(envs) : b.envs(envs).registry(registry));
    Path repo = work.resolve(app);
    new PlanWriter().write(plan, repo);
    String image = registry == null ? app : registry + "/" + app;
    List<String> names = envs.stream().map(e -> e.split(":")[0]).toList();

    try (Stream<Path> overlays = Files.list(repo.resolve("k8s/overlays"))) {
      assertThat(overlays.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(names);
    }
    for (String entry : envs) {
      String env = entry.split(":")[0];
      Tier tier = Tier.forEnvironmentName(env);
      boolean local = entry.endsWith(":local") || (!entry.contains(":") && tier == Tier.DEV);
      String namespace = app + "-" + env;
      Path overlay = repo.resolve("k8s/overlays/" + env);
      Rendered rendered = Render.kustomize(kubectl, overlay);
      String where = app + " " + env + ": ";

      // Per-environment Spark settings are a properties file in the overlay, not patches on
      // arguments.
      Map<String, Object> kustomization =
          map(
              new Load(LoadSettings.builder().build())
                  .loadFromString(Files.readString(overlay.resolve("kustomization.yaml"))));
      assertThat(kustomization)
          .as(where + "overlay kustomization")
          .doesNotContainKeys(
              "patches",
              "commonLabels",
              "patchesStrategicMerge",
              "patchesJson6902",
              "bases",
              "vars")
          .containsEntry("namespace", namespace)
          .containsEntry("namePrefix", app + "-");
      assertThat(overlay.resolve("spark.properties")).isRegularFile();

      // Kinds, names, namespaces, labels.
      Checks.allValidAgainstKubernetesSchemas(rendered);
      Checks.nothingClusterScoped(rendered);
      for (Map<String, Object> d : rendered.documents()) {
        String id = where + d.get("kind") + "/" + name(d);
        Map<String, Object> metadata = map(d.get("metadata"));
        if (d.get("kind").equals("Namespace")) {
          assertThat(metadata)
              .as(id)
              .containsEntry("name", namespace)
              .doesNotContainKey("namespace");
          assertThat(map(metadata.get("labels")))
              .as(id)
              .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        } else {
          assertThat(metadata).as(id).containsEntry("namespace", namespace);
          assertThat(name(d)).as(id).startsWith(app + "-");
        }
        assertThat(map(metadata.get("labels"))).as(id).containsEntry("app.kubernetes.io/name", app);
      }
      // What skaffold deploys (and its clean-up deletes) holds nothing long-lived: those are in
      // shared/.
      assertThat(rendered.kindsAndNames())
          .as(where + "nothing long-lived in what skaffold deploys")
          .noneMatch(
              k ->
                  k.startsWith("Namespace/")
                      || k.startsWith("ResourceQuota/")
                      || k.startsWith("LimitRange/")
                      || k.startsWith("PersistentVolumeClaim/")
                      || k.startsWith("Deployment/")
                      || k.contains("history-server"));
      // No History Server: it is opt-in in every tier.
      Shared shared = shared(kubectl, overlay, app, namespace, local, false, where, spark(repo));

      // Identity and rights: the overlay holds no RBAC object and no PodTemplate (a tenant with
      // `edit` may create neither); the Role is in shared/.
      assertThat(rendered.kindsAndNames())
          .as(where + "what every deploy applies")
          .noneMatch(
              k ->
                  k.startsWith("Role/")
                      || k.startsWith("RoleBinding/")
                      || k.startsWith("PodTemplate/"));
      Checks.executorScheduling(rendered);
      Map<String, Object> job = Checks.driverJob(rendered, app + "-driver");
      Map<String, Object> podSpec = map(at(job, "spec.template.spec"));
      assertThat(podSpec).containsEntry("serviceAccountName", app + "-driver");
      Checks.executorTemplate(rendered);
      Properties spark = rendered.sparkProperties();
      Checks.baseSparkSettings(spark);
      assertThat(spark.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName"))
          .isEqualTo(app + "-executor");
      assertThat(map(rendered.one("ServiceAccount", app + "-executor")))
          .containsEntry("automountServiceAccountToken", false);

      // Pod Security "restricted" on every pod, executors included; requests and limits on every
      // container.
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) -> {
                assertThat(PodSecurity.violations(spec)).as(where + pod).isEmpty();
                if (!pod.equals("executor pod template")) {
                  list(spec.get("containers"))
                      .forEach(
                          c ->
                              assertThat(map(c.get("resources")))
                                  .as(where + pod + " resources")
                                  .containsOnlyKeys("requests", "limits")
                                  .allSatisfy(
                                      (k, v) -> assertThat(map(v)).containsKeys("cpu", "memory")));
                }
              });

      // The driver's Service is the UI skaffold forwards, nothing else: executors connect to the
      // driver pod's own IP (the Job sets spark.driver.host), which no overlapping run shares.
      Map<String, Object> service = rendered.one("Service", app + "-driver-svc");
      assertThat(map(service.get("spec"))).containsEntry("clusterIP", "None");
      assertThat(map(at(service, "spec.selector")))
          .isEqualTo(Map.of("app.kubernetes.io/name", app, "spark-role", "driver"));
      assertThat(list(at(service, "spec.ports")))
          .extracting(p -> p.get("port"))
          .containsExactly(4040);
      assertThat(spark.stringPropertyNames())
          .as(where + "no settings file names the driver's address")
          .doesNotContain("spark.driver.host");

      // The main class reaches spark-submit --class through the overlay's ConfigMap spark-app.
      Map<String, Object> appConfig = rendered.one("ConfigMap", app + "-spark-app");
      assertThat(map(appConfig.get("data")))
          .as(where + "ConfigMap spark-app")
          .isEqualTo(Map.of("main-class", Fixtures.spec(app, b -> b).packageName() + ".SparkPi"));
      assertThat(map(at(job, "spec.template.metadata.labels")))
          .containsEntry("app.kubernetes.io/name", app)
          .containsEntry("app.kubernetes.io/instance", namespace);
      // Executors carry the application's labels too, so the NetworkPolicies and the Service tell
      // them apart.
      assertThat(spark.getProperty("spark.kubernetes.executor.label.app.kubernetes.io/name"))
          .isEqualTo(app);
      assertThat(spark.getProperty("spark.kubernetes.executor.label.app.kubernetes.io/instance"))
          .isEqualTo(namespace);
      Checks.networkPolicies(rendered, Map.of("app.kubernetes.io/name", app));

      // Sizes: the driver pod holds spark.driver.memory plus Spark's overhead, executors' CPU
      // request is within their limit, and a quota of the environment admits the driver and every
      // executor: validate's own rules, on this environment's two renders.
      Environment environment =
          new Environment(env, "k8s/overlays/" + env, rendered, shared.rendered());
      for (String rule :
          List.of(
              "driver-resources",
              "executor-cores",
              "namespace-quota",
              "spark-references",
              "rbac",
              "shared-namespace",
              "executor-scheduling",
              "one-image")) {
        // A prod tier on a cluster of its own outgrows the namespace component's quota: a known
        // template finding, pinned by
        // CleanRepositoriesTest.aProdTierOnALocalClusterOutgrowsItsNamespaceQuota.
        if (!(rule.equals("namespace-quota") && tier == Tier.PROD)) {
          assertThat(Rules.check(rule, environment)).as(where + rule).isEmpty();
        }
      }

      // The effective Spark settings of each kind of environment, as its tier defines them.
      Tier.Executors executors = tier.executors();
      if (!executors.dynamic()) {
        assertThat(spark.getProperty("spark.dynamicAllocation.enabled")).isEqualTo("false");
        assertThat(spark.getProperty("spark.executor.instances"))
            .isEqualTo(String.valueOf(executors.min()));
        // A namespace it owns has a quota, which namespace-quota (above) held the job to.
        assertThat(shared.rendered().ofKind("ResourceQuota")).hasSize(local ? 1 : 0);
      } else {
        dynamic(spark, executors.min(), executors.max());
      }
      // A dev run's JVMs start fast (C1, serial collector: src/test/bench/inner-loop.sh); the
      // other tiers keep Java's defaults, for the peak speed of long runs.
      for (String jvm :
          List.of("spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions")) {
        assertThat(spark.getProperty(jvm))
            .as(where + jvm)
            .isEqualTo(tier == Tier.DEV ? "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" : null);
      }
      assertThat(spark.getProperty("spark.executor.cores"))
          .isEqualTo(String.valueOf(executors.cores()));
      assertThat(spark.getProperty("spark.executor.memory")).isEqualTo(executors.memory());
      assertThat(spark.getProperty("spark.executor.memoryOverhead"))
          .isEqualTo(executors.memoryOverhead());
      // Nothing that needs more than an ordinary cluster unless asked for (optInsWork): no claim
      // for event logs (ReadWriteMany), no PodMonitor (the Prometheus operator's CRDs).
      assertThat(spark.stringPropertyNames())
          .as(where + "event logs are opt-in")
          .doesNotContain("spark.eventLog.enabled");
      assertThat(rendered.kindsAndNames())
          .as(where + "monitoring is opt-in")
          .noneMatch(k -> k.startsWith("PodMonitor/"));

      // The image: the driver's container (and the History Server's) name the application's
      // image, untagged until skaffold or `kustomize edit set image` tags it; nothing else names
      // an image, so the executors can only get the driver's (sparkgen's executor feature step).
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) ->
                  list(spec.get("containers"))
                      .forEach(
                          c ->
                              assertThat(c.get("image"))
                                  .as(where + pod)
                                  .isEqualTo(pod.equals("executor pod template") ? null : image)));
      assertThat(spark.stringPropertyNames())
          .doesNotContain(
              "spark.kubernetes.container.image", "spark.kubernetes.executor.container.image");
    }
  }

  /**
   * The opt-in components, switched on as their comments say, in a prod and a staging environment:
   * the driver writes to the claim the History Server of shared/ creates, which asks for
   * ReadWriteMany and is writable for the cleaner; the PodMonitor selects this application's
   * drivers only, carries the label kube-prometheus-stack selects by, and both metrics endpoints.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optIns")
  void optInsWork(String env) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    String app = "payments-etl";
    new PlanWriter()
        .write(
            Fixtures.plan(app, b -> b.envs(List.of("dev", "staging", "prod"))), work.resolve(app));
    Path overlay = work.resolve(app).resolve("k8s/overlays/" + env);
    String namespace = app + "-" + env;
    uncomment(
        overlay.resolve("kustomization.yaml"),
        "  # - ../../base/components/event-logs",
        "  # - ../../base/components/monitoring");
    uncomment(
        overlay.resolve("shared/kustomization.yaml"),
        "  # - ../../../base/components/history-server");

    Rendered rendered = Render.kustomize(kubectl, overlay);
    Checks.allValidAgainstKubernetesSchemas(rendered);
    Properties spark = rendered.sparkProperties();
    assertThat(spark.getProperty("spark.eventLog.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.driver.log.persistToDfs.enabled"))
        .as("the driver's log kept with the event logs")
        .isEqualTo("true");
    assertThat(spark.getProperty("spark.driver.log.dfsDir"))
        .as("a directory of its own on the event-log volume, not the event logs' own")
        .isEqualTo("file:///var/spark-events/driver-logs");
    assertThat(spark.getProperty("spark.plugins.defaultList"))
        .as("the plugin that creates that directory on the first run, and the base's")
        .isEqualTo(
            "dev.sparkgen.runtime.ExecutorWaitTimeout,dev.sparkgen.runtime.DriverLogDirectory");
    Map<String, Object> podSpec =
        map(at(Checks.driverJob(rendered, app + "-driver"), "spec.template.spec"));
    assertThat(Checks.mounts(list(podSpec.get("containers")).get(0)))
        .containsEntry("/var/spark-events", "spark-events");
    assertThat(list(podSpec.get("volumes")))
        .as("event log volume")
        .anySatisfy(
            v ->
                assertThat(map(v.get("persistentVolumeClaim")))
                    .containsEntry("claimName", app + "-spark-events"));

    Map<String, Object> podMonitor = rendered.one("PodMonitor", app + "-driver");
    assertThat(map(at(podMonitor, "metadata.labels")))
        .containsEntry("release", "kube-prometheus-stack");
    assertThat(map(at(podMonitor, "spec.selector.matchLabels")))
        .as("this application's drivers only")
        .isEqualTo(Map.of("app.kubernetes.io/name", app, "spark-role", "driver"));
    assertThat(Rendered.strings(at(podMonitor, "spec.podTargetLabels")))
        .contains("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(list(at(podMonitor, "spec.podMetricsEndpoints")))
        .extracting(e -> e.get("port") + " " + e.get("path"))
        .containsExactly("ui /metrics/prometheus/", "ui /metrics/executors/prometheus");
    assertThat(spark.getProperty("spark.metrics.namespace"))
        .as("driver metric names independent of the run")
        .isEqualTo("spark");

    Shared shared =
        shared(
            kubectl,
            overlay,
            app,
            namespace,
            false,
            true,
            app + " " + env + ": ",
            spark(work.resolve(app)));
    assertThat(
            Rendered.strings(
                at(
                    shared.rendered().one("PersistentVolumeClaim", app + "-spark-events"),
                    "spec.accessModes")))
        .containsExactly("ReadWriteMany");
    Map<String, Object> history =
        list(at(
                shared.rendered().one("Deployment", app + "-history-server"),
                "spec.template.spec.containers"))
            .get(0);
    String historyConf =
        (String)
            map(shared.rendered().ofKind("ConfigMap").get(0).get("data"))
                .get("history-server.properties");
    assertThat(historyConf)
        .contains("spark.history.fs.cleaner.enabled=true")
        .as("its cleaner deletes the drivers' logs too, where the drivers write them")
        .contains("spark.driver.log.dfsDir=" + spark.getProperty("spark.driver.log.dfsDir"));
    assertThat(list(history.get("volumeMounts")))
        .as("the cleaner deletes: the event log volume is writable")
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsEntry("mountPath", "/var/spark-events")
                    .doesNotContainEntry("readOnly", true));
  }

  /**
   * The overlay's commented patches, uncommented: the first narrows the driver's way to the API
   * server to that address and leaves every other rule as it was; the second places the driver
   * (priority class, node selector, toleration) in this environment only; the third places the And
   * the executors' scheduling file, uncommented, places the executors (the same, and affinity),
   * still valid for validate. The executors' node selector is also a commented Spark setting of the
   * same overlay.
   */
  @org.junit.jupiter.api.Test
  void theOverlaysPatchesNarrowTheApiServerEgressAndScheduleTheDriverAndTheExecutors()
      throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    String app = "payments-etl";
    new PlanWriter().write(Fixtures.plan(app, b -> b), work.resolve(app));
    Path overlay = work.resolve(app).resolve("k8s/overlays/prod");
    uncommentPatches(overlay.resolve("kustomization.yaml"));
    uncommentScheduling(overlay.resolve("executor-scheduling.yaml"));

    Rendered rendered = Render.kustomize(kubectl, overlay);
    Checks.allValidAgainstKubernetesSchemas(rendered);
    Map<String, Object> apiServer = rendered.one("NetworkPolicy", app + "-driver-api-server");
    assertThat(Checks.rules(apiServer, "egress"))
        .containsExactly("to ip 192.0.2.10/32 TCP 443,TCP 6443");
    assertThat(map(at(apiServer, "spec.podSelector.matchLabels")))
        .isEqualTo(Map.of("app.kubernetes.io/name", app, "spark-role", "driver"));
    assertThat(Checks.rules(rendered.one("NetworkPolicy", app + "-driver"), "egress"))
        .contains(Checks.CLUSTER_DNS);

    // The second entry: where the driver runs, in this environment only.
    Map<String, Object> pod = map(at(rendered.one("Job", app + "-driver"), "spec.template.spec"));
    assertThat(pod)
        .containsEntry("priorityClassName", "spark-batch")
        .containsEntry("nodeSelector", Map.of("node-pool", "spark"));
    assertThat(list(pod.get("tolerations")))
        .containsExactly(
            Map.of(
                "key", "dedicated", "operator", "Equal", "value", "spark", "effect", "NoSchedule"));
    assertThat(PodSecurity.violations(pod)).isEmpty();
    Rendered staging = Render.kustomize(kubectl, work.resolve(app).resolve("k8s/overlays/staging"));
    assertThat(staging.one("Job", app + "-driver"))
        .as("other environments unchanged")
        .satisfies(
            j ->
                assertThat(map(at(j, "spec.template.spec")))
                    .doesNotContainKeys("priorityClassName", "nodeSelector", "tolerations"));

    // The scheduling file: where the executors run, in this environment only; what the feature
    // step reads from the driver's file system and merges.
    Map<String, Object> scheduling = map(Checks.schedulingFile(rendered).get("spec"));
    assertThat(scheduling)
        .containsEntry("priorityClassName", "spark-batch")
        .containsEntry("nodeSelector", Map.of("node-pool", "spark"))
        .containsKey("affinity");
    assertThat(list(scheduling.get("tolerations")))
        .containsExactly(
            Map.of(
                "key", "dedicated", "operator", "Equal", "value", "spark", "effect", "NoSchedule"));
    assertThat(
            map(
                at(
                    list(at(
                            scheduling,
                            "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"))
                        .get(0),
                    "podAffinityTerm.labelSelector.matchLabels")))
        .as("the executors of this environment: the labels Spark gives them")
        .isEqualTo(Map.of("spark-role", "executor", "app.kubernetes.io/instance", app + "-prod"));
    Environment prod =
        new Environment(
            "prod",
            "k8s/overlays/prod",
            rendered,
            Render.kustomize(kubectl, overlay.resolve("shared")));
    for (String rule :
        List.of("executor-scheduling", "rbac", "spark-references", "kubernetes-schema")) {
      assertThat(Rules.check(rule, prod)).as(rule).isEmpty();
    }
    Checks.executorScheduling(staging);

    // The executors' node pool: a Spark setting of the overlay, as Spark reads it.
    Path properties = overlay.resolve("spark.properties");
    String line = "# spark.kubernetes.executor.node.selector.node-pool=spark";
    assertThat(Files.readAllLines(properties)).containsOnlyOnce(line);
    Files.writeString(properties, Files.readString(properties).replace(line, line.substring(2)));
    assertThat(
            Render.kustomize(kubectl, overlay)
                .sparkProperties()
                .getProperty("spark.kubernetes.executor.node.selector.node-pool"))
        .isEqualTo("spark");
  }

  /**
   * The scheduled form keeps every patch of the overlay (issue 23: a priorityClassName patch
   * vanished from the CronJob): with the schedule component and its transformer uncommented, as the
   * overlay's comments say, the CronJob's jobs carry the overlay's own Job patch, the tier's
   * deadline and driver, the overlay's image and labels, and no Job runs at once.
   */
  @org.junit.jupiter.api.Test
  void theScheduledFormKeepsEveryJobPatchOfTheOverlay() throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    String app = "payments-etl";
    new PlanWriter().write(Fixtures.plan(app, b -> b), work.resolve(app));
    Path overlay = work.resolve(app).resolve("k8s/overlays/prod");
    uncommentPatches(overlay.resolve("kustomization.yaml"));
    uncomment(
        overlay.resolve("kustomization.yaml"),
        "  # - ../../base/components/schedule",
        "# transformers:",
        "#   - ../../base/components/schedule/job-to-cronjob");

    Rendered rendered = Render.kustomize(kubectl, overlay);

    assertThat(rendered.ofKind("Job")).as("a Job that would run at once").isEmpty();
    Map<String, Object> jobs =
        map(at(rendered.one("CronJob", app + "-driver"), "spec.jobTemplate.spec"));
    assertThat(((Number) jobs.get("activeDeadlineSeconds")).longValue())
        .as("tier-prod's deadline")
        .isEqualTo(14400L);
    Map<String, Object> pod = map(at(jobs, "template.spec"));
    assertThat(pod)
        .as("the overlay's own patch of the Job")
        .containsEntry("priorityClassName", "spark-batch")
        .containsEntry("nodeSelector", Map.of("node-pool", "spark"));
    Map<String, Object> driver = list(pod.get("containers")).get(0);
    assertThat(at(driver, "resources.limits.memory")).as("tier-prod's driver").isEqualTo("2560Mi");
    assertThat(String.valueOf(driver.get("image"))).as("the overlay's image").isEqualTo(app);
    assertThat(map(at(jobs, "template.metadata.labels")))
        .containsEntry("app.kubernetes.io/name", app)
        .containsEntry("spark-role", "driver");
    Environment prod =
        new Environment(
            "prod",
            "k8s/overlays/prod",
            rendered,
            Render.kustomize(kubectl, overlay.resolve("shared")));
    for (String rule :
        List.of("driver-workload", "kubernetes-schema", "driver-resources", "rbac")) {
      assertThat(Rules.check(rule, prod)).as(rule).isEmpty();
    }
  }

  /**
   * A mirrored base image pinned by digest (--base-image) is what Jib builds on (pom.xml) and what
   * the History Server runs, by that digest.
   */
  @org.junit.jupiter.api.Test
  void aBaseImagePinnedByDigestReachesThePomAndTheHistoryServer() throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    String app = "payments-etl";
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    String reference =
        "registry.example.com:5000/mirror/apache/spark:4.2.0-scala2.13-java17-ubuntu@" + digest;
    new PlanWriter().write(Fixtures.plan(app, b -> b.baseImage(reference)), work.resolve(app));
    assertThat(Files.readString(work.resolve(app).resolve("pom.xml")))
        .contains("<spark.base.image>" + reference + "</spark.base.image>");

    Path overlay = work.resolve(app).resolve("k8s/overlays/prod");
    uncomment(
        overlay.resolve("shared/kustomization.yaml"),
        "  # - ../../../base/components/history-server");
    Rendered shared = Render.kustomize(kubectl, overlay.resolve("shared"));
    Checks.allValidAgainstKubernetesSchemas(shared);
    assertThat(
            list(at(
                    shared.one("Deployment", app + "-history-server"),
                    "spec.template.spec.containers"))
                .get(0))
        .containsEntry("image", reference);
  }

  /**
   * The queues, switched on as the overlay's comments say: with kueue the Job is created suspended
   * and names its LocalQueue, and the executors name the same one; with yunikorn the driver's pod
   * and the executors are scheduled by YuniKorn in one queue, each run's executors one application
   * and one task group. What the feature step adds to each executor pod (group, count, definition)
   * is SparkOnKubernetesIT's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optIns")
  void queuesSwitchOnAsTheOverlaySays(String env) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    String app = "payments-etl";
    new PlanWriter()
        .write(
            Fixtures.plan(app, b -> b.envs(List.of("dev", "staging", "prod"))), work.resolve(app));
    Path overlay = work.resolve(app).resolve("k8s/overlays/" + env);
    Path kustomization = overlay.resolve("kustomization.yaml");
    String original = Files.readString(kustomization);

    uncomment(kustomization, "  # - ../../base/components/kueue");
    Rendered kueue = Render.kustomize(kubectl, overlay);
    Checks.allValidAgainstKubernetesSchemas(kueue);
    Map<String, Object> job = Checks.driverJob(kueue, app + "-driver");
    assertThat(at(job, "spec.suspend")).as("created suspended, for Kueue to admit").isEqualTo(true);
    assertThat(map(at(job, "metadata.labels"))).containsEntry("kueue.x-k8s.io/queue-name", "spark");
    assertThat(
            kueue
                .sparkProperties()
                .getProperty("spark.kubernetes.executor.label.kueue.x-k8s.io/queue-name"))
        .as("the executors in the Job's queue")
        .isEqualTo("spark");
    assertThat(kueue.sparkProperties().getProperty("spark.kubernetes.scheduler.name")).isNull();

    Files.writeString(kustomization, original);
    uncomment(kustomization, "  # - ../../base/components/yunikorn");
    Rendered yunikorn = Render.kustomize(kubectl, overlay);
    Checks.allValidAgainstKubernetesSchemas(yunikorn);
    Map<String, Object> driver = Checks.driverJob(yunikorn, app + "-driver");
    assertThat(at(driver, "spec.suspend")).isNull();
    assertThat(at(driver, "spec.template.spec.schedulerName")).isEqualTo("yunikorn");
    assertThat(map(at(driver, "spec.template.metadata.annotations")))
        .containsEntry("yunikorn.apache.org/queue", "root.spark");
    Properties spark = yunikorn.sparkProperties();
    assertThat(spark.getProperty("spark.kubernetes.scheduler.name")).isEqualTo("yunikorn");
    assertThat(spark.getProperty("spark.kubernetes.executor.annotation.yunikorn.apache.org/queue"))
        .as("the executors in the driver's queue")
        .isEqualTo("root.spark");
    assertThat(spark.getProperty("spark.kubernetes.executor.annotation.yunikorn.apache.org/app-id"))
        .as("one application per run: Spark replaces the placeholder")
        .isEqualTo("{{APP_ID}}");
    assertThat(
            spark.getProperty(
                "spark.kubernetes.executor.annotation.yunikorn.apache.org/task-group-name"))
        .isEqualTo("spark-executor");
    assertThat(spark.getProperty("spark.plugins.defaultList"))
        .as("the driver that gives up on executors that never come")
        .isEqualTo("dev.sparkgen.runtime.ExecutorWaitTimeout");
  }

  static Stream<String> optIns() {
    return Stream.of("staging", "prod");
  }

  /**
   * Uncomments the overlay's commented {@code patches:} block, every entry of it, as a team would.
   */
  static void uncommentPatches(Path kustomization) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(kustomization));
    int start = lines.indexOf("# patches:");
    assertThat(start).as("the commented patches").isNotNegative();
    for (int i = start; i < lines.size() && lines.get(i).startsWith("#"); i++) {
      lines.set(i, lines.get(i).substring(2));
    }
    Files.write(kustomization, lines);
  }

  /** The executors' scheduling file with its example uncommented, as a team does. */
  static void uncommentScheduling(Path file) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    int spec = lines.indexOf("spec:");
    assertThat(spec).as("spec: in " + file).isNotNegative();
    for (int i = spec + 1; i < lines.size(); i++) {
      assertThat(lines.get(i)).as(file + " line " + (i + 1)).startsWith("  # ");
      lines.set(i, "  " + lines.get(i).substring(4));
    }
    Files.write(file, lines);
  }

  /** Removes the comment mark of each line, which must be there exactly once. */
  static void uncomment(Path file, String... lines) throws java.io.IOException {
    String text = Files.readString(file);
    for (String line : lines) {
      assertThat(text.split("\n", -1)).as(file + ": " + line).containsOnlyOnce(line);
      text = text.replace(line + "\n", line.replaceFirst("# ", "") + "\n");
    }
    Files.writeString(file, text);
  }

  record Shared(Rendered rendered) {}

  /**
   * The overlay's shared/ kustomization: the long-lived objects skaffold never deploys nor deletes.
   * A namespace (with quota and limit range) only on a cluster the team owns, the History Server
   * and its volume only in prod-tier environments, everything else as restricted and labelled as
   * the job's own objects, and the History Server on the official image of the application's Spark.
   */
  static Shared shared(
      Path kubectl,
      Path overlay,
      String app,
      String namespace,
      boolean local,
      boolean history,
      String where,
      String baseImage) {
    Rendered shared = Render.kustomize(kubectl, overlay.resolve("shared"));
    String whereShared = where + "shared/: ";
    Checks.allValidAgainstKubernetesSchemas(shared);
    // The driver's rights: the one part of an environment a team holding only `edit` cannot
    // apply, so never part of what skaffold deploys.
    List<String> expected =
        new java.util.ArrayList<>(
            List.of("Role/" + app + "-driver", "RoleBinding/" + app + "-driver"));
    Checks.driverRbac(shared, app + "-driver", app + "-driver");
    assertThat(list(at(shared.one("RoleBinding", app + "-driver"), "subjects")))
        .as(whereShared + "the binding's subject, in the overlay's namespace")
        .containsExactly(
            Map.of("kind", "ServiceAccount", "name", app + "-driver", "namespace", namespace));
    if (local) {
      expected.addAll(
          List.of(
              "Namespace/" + namespace,
              "ResourceQuota/" + app + "-quota",
              "LimitRange/" + app + "-defaults"));
    }
    if (history) {
      expected.addAll(
          List.of(
              "PersistentVolumeClaim/" + app + "-spark-events",
              "ServiceAccount/" + app + "-history-server",
              "Deployment/" + app + "-history-server",
              "Service/" + app + "-history-server",
              "NetworkPolicy/" + app + "-history-server"));
    }
    assertThat(shared.kindsAndNames().stream().filter(k -> !k.startsWith("ConfigMap/")))
        .as(whereShared + "objects")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(shared.ofKind("ConfigMap")).as(whereShared + "config maps").hasSize(history ? 1 : 0);
    for (Map<String, Object> d : shared.documents()) {
      Map<String, Object> metadata = map(d.get("metadata"));
      assertThat(map(metadata.get("labels")))
          .as(whereShared + name(d))
          .containsEntry("app.kubernetes.io/name", app);
      if (d.get("kind").equals("Namespace")) {
        assertThat(map(metadata.get("labels")))
            .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
      } else {
        assertThat(metadata).as(whereShared + name(d)).containsEntry("namespace", namespace);
      }
    }
    shared
        .podSpecs()
        .forEach(
            (pod, spec) -> {
              assertThat(PodSecurity.violations(spec)).as(whereShared + pod).isEmpty();
              list(spec.get("containers"))
                  .forEach(
                      c -> assertThat(c.get("image")).as(whereShared + pod).isEqualTo(baseImage));
            });
    if (history) {
      assertThat(list(at(shared.one("Service", app + "-history-server"), "spec.ports")).get(0))
          .containsEntry("port", 18080);
    }
    return new Shared(shared);
  }

  /** The apache/spark image the generated pom builds on. */
  static String spark(Path repo) throws java.io.IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<spark.base.image>([^<@]+)")
            .matcher(Files.readString(repo.resolve("pom.xml")));
    assertThat(m.find()).as("spark.base.image in pom.xml").isTrue();
    return m.group(1);
  }

  static void dynamic(Properties spark, int min, int max) {
    assertThat(spark.getProperty("spark.dynamicAllocation.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.enabled"))
        .isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.timeout")).isNotBlank();
    assertThat(spark.getProperty("spark.dynamicAllocation.minExecutors"))
        .isEqualTo(String.valueOf(min));
    assertThat(spark.getProperty("spark.dynamicAllocation.initialExecutors"))
        .isEqualTo(String.valueOf(min));
    assertThat(spark.getProperty("spark.dynamicAllocation.maxExecutors"))
        .isEqualTo(String.valueOf(max));
    assertThat(spark.getProperty("spark.decommission.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.storage.decommission.enabled")).isEqualTo("true");
    assertThat(spark.stringPropertyNames()).doesNotContain("spark.executor.instances");
  }
}
