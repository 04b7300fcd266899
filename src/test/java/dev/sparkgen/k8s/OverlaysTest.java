package dev.sparkgen.k8s;

import static dev.sparkgen.testing.YamlTrees.at;
import static dev.sparkgen.k8s.Rendered.list;
import static dev.sparkgen.k8s.Rendered.map;
import static dev.sparkgen.k8s.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.spec.Tier;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every overlay of generated repositories (the default environments, and custom --envs lists),
 * rendered by a real {@code kubectl kustomize} from the repository as written to disk, and
 * checked object by object: what runs where, as whom, with which rights, ports, sizes and Spark
 * settings, and which image.
 */
class OverlaysTest {

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    return Stream.of(
        Arguments.of("demo", List.of("dev", "staging", "prod"), null),
        // A dev namespace given on a shared cluster, and a prod-tier environment on a cluster of one's own.
        Arguments.of("payments-etl", List.of("dev:shared", "qa", "prod"), "registry.example.com/data"),
        Arguments.of("nightly", List.of("local", "uat-eu", "production:local"), "localhost:5000"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("repositories")
  void everyOverlayRendersTheApplicationSecurelyInItsOwnNamespace(String app, List<String> envs, String registry) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Plan plan = Fixtures.plan(app, b -> registry == null ? b.envs(envs) : b.envs(envs).registry(registry));
    Path repo = work.resolve(app);
    new PlanWriter().write(plan, repo);
    String image = registry == null ? app : registry + "/" + app;
    List<String> names = envs.stream().map(e -> e.split(":")[0]).toList();

    try (Stream<Path> overlays = Files.list(repo.resolve("k8s/overlays"))) {
      assertThat(overlays.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(names);
    }
    for (String entry : envs) {
      String env = entry.split(":")[0];
      Tier tier = Tier.forEnvironmentName(env);
      boolean local = entry.endsWith(":local") || (!entry.contains(":") && tier == Tier.DEV);
      String namespace = app + "-" + env;
      Path overlay = repo.resolve("k8s/overlays/" + env);
      Rendered rendered = Rendered.kustomize(kubectl, overlay);
      String where = app + " " + env + ": ";

      // Per-environment Spark settings are a properties file in the overlay, not patches on arguments.
      Map<String, Object> kustomization = map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(overlay.resolve("kustomization.yaml"))));
      assertThat(kustomization).as(where + "overlay kustomization").doesNotContainKeys("patches", "commonLabels", "patchesStrategicMerge", "patchesJson6902", "bases", "vars")
          .containsEntry("namespace", namespace).containsEntry("namePrefix", app + "-");
      assertThat(overlay.resolve("spark.properties")).isRegularFile();

      // Kinds, names, namespaces, labels.
      Checks.allValidAgainstKubernetesSchemas(rendered);
      Checks.nothingClusterScoped(rendered);
      for (Map<String, Object> d : rendered.documents()) {
        String id = where + d.get("kind") + "/" + name(d);
        Map<String, Object> metadata = map(d.get("metadata"));
        if (d.get("kind").equals("Namespace")) {
          assertThat(metadata).as(id).containsEntry("name", namespace).doesNotContainKey("namespace");
          assertThat(map(metadata.get("labels"))).as(id).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        } else {
          assertThat(metadata).as(id).containsEntry("namespace", namespace);
          assertThat(name(d)).as(id).startsWith(app + "-");
        }
        assertThat(map(metadata.get("labels"))).as(id).containsEntry("app.kubernetes.io/name", app);
      }
      // What skaffold deploys (and its clean-up deletes) holds nothing long-lived: those are in shared/.
      assertThat(rendered.kindsAndNames()).as(where + "nothing long-lived in what skaffold deploys")
          .noneMatch(k -> k.startsWith("Namespace/") || k.startsWith("ResourceQuota/") || k.startsWith("LimitRange/")
              || k.startsWith("PersistentVolumeClaim/") || k.startsWith("Deployment/") || k.contains("history-server"));
      Shared shared = shared(kubectl, overlay, app, namespace, local, tier.historyServer(), where, spark(repo));

      // Identity and rights.
      Checks.driverRbac(rendered, app + "-driver", app + "-driver");
      Map<String, Object> job = Checks.driverJob(rendered, app + "-driver");
      Map<String, Object> podSpec = map(at(job, "spec.template.spec"));
      assertThat(podSpec).containsEntry("serviceAccountName", app + "-driver");
      Checks.executorTemplate(rendered);
      Properties spark = rendered.sparkProperties();
      Checks.baseSparkSettings(spark);
      assertThat(spark.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName")).isEqualTo(app + "-executor");
      assertThat(map(rendered.one("ServiceAccount", app + "-executor"))).containsEntry("automountServiceAccountToken", false);

      // Pod Security "restricted" on every pod, executors included; requests and limits on every container.
      rendered.podSpecs().forEach((pod, spec) -> {
        assertThat(PodSecurity.violations(spec)).as(where + pod).isEmpty();
        if (!pod.equals("executor pod template")) {
          list(spec.get("containers")).forEach(c -> assertThat(map(c.get("resources")))
              .as(where + pod + " resources").containsOnlyKeys("requests", "limits")
              .allSatisfy((k, v) -> assertThat(map(v)).containsKeys("cpu", "memory")));
        }
      });

      // The driver's Service is the UI skaffold forwards, nothing else: executors connect to the
      // driver pod's own IP (the Job sets spark.driver.host), which no overlapping run shares.
      Map<String, Object> service = rendered.one("Service", app + "-driver-svc");
      assertThat(map(service.get("spec"))).containsEntry("clusterIP", "None");
      assertThat(map(at(service, "spec.selector"))).isEqualTo(Map.of("app.kubernetes.io/name", app, "spark-role", "driver"));
      assertThat(list(at(service, "spec.ports"))).extracting(p -> p.get("port")).containsExactly(4040);
      assertThat(spark.stringPropertyNames()).as(where + "no settings file names the driver's address").doesNotContain("spark.driver.host");

      // The main class reaches spark-submit --class through the overlay's ConfigMap spark-app.
      Map<String, Object> appConfig = rendered.one("ConfigMap", app + "-spark-app");
      assertThat(map(appConfig.get("data"))).as(where + "ConfigMap spark-app")
          .isEqualTo(Map.of("main-class", Fixtures.spec(app, b -> b).packageName() + ".SparkPi"));
      assertThat(map(at(job, "spec.template.metadata.labels")))
          .containsEntry("app.kubernetes.io/name", app).containsEntry("app.kubernetes.io/instance", namespace);
      // Executors carry the application's labels too, so the NetworkPolicies and the Service tell them apart.
      assertThat(spark.getProperty("spark.kubernetes.executor.label.app.kubernetes.io/name")).isEqualTo(app);
      assertThat(spark.getProperty("spark.kubernetes.executor.label.app.kubernetes.io/instance")).isEqualTo(namespace);
      Checks.networkPolicies(rendered, Map.of("app.kubernetes.io/name", app));

      // Sizes: the driver pod holds spark.driver.memory plus Spark's overhead; executors declare theirs.
      Map<String, Object> driver = list(podSpec.get("containers")).get(0);
      long driverHeap = mebibytes(spark.getProperty("spark.driver.memory"));
      assertThat(mebibytes((String) at(driver, "resources.limits.memory"))).as(where + "driver memory limit")
          .isGreaterThanOrEqualTo(driverHeap + Math.max(384, driverHeap / 10));
      assertThat(millicores(spark.getProperty("spark.kubernetes.executor.request.cores")))
          .isLessThanOrEqualTo(millicores(spark.getProperty("spark.kubernetes.executor.limit.cores")));
      long executorPod = mebibytes(spark.getProperty("spark.executor.memory")) + mebibytes(spark.getProperty("spark.executor.memoryOverhead"));

      // The effective Spark settings of each kind of environment.
      // The effective Spark settings of each kind of environment, as its tier defines them.
      Tier.Executors executors = tier.executors();
      if (!executors.dynamic()) {
        assertThat(spark.getProperty("spark.dynamicAllocation.enabled")).isEqualTo("false");
        assertThat(spark.getProperty("spark.executor.instances")).isEqualTo(String.valueOf(executors.min()));
        if (local) {
          // The quota of the namespace it owns fits the driver and every executor.
          Map<String, Object> hard = map(at(shared.rendered().one("ResourceQuota", app + "-quota"), "spec.hard"));
          assertThat(mebibytes((String) hard.get("limits.memory"))).isGreaterThanOrEqualTo(
              mebibytes((String) at(driver, "resources.limits.memory")) + executors.max() * executorPod);
        }
      } else {
        dynamic(spark, executors.min(), executors.max());
      }
      assertThat(spark.getProperty("spark.executor.cores")).isEqualTo(String.valueOf(executors.cores()));
      assertThat(spark.getProperty("spark.executor.memory")).isEqualTo(executors.memory());
      assertThat(spark.getProperty("spark.executor.memoryOverhead")).isEqualTo(executors.memoryOverhead());
      if (tier.eventLogs()) {
        assertThat(spark.getProperty("spark.eventLog.enabled")).isEqualTo("true");
        assertThat(Checks.mounts(driver)).containsEntry("/var/spark-events", "spark-events");
        // The driver writes to the claim the History Server of shared/ reads.
        assertThat(list(podSpec.get("volumes"))).as(where + "event log volume")
            .anySatisfy(v -> assertThat(map(v.get("persistentVolumeClaim"))).containsEntry("claimName", app + "-spark-events"));
        assertThat(shared.rendered().one("PersistentVolumeClaim", app + "-spark-events")).isNotNull();
      } else {
        assertThat(spark.getProperty("spark.eventLog.enabled")).as(where + "event logs").isNotEqualTo("true");
      }
      assertThat(rendered.kindsAndNames().contains("PodMonitor/" + app + "-driver")).as(where + "PodMonitor").isEqualTo(tier.monitoring());

      // The image: the driver's container (and the History Server's) name the application's
      // image, untagged until skaffold or `kustomize edit set image` tags it; nothing else names
      // an image, so the executors can only get the driver's (ExecutorImage).
      rendered.podSpecs().forEach((pod, spec) -> list(spec.get("containers"))
          .forEach(c -> assertThat(c.get("image")).as(where + pod).isEqualTo(pod.equals("executor pod template") ? null : image)));
      assertThat(spark.stringPropertyNames()).doesNotContain("spark.kubernetes.container.image", "spark.kubernetes.executor.container.image");
    }
  }

  record Shared(Rendered rendered) {}

  /**
   * The overlay's shared/ kustomization: the long-lived objects skaffold never deploys nor deletes.
   * A namespace (with quota and limit range) only on a cluster the team owns, the History Server
   * and its volume only in prod-tier environments, everything else as restricted and labelled as
   * the job's own objects, and the History Server on the official image of the application's Spark.
   */
  static Shared shared(Path kubectl, Path overlay, String app, String namespace, boolean local, boolean history,
      String where, String baseImage) {
    Rendered shared = Rendered.kustomize(kubectl, overlay.resolve("shared"));
    String whereShared = where + "shared/: ";
    Checks.allValidAgainstKubernetesSchemas(shared);
    List<String> expected = new java.util.ArrayList<>();
    if (local) {
      expected.addAll(List.of("Namespace/" + namespace, "ResourceQuota/" + app + "-quota", "LimitRange/" + app + "-defaults"));
    }
    if (history) {
      expected.addAll(List.of("PersistentVolumeClaim/" + app + "-spark-events", "ServiceAccount/" + app + "-history-server",
          "Deployment/" + app + "-history-server", "Service/" + app + "-history-server", "NetworkPolicy/" + app + "-history-server"));
    }
    assertThat(shared.kindsAndNames().stream().filter(k -> !k.startsWith("ConfigMap/")))
        .as(whereShared + "objects").containsExactlyInAnyOrderElementsOf(expected);
    assertThat(shared.ofKind("ConfigMap")).as(whereShared + "config maps").hasSize(history ? 1 : 0);
    for (Map<String, Object> d : shared.documents()) {
      Map<String, Object> metadata = map(d.get("metadata"));
      assertThat(map(metadata.get("labels"))).as(whereShared + name(d)).containsEntry("app.kubernetes.io/name", app);
      if (d.get("kind").equals("Namespace")) {
        assertThat(map(metadata.get("labels"))).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
      } else {
        assertThat(metadata).as(whereShared + name(d)).containsEntry("namespace", namespace);
      }
    }
    shared.podSpecs().forEach((pod, spec) -> {
      assertThat(PodSecurity.violations(spec)).as(whereShared + pod).isEmpty();
      list(spec.get("containers")).forEach(c -> assertThat(c.get("image")).as(whereShared + pod).isEqualTo(baseImage));
    });
    if (history) {
      assertThat(list(at(shared.one("Service", app + "-history-server"), "spec.ports")).get(0)).containsEntry("port", 18080);
    }
    return new Shared(shared);
  }

  /** The apache/spark image the generated pom builds on. */
  static String spark(Path repo) throws java.io.IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<spark.base.image>([^<@]+)")
        .matcher(Files.readString(repo.resolve("pom.xml")));
    assertThat(m.find()).as("spark.base.image in pom.xml").isTrue();
    return m.group(1);
  }

  static void dynamic(Properties spark, int min, int max) {
    assertThat(spark.getProperty("spark.dynamicAllocation.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.dynamicAllocation.shuffleTracking.timeout")).isNotBlank();
    assertThat(spark.getProperty("spark.dynamicAllocation.minExecutors")).isEqualTo(String.valueOf(min));
    assertThat(spark.getProperty("spark.dynamicAllocation.initialExecutors")).isEqualTo(String.valueOf(min));
    assertThat(spark.getProperty("spark.dynamicAllocation.maxExecutors")).isEqualTo(String.valueOf(max));
    assertThat(spark.getProperty("spark.decommission.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.storage.decommission.enabled")).isEqualTo("true");
    assertThat(spark.stringPropertyNames()).doesNotContain("spark.executor.instances");
  }

  /** A Spark size (512m, 4g) or Kubernetes quantity (1536Mi, 32Gi) in MiB. */
  static long mebibytes(String size) {
    String s = size.trim();
    if (s.endsWith("Gi") || s.endsWith("g")) {
      return Long.parseLong(s.replaceAll("(Gi|g)$", "")) * 1024;
    }
    if (s.endsWith("Mi") || s.endsWith("m")) {
      return Long.parseLong(s.replaceAll("(Mi|m)$", ""));
    }
    throw new IllegalArgumentException("unexpected size " + size);
  }

  static long millicores(String cores) {
    return cores.endsWith("m") ? Long.parseLong(cores.substring(0, cores.length() - 1)) : Long.parseLong(cores) * 1000;
  }
}
