package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.validate.Environment;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.Rules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Assertions shared by the base and overlay tests, each naming what it protects. */
final class Checks {

  private Checks() {}

  /**
   * Every object valid against the official Kubernetes schema of its kind (the executor template as
   * a Pod), nothing cluster-scoped: the rules `sparkgen validate` applies, from the same code.
   */
  static void allValidAgainstKubernetesSchemas(Rendered rendered) {
    assertThat(Rules.check("kubernetes-schema", environment(rendered))).isEmpty();
  }

  static void nothingClusterScoped(Rendered rendered) {
    assertThat(Rules.check("namespaced-only", environment(rendered))).isEmpty();
    assertThat(rendered.text()).doesNotContain("ClusterRole", "kind: Secret");
  }

  /** A rendered kustomization as validate sees an environment's deployed objects. */
  static Environment environment(Rendered rendered) {
    return new Environment("test", "rendered", rendered, null);
  }

  /**
   * The driver may manage its executor pods in its own namespace, and nothing else (no ConfigMaps,
   * Services or PodTemplates): exactly this rule, bound to its account only. {@code rendered} is
   * what holds the Role: an overlay's shared/ (applied with {@code admin}), or the base with
   * component driver-rbac.
   */
  static void driverRbac(Rendered rendered, String role, String serviceAccount) {
    assertThat(rendered.ofKind("Role")).hasSize(1);
    assertThat(list(at(rendered.one("Role", role), "rules")))
        .containsExactly(
            Map.of(
                "apiGroups",
                List.of(""),
                "resources",
                List.of("pods"),
                "verbs",
                List.of("get", "list", "watch", "create", "delete", "deletecollection")));
    assertThat(rendered.ofKind("PodTemplate")).isEmpty();
    Map<String, Object> binding = rendered.one("RoleBinding", role);
    assertThat(map(binding.get("roleRef")))
        .containsEntry("kind", "Role")
        .containsEntry("name", role);
    assertThat(list(binding.get("subjects")))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .containsEntry("kind", "ServiceAccount")
                    .containsEntry("name", serviceAccount));
    // Neither account mounts a token by default; only the driver's pod asks for one.
    rendered
        .ofKind("ServiceAccount")
        .forEach(
            sa -> assertThat(sa).as(name(sa)).containsEntry("automountServiceAccountToken", false));
  }

  /**
   * The spark-submit Job: client mode in its own pod, named from the downward API, with limits on
   * everything.
   */
  static Map<String, Object> driverJob(Rendered rendered, String jobName) {
    Map<String, Object> job = rendered.one("Job", jobName);
    assertThat(map(job.get("spec")))
        .containsKeys("backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished");
    Map<String, Object> pod = map(at(job, "spec.template.spec"));
    assertThat(pod)
        .containsEntry("restartPolicy", "Never")
        .containsEntry("automountServiceAccountToken", true);
    assertThat(map(at(job, "spec.template.metadata.labels"))).containsEntry("spark-role", "driver");
    noMeshSidecar(map(at(job, "spec.template")), "driver pod");
    // Disruptions (drain, preemption, eviction) start the driver again without using up
    // backoffLimit.
    assertThat(list(at(job, "spec.podFailurePolicy.rules")))
        .containsExactly(
            Map.of(
                "action",
                "Ignore",
                "onPodConditions",
                List.of(Map.of("type", "DisruptionTarget"))));
    Map<String, Object> driver =
        list(pod.get("containers")).stream()
            .filter(c -> "driver".equals(c.get("name")))
            .findFirst()
            .orElseThrow();
    assertThat(list(driver.get("env")))
        .contains(
            Map.of(
                "name",
                "POD_NAME",
                "valueFrom",
                Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))),
            Map.of(
                "name",
                "POD_NAMESPACE",
                "valueFrom",
                Map.of("fieldRef", Map.of("fieldPath", "metadata.namespace"))),
            Map.of(
                "name",
                "POD_IP",
                "valueFrom",
                Map.of("fieldRef", Map.of("fieldPath", "status.podIP"))));
    diskWithinLimit(pod, driver, "driver pod");
    Map<String, Object> mainClass =
        list(driver.get("env")).stream()
            .filter(e -> "SPARK_APP_MAIN_CLASS".equals(e.get("name")))
            .findFirst()
            .orElseThrow();
    String appConfig = (String) at(mainClass, "valueFrom.configMapKeyRef.name");
    assertThat(appConfig)
        .as("the main class comes from the generated ConfigMap spark-app")
        .matches("(.+-)?spark-app-[a-z0-9]{10}");
    assertThat(at(mainClass, "valueFrom.configMapKeyRef.key")).isEqualTo("main-class");
    assertThat(rendered.ofKind("ConfigMap")).extracting(Rendered::name).contains(appConfig);
    String script = String.join("\n", Rendered.strings(driver.get("args")));
    assertThat(script)
        .contains(
            "--conf spark.kubernetes.driver.pod.name=\"$POD_NAME\"",
            "--conf spark.kubernetes.namespace=\"$POD_NAMESPACE\"",
            "--properties-file /tmp/spark.properties",
            // Client mode cannot read a local:// jar's manifest: the class is named.
            "--class \"$SPARK_APP_MAIN_CLASS\"",
            // Each run's own address, never a Service shared by overlapping runs.
            "--conf spark.driver.host=\"$POD_IP\"",
            // k8s/base's settings first, the environment's last (ConfigMap spark-env-conf).
            "cat \"$conf/spark.properties\"",
            "cat /opt/spark/conf.env/*.properties",
            "} > /tmp/spark.properties",
            // The jar where Jib puts it (pom.xml: appRoot /opt/spark/app, finalName app, packaged
            // mode).
            "local:///opt/spark/app/classpath/app.jar");
    assertThat(script).doesNotContain("--deploy-mode cluster");
    assertThat(map(driver.get("resources"))).containsOnlyKeys("requests", "limits");
    assertThat(map(at(driver, "resources.requests"))).containsKeys("cpu", "memory");
    assertThat(map(at(driver, "resources.limits"))).containsKeys("cpu", "memory");
    // Writable only where Spark writes; its configuration mounted read-only.
    assertThat(mounts(driver))
        .containsEntry("/tmp", "tmp")
        .containsEntry("/opt/spark/work-dir", "work-dir")
        .containsEntry("/opt/spark/conf.d", "spark-conf")
        .containsEntry("/opt/spark/conf.env", "spark-env-conf")
        .containsEntry("/opt/spark/pod-templates", "spark-pod-templates");
    return job;
  }

  /** A mesh sidecar would keep the pod running after Spark exits (the Job never completes). */
  static void noMeshSidecar(Map<String, Object> pod, String what) {
    assertThat(map(at(pod, "metadata.labels")))
        .as(what + ": Istio")
        .containsEntry("sidecar.istio.io/inject", "false");
    assertThat(map(at(pod, "metadata.annotations")))
        .as(what + ": Linkerd")
        .containsEntry("linkerd.io/inject", "disabled");
  }

  /**
   * Executors: their own token-less identity, restricted, writable work dir and /tmp, a grace
   * period Spark agrees with.
   */
  static void executorTemplate(Rendered rendered) {
    Map<String, Object> template = rendered.executorTemplate();
    assertThat(template).containsEntry("kind", "Pod");
    Map<String, Object> spec = map(template.get("spec"));
    assertThat(spec)
        .containsEntry("automountServiceAccountToken", false)
        .doesNotContainKey("serviceAccountName");
    assertThat(map(at(template, "metadata.labels"))).containsEntry("spark-role", "executor");
    noMeshSidecar(template, "executor pod template");
    Map<String, Object> container = list(spec.get("containers")).get(0);
    assertThat(container).containsEntry("name", "executor").doesNotContainKey("image");
    assertThat(mounts(container))
        .containsEntry("/tmp", "tmp")
        .containsEntry("/opt/spark/work-dir", "work-dir")
        .containsEntry("/var/data/spark-local-dir-1", "spark-local-dir-1");
    diskWithinLimit(spec, container, "executor pod template");
    Properties spark = rendered.sparkProperties();
    assertThat(spark.getProperty("spark.kubernetes.executor.podTemplateContainerName"))
        .isEqualTo("executor");
    assertThat(spark.getProperty("spark.kubernetes.executor.podTemplateFile"))
        .isEqualTo("/opt/spark/pod-templates/executor.yaml");
    assertThat(spark.getProperty("spark.kubernetes.executor.terminationGracePeriodSeconds"))
        .isEqualTo(String.valueOf(spec.get("terminationGracePeriodSeconds")));
  }

  /**
   * Disk is declared and bounded: an ephemeral-storage request and limit on the container (so a
   * LimitRange's default never decides it), every writable volume a size-limited emptyDir, and
   * those sizes, which count against the pod, below the limit with room for the log.
   */
  static void diskWithinLimit(
      Map<String, Object> spec, Map<String, Object> container, String where) {
    Object request = at(container, "resources.requests.ephemeral-storage");
    Object limit = at(container, "resources.limits.ephemeral-storage");
    assertThat(request).as("%s ephemeral-storage request", where).isNotNull();
    assertThat(limit).as("%s ephemeral-storage limit", where).isNotNull();
    long volumes = 0;
    for (Map<String, Object> volume : list(spec.get("volumes"))) {
      if (volume.containsKey("emptyDir")) {
        Object size = at(volume, "emptyDir.sizeLimit");
        assertThat(size).as("%s volume %s sizeLimit", where, volume.get("name")).isNotNull();
        volumes += gibibytes(size);
      }
    }
    assertThat(volumes)
        .as(
            "%s: its emptyDirs' sizes (GiB) leave room for the log under its limit %s",
            where, limit)
        .isLessThan(gibibytes(limit));
    assertThat(gibibytes(request))
        .as("%s request within limit", where)
        .isLessThanOrEqualTo(gibibytes(limit));
  }

  private static long gibibytes(Object quantity) {
    String text = String.valueOf(quantity);
    assertThat(text).as("a quantity in Gi").endsWith("Gi");
    return Long.parseLong(text.substring(0, text.length() - 2));
  }

  static void baseSparkSettings(Properties spark) {
    assertThat(spark.getProperty("spark.master")).isEqualTo("k8s://https://kubernetes.default.svc");
    assertThat(spark.getProperty("spark.submit.deployMode")).isEqualTo("client");
    assertThat(spark.getProperty("spark.driver.bindAddress")).isEqualTo("0.0.0.0");
    assertThat(spark.getProperty("spark.driver.port")).isEqualTo("7078");
    assertThat(spark.getProperty("spark.driver.blockManager.port")).isEqualTo("7079");
    assertThat(spark.getProperty("spark.blockManager.port")).isEqualTo("7079");
    assertThat(spark.getProperty("spark.ui.port")).isEqualTo("4040");
    // Jib's dependency layer (/opt/spark/app/libs) on both class paths, or the job's libraries
    // never load.
    assertThat(spark.getProperty("spark.driver.extraClassPath")).isEqualTo("/opt/spark/app/libs/*");
    assertThat(spark.getProperty("spark.executor.extraClassPath"))
        .isEqualTo("/opt/spark/app/libs/*");
    assertThat(spark.getProperty("spark.kubernetes.driver.ownPersistentVolumeClaim"))
        .isEqualTo("false");
    assertThat(spark.getProperty("spark.kubernetes.driver.reusePersistentVolumeClaim"))
        .isEqualTo("false");
    // Spark's own traffic authenticated and encrypted, spill and shuffle files encrypted, no kill
    // from the UI.
    assertThat(spark.getProperty("spark.authenticate")).isEqualTo("true");
    assertThat(spark.getProperty("spark.network.crypto.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.io.encryption.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.ui.killEnabled")).isEqualTo("false");
    assertThat(spark.getProperty("spark.ui.prometheus.enabled")).isEqualTo("true");
    assertThat(spark.getProperty("spark.metrics.conf.*.sink.prometheusServlet.class"))
        .isEqualTo("org.apache.spark.metrics.sink.PrometheusServlet");
    assertThat(spark.getProperty("spark.metrics.conf.*.sink.prometheusServlet.path"))
        .isEqualTo("/metrics/prometheus");
    assertThat(spark.getProperty("spark.executor.memoryOverhead")).isNotBlank();
    assertThat(spark.getProperty("spark.kubernetes.executor.limit.cores")).isNotBlank();
    assertThat(spark.getProperty("spark.kubernetes.executor.request.cores")).isNotBlank();
    assertThat(spark.stringPropertyNames())
        .doesNotContain(
            "spark.kubernetes.container.image",
            "spark.kubernetes.executor.container.image",
            "spark.kubernetes.authenticate.driver.serviceAccountName",
            "spark.kubernetes.executor.podNamePrefix");
    // sparkgen's step gives the executors the driver's image and their scheduling
    // (src/sparkgen/java).
    assertThat(spark.getProperty("spark.kubernetes.executor.pod.featureSteps"))
        .isEqualTo("dev.sparkgen.runtime.ExecutorPodFeatureStep");
  }

  /**
   * The executors' scheduling as {@code rendered} ships it: key executor-scheduling.yaml of
   * ConfigMap spark-pod-templates (mounted in the driver, named by the base's setting), a Pod whose
   * spec schedules nothing until a team uncomments its example; and no PodTemplate object, which no
   * tenant role may create.
   */
  static void executorScheduling(Rendered rendered) {
    Map<String, Object> file = schedulingFile(rendered);
    assertThat(file).containsEntry("apiVersion", "v1").containsEntry("kind", "Pod");
    assertThat(map(file.get("spec"))).isEmpty();
    assertThat(rendered.sparkProperties().getProperty(Rules.SCHEDULING_SETTING))
        .isEqualTo("/opt/spark/pod-templates/executor-scheduling.yaml");
    assertThat(rendered.ofKind("PodTemplate")).isEmpty();
  }

  /**
   * Key executor-scheduling.yaml of ConfigMap spark-pod-templates, parsed: the file the driver
   * reads.
   */
  static Map<String, Object> schedulingFile(Rendered rendered) {
    Map<String, Object> templates =
        rendered.ofKind("ConfigMap").stream()
            .filter(d -> name(d).contains("spark-pod-templates"))
            .findFirst()
            .orElseThrow();
    return map(
        new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
            .loadFromString((String) map(templates.get("data")).get("executor-scheduling.yaml")));
  }

  /**
   * Deny by default; driver: RPC and block manager from executors, UI from the monitoring
   * namespace, out to executors, the API server and DNS; executors: block manager from the
   * application's pods, out to the driver, each other and DNS. {@code appLabels} are the labels the
   * overlay adds to every selector.
   */
  static void networkPolicies(Rendered rendered, Map<String, String> appLabels) {
    Map<String, Object> deny =
        rendered.ofKind("NetworkPolicy").stream()
            .filter(p -> name(p).endsWith("default-deny"))
            .findFirst()
            .orElseThrow();
    assertThat(map(deny.get("spec"))).doesNotContainKeys("ingress", "egress");
    assertThat(Rendered.strings(at(deny, "spec.policyTypes"))).containsExactly("Ingress", "Egress");
    assertThat(map(at(deny, "spec.podSelector.matchLabels"))).isEqualTo(appLabels);

    Map<String, Object> driver = policy(rendered, "driver");
    assertThat(map(at(driver, "spec.podSelector.matchLabels")))
        .isEqualTo(with(appLabels, "spark-role", "driver"));
    assertThat(rules(driver, "ingress"))
        .containsExactlyInAnyOrder(
            "from pods " + with(appLabels, "spark-role", "executor") + " TCP 7078,TCP 7079",
            "from namespace monitoring TCP 4040");
    assertThat(rules(driver, "egress"))
        .containsExactlyInAnyOrder(
            "to pods " + with(appLabels, "spark-role", "executor") + " TCP 7079", CLUSTER_DNS);
    // The API server, apart, so that an overlay's patch narrows exactly this rule.
    Map<String, Object> apiServer = policy(rendered, "driver-api-server");
    assertThat(map(at(apiServer, "spec.podSelector.matchLabels")))
        .isEqualTo(with(appLabels, "spark-role", "driver"));
    assertThat(Rendered.strings(at(apiServer, "spec.policyTypes"))).containsExactly("Egress");
    assertThat(rules(apiServer, "egress")).containsExactly("to anywhere TCP 443,TCP 6443");

    Map<String, Object> executor = policy(rendered, "executor");
    assertThat(map(at(executor, "spec.podSelector.matchLabels")))
        .isEqualTo(with(appLabels, "spark-role", "executor"));
    assertThat(rules(executor, "ingress"))
        .containsExactly(
            "from pods "
                + with(appLabels, "spark-role", "driver")
                + "|pods "
                + with(appLabels, "spark-role", "executor")
                + " TCP 7079");
    assertThat(rules(executor, "egress"))
        .containsExactlyInAnyOrder(
            "to pods " + with(appLabels, "spark-role", "driver") + " TCP 7078,TCP 7079",
            "to pods " + with(appLabels, "spark-role", "executor") + " TCP 7079",
            CLUSTER_DNS);
  }

  /**
   * DNS only to the cluster's DNS pods (selected by an expression the overlays' labels never reach)
   * and NodeLocal DNSCache's address.
   */
  static final String CLUSTER_DNS =
      "to namespace kube-system pods k8s-app In [kube-dns]|ip 169.254.20.10/32 UDP 53,TCP 53";

  private static Map<String, Object> policy(Rendered rendered, String suffix) {
    return rendered.ofKind("NetworkPolicy").stream()
        .filter(p -> name(p).endsWith("-" + suffix) || name(p).equals(suffix))
        .filter(p -> !name(p).endsWith("history-server"))
        .filter(p -> suffix.equals("driver-api-server") || !name(p).endsWith("api-server"))
        .findFirst()
        .orElseThrow();
  }

  /** Each rule as "from|to <peers> <protocol port>,...", readable in a failure message. */
  static List<String> rules(Map<String, Object> policy, String direction) {
    String peersKey = direction.equals("ingress") ? "from" : "to";
    return list(at(policy, "spec." + direction)).stream()
        .map(
            rule -> {
              List<Map<String, Object>> peers = list(rule.get(peersKey));
              String who =
                  peers.isEmpty()
                      ? "anywhere"
                      : String.join("|", peers.stream().map(Checks::peer).toList());
              String ports =
                  String.join(
                      ",",
                      list(rule.get("ports")).stream()
                          .map(p -> p.get("protocol") + " " + p.get("port"))
                          .toList());
              return peersKey + " " + who + " " + ports;
            })
        .toList();
  }

  /**
   * "namespace NAME", "pods {labels}", "pods KEY OPERATOR [values]", "ip CIDR", as the peer has
   * them.
   */
  static String peer(Map<String, Object> peer) {
    List<String> parts = new java.util.ArrayList<>();
    if (peer.containsKey("ipBlock")) {
      parts.add("ip " + at(peer, "ipBlock.cidr"));
    }
    if (peer.containsKey("namespaceSelector")) {
      parts.add(
          "namespace "
              + map(at(peer, "namespaceSelector.matchLabels")).get("kubernetes.io/metadata.name"));
    }
    if (peer.containsKey("podSelector")) {
      Map<String, Object> pods = map(peer.get("podSelector"));
      if (pods.containsKey("matchLabels")) {
        parts.add("pods " + new java.util.TreeMap<>(map(pods.get("matchLabels"))));
      }
      if (pods.containsKey("matchExpressions")) {
        list(pods.get("matchExpressions"))
            .forEach(
                e ->
                    parts.add(
                        "pods " + e.get("key") + " " + e.get("operator") + " " + e.get("values")));
      }
    }
    return String.join(" ", parts);
  }

  static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.TreeMap<>(labels);
    all.put(key, value);
    return all;
  }

  /** mountPath → volume name. */
  static Map<String, String> mounts(Map<String, Object> container) {
    Map<String, String> mounts = new LinkedHashMap<>();
    list(container.get("volumeMounts"))
        .forEach(m -> mounts.put((String) m.get("mountPath"), (String) m.get("name")));
    return mounts;
  }
}
