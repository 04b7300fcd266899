package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.id;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;
import static dev.sparkgen.validate.Rendered.strings;

import dev.sparkgen.spec.Credentials;
import dev.sparkgen.spec.ImageLayout;
import dev.sparkgen.spec.S3aCredentialProviders;
import dev.sparkgen.spec.SkaffoldConfig;
import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkSizes;
import dev.sparkgen.spec.SparkVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every rule validate applies, in the order findings are reported. Each is a small function of the
 * rendered environment (or the repository); the facts they check against (what the driver needs
 * from RBAC, the namespaced kinds, name limits) are the tables at the top.
 */
public final class Rules {

  /** The base's placeholder image (kustomize-base/job.yaml): {@link ImageLayout#PLACEHOLDER}. */
  public static final String IMAGE_PLACEHOLDER = ImageLayout.PLACEHOLDER;

  /**
   * What the driver needs, in client mode, to manage its executors with the base's settings (no
   * executor ConfigMap, no driver Service to delete, no on-demand claims): nothing more, nothing
   * less (core API group). SparkOnKubernetesIT holds every request the real SparkSubmit makes
   * against the rendered Role.
   */
  public static final Map<String, Set<String>> DRIVER_NEEDS =
      Map.of("pods", Set.of("get", "list", "watch", "create", "delete", "deletecollection"));

  /**
   * Settings that make the driver call the API for more than pods, and the resource each needs
   * while it is at Spark's default: the base switches all of them off.
   */
  static final Map<String, String> SETTINGS_NEEDING_RIGHTS =
      Map.of(
          "spark.kubernetes.executor.disableConfigMap", "configmaps",
          "spark.kubernetes.driver.service.deleteOnTermination", "services");

  /**
   * The setting naming the file the executors are scheduled by: the overlay's
   * executor-scheduling.yaml, mounted from ConfigMap spark-pod-templates.
   */
  public static final String SCHEDULING_SETTING = "spark.sparkgen.executor.scheduling";

  /** sparkgen's executor feature step (src/sparkgen/java): the executors' image and scheduling. */
  static final String FEATURE_STEP = "dev.sparkgen.runtime.ExecutorPodFeatureStep";

  /**
   * The fields of the scheduling file's pod spec the feature step merges into every executor pod.
   */
  static final Set<String> SCHEDULING_FIELDS =
      Set.of(
          "nodeSelector",
          "tolerations",
          "affinity",
          "topologySpreadConstraints",
          "priorityClassName");

  /**
   * Only when spark.kubernetes.driver.ownPersistentVolumeClaim is on: the driver creates and
   * deletes executors' claims.
   */
  static final Set<String> PVC_VERBS =
      Set.of("get", "list", "watch", "create", "delete", "deletecollection");

  /**
   * The kinds a job repository may hold: all namespaced, except the Namespace of a shared/
   * kustomization.
   */
  static final Set<String> NAMESPACED =
      Set.of(
          "ServiceAccount",
          "Role",
          "RoleBinding",
          "ConfigMap",
          "Service",
          "Job",
          "CronJob",
          "NetworkPolicy",
          "Ingress",
          "HTTPRoute",
          "Deployment",
          "PersistentVolumeClaim",
          "ResourceQuota",
          "LimitRange",
          "PodMonitor",
          "ServiceMonitor",
          "PodDisruptionBudget",
          "HorizontalPodAutoscaler",
          "Secret",
          "PodTemplate");

  /**
   * Kinds whose names must be DNS labels (63), and the CronJob's tighter limit (its Jobs append 11
   * characters).
   */
  static final Map<String, Integer> NAME_LIMITS =
      Map.of("Service", 63, "Namespace", 63, "Job", 63, "CronJob", 52, "Deployment", 63);

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /** A cluster-internal host name: service.namespace.svc. */
  static final Pattern SERVICE_HOST =
      Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc\\b");

  /** Spark settings that would set the executors' image in a second place (README "One image"). */
  static final List<String> IMAGE_SETTINGS =
      List.of(
          "spark.kubernetes.container.image",
          "spark.kubernetes.executor.container.image",
          "spark.kubernetes.driver.container.image");

  /** The Spark lines whose keys the jar carries (src/dev/spark-config-keys.sh). */
  static final List<String> SUPPORTED_LINES =
      dev.sparkgen.spec.SparkVersions.RELEASES.stream()
          .map(dev.sparkgen.spec.SparkRelease::line)
          .toList();

  /** Environment variables the cloud SDKs read credentials from. */
  static final Set<String> CREDENTIAL_ENV =
      Set.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AZURE_CLIENT_SECRET",
          "AZURE_STORAGE_KEY",
          "AZURE_STORAGE_SAS_TOKEN");

  /**
   * The ServiceAccount annotations that give a pod a cloud identity (EKS IRSA, GKE, AKS Workload
   * ID).
   */
  static final List<String> IDENTITY_ANNOTATIONS =
      List.of(
          "eks.amazonaws.com/role-arn",
          "iam.gke.io/gcp-service-account",
          "azure.workload.identity/client-id");

  /** AKS Workload ID's webhook injects the token only into pods with this label set to "true". */
  static final String AZURE_IDENTITY_LABEL = "azure.workload.identity/use";

  static final String EXECUTOR_SECRET_REF = "spark.kubernetes.executor.secretKeyRef.";

  static final String KUSTOMIZE_BUILD = "kustomize-build";
  static final String KUSTOMIZE_WARNINGS = "kustomize-warnings";

  public static final List<Rule> ALL =
      List.of(
          // Applied by Validator while rendering, listed here for their ids and summaries.
          new Rule(
              KUSTOMIZE_BUILD, "kubectl kustomize renders the overlay and its shared/", null, null),
          new Rule(
              KUSTOMIZE_WARNINGS,
              "kubectl kustomize renders without warnings (deprecated fields)",
              null,
              null),
          Rule.forEachEnvironment(
              "kubernetes-schema",
              "every object (and the executor template, as a Pod) is valid against the Kubernetes "
                  + JsonSchemas.KUBERNETES_VERSION
                  + " schema of its kind",
              Rules::kubernetesSchema),
          Rule.forEachEnvironment(
              "namespaced-only",
              "nothing cluster-scoped; a Namespace only in shared/",
              Rules::namespacedOnly),
          Rule.forEachEnvironment(
              "shared-namespace",
              "shared/ creates and uses the overlay's namespace",
              Rules::sharedNamespace),
          Rule.forEachEnvironment(
              "driver-workload",
              "the overlay renders the driver: a Job or a CronJob",
              DriverChecks::driverWorkload),
          Rule.forEachEnvironment(
              "name-prefix",
              "every object's name starts with the application's name",
              Rules::namePrefix),
          Rule.forEachEnvironment(
              "object-names",
              "object names are valid and short enough for their kind",
              Rules::objectNames),
          Rule.forEachEnvironment(
              "label-values",
              "label keys and values (executor labels in spark settings too) are valid",
              Rules::labelValues),
          Rule.forEachEnvironment(
              "pod-security",
              "every pod, the executor template included, meets Pod Security \"restricted\" and runs as 185",
              Rules::podSecurity),
          Rule.forEachEnvironment(
              "container-resources",
              "every container declares CPU and memory requests and limits",
              Rules::containerResources),
          Rule.forEachEnvironment(
              "rbac",
              "the driver's Role grants exactly what Spark and the executor feature step need, namespaced, no wildcard, no secrets; executors have no rights",
              Rules::rbac),
          Rule.forEachEnvironment(
              TenantRights.ID,
              "on a shared cluster, the overlay is creatable with edit and shared/ with admin, and no Role or RoleBinding grants more than its applier holds",
              TenantRights.BUILT_IN::check),
          Rule.warnForEachEnvironment(
              "driver-egress",
              "on a shared cluster, no NetworkPolicy lets the driver reach ports 443 or 6443 at any address (a warning)",
              DriverChecks::driverEgress),
          Rule.forEachEnvironment(
              "image-placeholder",
              "no container still runs the base's placeholder image " + IMAGE_PLACEHOLDER,
              Rules::imagePlaceholder),
          Rule.forEachEnvironment(
              "one-image",
              "the executors' image is never set apart from the driver's",
              Rules::oneImage),
          Rule.forEachEnvironment(
              "spark-references",
              "every name a Spark setting mentions exists in the environment",
              Rules::sparkReferences),
          Rule.forEachEnvironment(
              "executor-scheduling",
              "the executors' scheduling file is mounted in the driver, is a Pod, and sets only what reaches the executors; no PodTemplate object",
              Rules::executorScheduling),
          Rule.forEachEnvironment(
              "disk-limits",
              "every container declares an ephemeral-storage request and limit, and each pod's emptyDirs fit below its limits",
              DiskLimits::check),
          Rule.forEachEnvironment(
              "schedule-job-patches",
              "the schedule component comes with its job-to-cronjob transformer, so the CronJob's jobs are the overlay's Job, every patch included",
              ScheduleHalves::check),
          Rule.forEachEnvironment(
              "credentials-in-config",
              "no credential is a Spark setting, an executor environment variable or a literal env value: all of them end up in ConfigMaps or pod specs",
              Rules::credentialsInConfig),
          Rule.forEachEnvironment(
              "s3a-credential-providers",
              "on a Spark whose Hadoop builds S3A on AWS SDK v2 (4.x), no S3A credential provider is an SDK v1 class",
              Rules::s3aCredentialProviders),
          Rule.forEachEnvironment(
              "executor-credentials",
              "executors get the object-store credentials the driver gets: the same Secret keys, a cloud identity on their account too",
              Rules::executorCredentials),
          Rule.forEachEnvironment(
              "event-log-dir",
              "the drivers write their event logs where the History Server reads them, through a connector the image has, and the History Server may reach an object store",
              Rules::eventLogDir),
          Rule.forEachEnvironment(
              "driver-resources",
              "the driver's limits hold spark.driver.memory plus overhead, and its cores",
              Rules::driverResources),
          Rule.forEachEnvironment(
              "executor-cores",
              "executor CPU request <= limit, and enough CPU for spark.executor.cores",
              Rules::executorCores),
          Rule.forEachEnvironment(
              "namespace-quota",
              "the namespace's ResourceQuota admits the driver and every executor",
              Rules::namespaceQuota),
          Rule.forEachEnvironment(
              Queues.ID,
              "a queue's component names the driver's queue for the executors too, and one queue at most",
              Queues::check),
          Rule.forEachEnvironment(
              "skaffold-profile",
              "the skaffold profile of the overlay forwards and hooks into its namespace and Job",
              Rules::skaffoldProfile),
          Rule.forRepository(
              "skaffold-schema",
              "skaffold.yaml is valid against the " + SkaffoldConfig.API_VERSION + " schema",
              Rules::skaffoldSchema),
          Rule.forRepository(
              "skaffold-overlays",
              "every path skaffold.yaml renders or applies is an existing kustomization, and every overlay has a profile",
              Rules::skaffoldOverlays),
          Rule.forRepository(
              "spark-property-unknown",
              "every spark.* key is one the repository's Spark version knows",
              Rules::sparkPropertyUnknown),
          Rule.forRepository(
              "spark-property-duplicate",
              "no key is set twice in one properties file",
              Rules::sparkPropertyDuplicate));

  private Rules() {}

  /** Every rule, tenant-rights holding the environments against {@code rights}. */
  static List<Rule> with(TenantRights rights) {
    return ALL.stream()
        .map(
            r ->
                r.id().equals(TenantRights.ID)
                    ? Rule.forEachEnvironment(r.id(), r.summary(), rights::check)
                    : r)
        .toList();
  }

  /**
   * The findings of one environment rule on one rendered environment, outside any repository: how
   * the generator's own tests hold the base and the templates to the rules validate applies.
   */
  public static List<Finding> check(String ruleId, Environment environment) {
    Rule rule =
        ALL.stream()
            .filter(r -> r.id().equals(ruleId) && r.environmentCheck() != null)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no environment rule " + ruleId));
    List<Finding> findings = new ArrayList<>();
    rule.environmentCheck()
        .check(
            new JobRepository(null, null, null, List.of(environment.name())),
            environment,
            (env, file, object, message, fix) ->
                findings.add(new Finding(ruleId, env, file, object, message, fix)));
    return findings;
  }

  // ---- Kubernetes objects

  static void kubernetesSchema(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      String file = file(env, rendered);
      for (Map<String, Object> document : rendered.documents()) {
        String schema =
            JsonSchemas.kubernetesSchema(
                String.valueOf(document.get("kind")), String.valueOf(document.get("apiVersion")));
        if (!JsonSchemas.exists(schema)) {
          continue; // a custom resource (PodMonitor) or a kind no job repository is expected to
          // hold
        }
        for (String error : JsonSchemas.validate(schema, document)) {
          out.add(
              env.name(),
              file,
              id(document),
              "is invalid against the Kubernetes "
                  + JsonSchemas.KUBERNETES_VERSION
                  + " schema: "
                  + error
                  + ".",
              "correct the field in the patch or resource that sets it (a misspelt or misplaced field is rejected by the API server).");
        }
      }
      Map<String, Object> template = rendered.executorTemplate();
      if (template != null) {
        for (String error :
            JsonSchemas.validate(JsonSchemas.kubernetesSchema("Pod", "v1"), template)) {
          out.add(
              env.name(),
              file,
              Rendered.EXECUTOR_TEMPLATE,
              "is not a valid Pod: " + error + ".",
              "correct executor.yaml of ConfigMap spark-pod-templates (Spark rejects the template when the executors start).");
        }
      }
    }
  }

  // Which of the environment's two renderings a document came from: identity, not content.
  @SuppressWarnings("ReferenceEquality")
  static void namespacedOnly(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      for (Map<String, Object> document : rendered.documents()) {
        String kind = String.valueOf(document.get("kind"));
        boolean namespaceInShared = kind.equals("Namespace") && rendered == env.shared();
        if (!NAMESPACED.contains(kind) && !namespaceInShared) {
          out.add(
              env.name(),
              file(env, rendered),
              id(document),
              kind.equals("Namespace")
                  ? "creates a Namespace in what skaffold deploys, so ending `skaffold dev` deletes it with everything in it."
                  : kind
                      + " is cluster-scoped (or unknown to a job repository): an application team may not create it on a shared cluster.",
              kind.equals("Namespace")
                  ? "move the namespace component to "
                      + env.overlay()
                      + "/shared/kustomization.yaml."
                  : "remove it, or ask the platform team to provide it; use namespaced objects (Role, RoleBinding) only.");
        }
      }
    }
  }

  static void sharedNamespace(JobRepository repo, Environment env, Rule.Sink out) {
    String namespace = env.namespace();
    if (env.shared() == null || namespace == null) {
      return;
    }
    for (Map<String, Object> document : env.shared().documents()) {
      Map<String, Object> metadata = map(document.get("metadata"));
      String actual =
          "Namespace".equals(document.get("kind"))
              ? name(document)
              : (String) metadata.get("namespace");
      if (actual != null && !actual.equals(namespace)) {
        out.add(
            env.name(),
            env.overlay() + "/shared/kustomization.yaml",
            id(document),
            "is in namespace " + actual + ", but the overlay deploys the job to " + namespace + ".",
            "set namespace: "
                + namespace
                + " in "
                + env.overlay()
                + "/shared/kustomization.yaml (or the overlay's back to "
                + actual
                + ").");
      }
    }
  }

  static void namePrefix(JobRepository repo, Environment env, Rule.Sink out) {
    if (repo.app() == null) {
      return;
    }
    for (Rendered rendered : renders(env)) {
      List<String> unprefixed =
          rendered.documents().stream()
              .filter(
                  d -> !"Namespace".equals(d.get("kind")) && !name(d).startsWith(repo.app() + "-"))
              .map(Rendered::id)
              .toList();
      if (!unprefixed.isEmpty()) {
        out.add(
            env.name(),
            file(env, rendered),
            String.join(", ", unprefixed),
            "object names do not start with "
                + repo.app()
                + "-, so they collide with other applications' objects in a shared namespace.",
            "keep namePrefix: " + repo.app() + "- in the kustomization.");
      }
    }
  }

  static void objectNames(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      for (Map<String, Object> document : rendered.documents()) {
        String name = name(document);
        Integer limit = NAME_LIMITS.get(String.valueOf(document.get("kind")));
        boolean label = limit != null;
        int max = label ? limit : 253;
        boolean valid =
            (label ? DNS_LABEL : DNS_SUBDOMAIN).matcher(name).matches()
                && (!"Service".equals(document.get("kind")) || Character.isLetter(name.charAt(0)));
        if (!valid || name.length() > max) {
          out.add(
              env.name(),
              file(env, rendered),
              id(document),
              "name "
                  + name
                  + " is "
                  + (valid
                      ? name.length()
                          + " characters, over the "
                          + max
                          + " a "
                          + document.get("kind")
                          + " may have"
                      : "not a valid "
                          + document.get("kind")
                          + " name (lowercase letters, digits and '-'"
                          + (label ? "" : ", '.'")
                          + ")")
                  + ".",
              "shorten or correct the name (the namePrefix, or the base object's name).");
        }
      }
    }
  }

  static void labelValues(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      for (Map<String, Object> document : rendered.documents()) {
        Map<String, Object> labels = new LinkedHashMap<>(map(at(document, "metadata.labels")));
        labels.putAll(map(at(document, "spec.template.metadata.labels")));
        labels.putAll(map(at(document, "spec.jobTemplate.spec.template.metadata.labels")));
        labels.forEach(
            (key, value) -> label(env, file(env, rendered), id(document), key, value, out));
      }
      Map<String, Object> template = rendered.executorTemplate();
      if (template != null) {
        map(at(template, "metadata.labels"))
            .forEach(
                (k, v) -> label(env, file(env, rendered), Rendered.EXECUTOR_TEMPLATE, k, v, out));
      }
    }
    Properties spark = env.spark();
    for (String key : new TreeSet<>(spark.stringPropertyNames())) {
      Matcher m =
          Pattern.compile("spark\\.kubernetes\\.(driver|executor)\\.label\\.(.+)").matcher(key);
      if (m.matches()) {
        label(
            env,
            env.overlay() + "/spark.properties",
            "setting " + key,
            m.group(2),
            spark.getProperty(key),
            out);
      }
    }
  }

  private static void label(
      Environment env, String file, String object, String key, Object value, Rule.Sink out) {
    String v = value == null ? "" : String.valueOf(value);
    String[] parts = key.split("/", 2);
    String name = parts[parts.length - 1];
    boolean keyOk =
        name.length() <= 63
            && !name.isEmpty()
            && LABEL_VALUE.matcher(name).matches()
            && (parts.length == 1
                || (parts[0].length() <= 253 && DNS_SUBDOMAIN.matcher(parts[0]).matches()));
    if (!keyOk) {
      out.add(
          env.name(),
          file,
          object,
          "label key '" + key + "' is invalid.",
          "use [prefix/]name with a name of at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit.");
    }
    if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
      out.add(
          env.name(),
          file,
          object,
          "label "
              + key
              + " has the invalid value '"
              + v
              + "'; the API server rejects the object (executors: Spark fails to create them).",
          "use at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit.");
    }
  }

  static void podSecurity(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) -> {
                List<String> violations = PodSecurity.violations(spec);
                if (!violations.isEmpty()) {
                  out.add(
                      env.name(),
                      file(env, rendered),
                      pod,
                      "breaks Pod Security \"restricted\" or the image's user: missing or wrong "
                          + String.join(", ", violations)
                          + ".",
                      "restore the securityContext of k8s/base (runAsNonRoot, runAsUser/runAsGroup/fsGroup 185, seccomp RuntimeDefault, "
                          + "no privilege escalation, drop ALL, read-only root file system, size-limited emptyDirs); a restricted namespace rejects the pod otherwise.");
                }
              });
    }
  }

  static void containerResources(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) -> {
                if (pod.equals(Rendered.EXECUTOR_TEMPLATE)) {
                  return; // Spark sets the executors' resources from its settings
                }
                for (Map<String, Object> container : list(spec.get("containers"))) {
                  List<String> missing = new ArrayList<>();
                  for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                      if (at(container, "resources." + kind + "." + resource) == null) {
                        missing.add(kind + "." + resource);
                      }
                    }
                  }
                  if (!missing.isEmpty()) {
                    out.add(
                        env.name(),
                        file(env, rendered),
                        pod,
                        "container "
                            + container.get("name")
                            + " declares no "
                            + String.join(", ", missing)
                            + ": a namespace quota requiring them rejects the pod.",
                        "set resources.requests and resources.limits (cpu and memory) on the container.");
                  }
                }
              });
    }
  }

  static void rbac(JobRepository repo, Environment env, Rule.Sink out) {
    // The driver's Role and RoleBinding are in shared/ (applied once, with `admin`); a team may
    // keep them in the overlay, so both are read.
    List<Rendered> renders = renders(env);
    String driverAccount =
        env.driverWorkload()
            .map(w -> podSpecOf(w))
            .map(p -> (String) p.get("serviceAccountName"))
            .orElse(null);
    Properties spark = env.spark();
    String executorAccount =
        spark.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName");
    Map<String, Set<String>> needs = new TreeMap<>(DRIVER_NEEDS);
    if ("true".equals(spark.getProperty("spark.kubernetes.driver.ownPersistentVolumeClaim"))) {
      needs.put("persistentvolumeclaims", PVC_VERBS);
    }
    if (!"true".equals(spark.getProperty("spark.kubernetes.executor.disableConfigMap"))) {
      needs.put("configmaps", Set.of("create", "deletecollection"));
    }
    if (!"false".equals(spark.getProperty("spark.kubernetes.driver.service.deleteOnTermination"))) {
      needs.put("services", Set.of("deletecollection"));
    }
    Map<String, Set<String>> granted = new TreeMap<>();
    String roleFile = env.overlay() + "/shared/kustomization.yaml";
    for (Rendered rendered : renders) {
      String file = file(env, rendered);
      for (Map<String, Object> binding : rendered.ofKind("RoleBinding")) {
        String roleKind = String.valueOf(at(binding, "roleRef.kind"));
        String roleName = String.valueOf(at(binding, "roleRef.name"));
        for (Map<String, Object> subject : list(binding.get("subjects"))) {
          String account = (String) subject.get("name");
          if (!"ServiceAccount".equals(subject.get("kind"))) {
            continue;
          }
          if (account.equals(executorAccount)) {
            out.add(
                env.name(),
                file,
                id(binding),
                "grants the executors' account " + account + " rights; executors need none.",
                "remove the subject " + account + " from the binding.");
          }
          if (roleKind.equals("ClusterRole")) {
            out.add(
                env.name(),
                file,
                id(binding),
                "binds the ClusterRole "
                    + roleName
                    + ", whose rules the repository does not control.",
                "bind a Role with exactly the driver's rules (k8s/base/components/driver-rbac/rbac.yaml).");
          }
          if (account.equals(driverAccount) && roleKind.equals("Role")) {
            roleFile = file;
            for (Rendered holder : renders) {
              holder
                  .find("Role", roleName)
                  .forEach(
                      role ->
                          list(role.get("rules"))
                              .forEach(
                                  rule -> {
                                    for (String resource : strings(rule.get("resources"))) {
                                      granted
                                          .computeIfAbsent(resource, r -> new TreeSet<>())
                                          .addAll(strings(rule.get("verbs")));
                                    }
                                  }));
            }
          }
        }
      }
      for (Map<String, Object> role : rendered.ofKind("Role")) {
        for (Map<String, Object> rule : list(role.get("rules"))) {
          List<String> groups = strings(rule.get("apiGroups"));
          List<String> resources = strings(rule.get("resources"));
          List<String> verbs = strings(rule.get("verbs"));
          if (groups.contains("*") || resources.contains("*") || verbs.contains("*")) {
            out.add(
                env.name(),
                file,
                id(role),
                "has a wildcard rule " + rule + ".",
                "list the API groups, resources and verbs the driver needs (k8s/base/components/driver-rbac/rbac.yaml).");
          }
          if (resources.contains("secrets")) {
            out.add(
                env.name(),
                file,
                id(role),
                "grants access to secrets, which Spark does not need.",
                "remove secrets from the rule.");
          }
          if (groups.stream().anyMatch(g -> !g.isEmpty() && !g.equals("*"))) {
            out.add(
                env.name(),
                file,
                id(role),
                "grants rights in API groups " + groups + "; the driver needs the core group only.",
                "remove the rule.");
          }
        }
      }
    }
    if (driverAccount == null || env.driverWorkload().isEmpty()) {
      return;
    }
    String driverId = env.driverWorkload().map(Rendered::id).orElseThrow();
    for (Map.Entry<String, Set<String>> need : needs.entrySet()) {
      Set<String> missing = new TreeSet<>(need.getValue());
      missing.removeAll(granted.getOrDefault(need.getKey(), Set.of()));
      if (!missing.isEmpty() && !granted.getOrDefault(need.getKey(), Set.of()).contains("*")) {
        String setting =
            SETTINGS_NEEDING_RIGHTS.entrySet().stream()
                .filter(e -> e.getValue().equals(need.getKey()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        out.add(
            env.name(),
            roleFile,
            driverId,
            "its account "
                + driverAccount
                + " may not "
                + missing
                + " "
                + need.getKey()
                + (setting == null
                    ? ", which Spark's driver does to manage executors."
                    : ", which Spark's driver does while " + setting + " is at Spark's default."),
            setting == null
                ? "grant "
                    + need.getKey()
                    + " "
                    + need.getValue().stream().sorted().toList()
                    + " in the driver's Role (k8s/base/components/driver-rbac/rbac.yaml, applied with shared/)."
                : "set "
                    + setting
                    + "="
                    + (setting.endsWith("disableConfigMap") ? "true" : "false")
                    + " as k8s/base/spark.properties does, rather than granting more.");
      }
    }
    for (Map.Entry<String, Set<String>> grant : granted.entrySet()) {
      String resource = grant.getKey();
      Set<String> extra = new TreeSet<>(grant.getValue());
      extra.removeAll(needs.getOrDefault(resource, Set.of()));
      extra.remove("*");
      if (!extra.isEmpty()) {
        out.add(
            env.name(),
            roleFile,
            driverId,
            "its account "
                + driverAccount
                + " may "
                + extra
                + " "
                + resource
                + ", more than Spark's driver needs.",
            "remove those verbs from the driver's Role"
                + (resource.equals("persistentvolumeclaims")
                    ? " (or set spark.kubernetes.driver.ownPersistentVolumeClaim=true if executors use on-demand claims)."
                    : "."));
      }
    }
  }

  static void imagePlaceholder(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) -> {
                for (Map<String, Object> container : containers(spec)) {
                  String image = (String) container.get("image");
                  if (image != null && image.replaceAll("[@:].*$", "").equals(IMAGE_PLACEHOLDER)) {
                    out.add(
                        env.name(),
                        file(env, rendered),
                        pod,
                        "container "
                            + container.get("name")
                            + " runs image "
                            + image
                            + ", the base's placeholder: no images: entry of the kustomization maps it, so the pod never pulls.",
                        "map it in "
                            + file(env, rendered)
                            + ": images: - name: "
                            + IMAGE_PLACEHOLDER
                            + " with newName: the application's image.");
                  }
                }
              });
    }
  }

  static void oneImage(JobRepository repo, Environment env, Rule.Sink out) {
    Properties spark = env.spark();
    for (String key : IMAGE_SETTINGS) {
      if (spark.getProperty(key) != null) {
        out.add(
            env.name(),
            env.overlay() + "/spark.properties",
            "setting " + key,
            "sets an image in a second place: skaffold and `kustomize edit set image` never update it, so executors can run another image than the driver.",
            "remove it: sparkgen's executor feature step gives the executors the driver's own image (k8s/base/README.md, \"One image\").");
      }
    }
    if (env.job().sparkConf().isPresent()) {
      String steps = spark.getProperty("spark.kubernetes.executor.pod.featureSteps", "");
      if (!List.of(steps.strip().split("\\s*,\\s*")).contains(FEATURE_STEP)) {
        out.add(
            env.name(),
            env.overlay() + "/spark.properties",
            "setting spark.kubernetes.executor.pod.featureSteps",
            (steps.isBlank() ? "is not set" : "is " + steps)
                + ", without "
                + FEATURE_STEP
                + ": nothing gives the executors the driver's image, so Spark refuses to create them"
                + " (\"Must specify the executor container image\"), and their scheduling object is ignored.",
            "keep "
                + FEATURE_STEP
                + " as k8s/base/spark.properties sets it; list steps of your own after it, comma-separated.");
      }
    }
    Map<String, Object> template = env.job().executorTemplate();
    if (template != null) {
      for (Map<String, Object> container : containers(map(template.get("spec")))) {
        if (container.get("image") != null) {
          out.add(
              env.name(),
              env.kustomization(),
              Rendered.EXECUTOR_TEMPLATE,
              "names the image "
                  + container.get("image")
                  + ", a second place to keep in step with the driver's.",
              "remove image from the executor template.");
        }
      }
    }
  }

  static void sparkReferences(JobRepository repo, Environment env, Rule.Sink out) {
    Rendered job = env.job();
    Properties spark = env.spark();
    String namespace = env.namespace();
    String settings = env.overlay() + "/spark.properties";
    Set<String> accounts = names(job, "ServiceAccount");
    String executorAccount =
        spark.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName");
    if (executorAccount != null && !accounts.contains(executorAccount)) {
      out.add(
          env.name(),
          settings,
          "setting spark.kubernetes.authenticate.executor.serviceAccountName",
          "names ServiceAccount "
              + executorAccount
              + ", which the environment does not have (it has "
              + accounts
              + "): Spark cannot create the executors.",
          "set it to the executors' ServiceAccount the overlay renders"
              + guess(accounts, "executor")
              + ", or restore the namePrefix it assumes.");
    }
    if (spark.getProperty("spark.kubernetes.authenticate.driver.serviceAccountName") != null) {
      out.add(
          env.name(),
          settings,
          "setting spark.kubernetes.authenticate.driver.serviceAccountName",
          "is set: in client mode it overrides the executor template, and executors then run as the driver's account with its rights.",
          "remove it; the driver's account is the Job's serviceAccountName.");
    }
    String ownNamespace = spark.getProperty("spark.kubernetes.namespace");
    if (ownNamespace != null && namespace != null && !ownNamespace.equals(namespace)) {
      out.add(
          env.name(),
          settings,
          "setting spark.kubernetes.namespace",
          "names namespace " + ownNamespace + ", but the overlay deploys to " + namespace + ".",
          "remove it (the Job passes its own namespace) or set it to " + namespace + ".");
    }
    for (String key : new TreeSet<>(spark.stringPropertyNames())) {
      Matcher host = SERVICE_HOST.matcher(spark.getProperty(key));
      while (host.find()) {
        String service = host.group(1);
        String hostNamespace = host.group(3);
        if (hostNamespace.equals("default") && service.equals("kubernetes")) {
          continue; // the API server
        }
        if (namespace != null && !hostNamespace.equals(namespace)) {
          out.add(
              env.name(),
              settings,
              "setting " + key,
              "names "
                  + host.group()
                  + " in namespace "
                  + hostNamespace
                  + ", but the overlay deploys to "
                  + namespace
                  + ".",
              "change it to "
                  + service
                  + "."
                  + namespace
                  + ".svc, or the overlay's namespace back.");
        } else if (!names(job, "Service").contains(service)
            && (env.shared() == null || !names(env.shared(), "Service").contains(service))) {
          out.add(
              env.name(),
              settings,
              "setting " + key,
              "names Service " + service + ", which the environment does not have.",
              "name one of " + names(job, "Service") + ".");
        }
      }
    }
    env.driverWorkload()
        .ifPresent(
            workload -> {
              Map<String, Object> pod = podSpecOf(workload);
              String account = (String) pod.get("serviceAccountName");
              if (account != null && !accounts.contains(account)) {
                out.add(
                    env.name(),
                    env.kustomization(),
                    id(workload),
                    "runs as ServiceAccount " + account + ", which the environment does not have.",
                    "name one of " + accounts + ".");
              }
              String templateFile = spark.getProperty("spark.kubernetes.executor.podTemplateFile");
              if (templateFile != null
                  && !templateFile.startsWith("local://")
                  && !templateFile.contains("://")) {
                mountedFile(
                    env, job, pod, "spark.kubernetes.executor.podTemplateFile", templateFile, out);
              }
              Set<String> claims = names(job, "PersistentVolumeClaim");
              if (env.shared() != null) {
                claims.addAll(names(env.shared(), "PersistentVolumeClaim"));
              }
              Set<String> configMaps = names(job, "ConfigMap");
              for (Map<String, Object> volume : list(pod.get("volumes"))) {
                String claim = (String) at(volume, "persistentVolumeClaim.claimName");
                if (claim != null && !claims.contains(claim)) {
                  out.add(
                      env.name(),
                      env.kustomization(),
                      id(workload),
                      "mounts PersistentVolumeClaim "
                          + claim
                          + " (volume "
                          + volume.get("name")
                          + "), which neither the overlay nor its shared/ creates.",
                      "create it (the history-server component in shared/) or name an existing claim; the pod stays Pending otherwise.");
                }
                String configMap = (String) at(volume, "configMap.name");
                if (configMap != null
                    && !configMaps.contains(configMap)
                    && !Boolean.TRUE.equals(at(volume, "configMap.optional"))) {
                  out.add(
                      env.name(),
                      env.kustomization(),
                      id(workload),
                      "mounts ConfigMap "
                          + configMap
                          + " (volume "
                          + volume.get("name")
                          + "), which the environment does not have.",
                      "name one of " + configMaps + ".");
                }
              }
            });
  }

  /** S3A of Hadoop 3.4 finds no SDK v1 provider class (S3aCredentialProviders has the facts). */
  static void s3aCredentialProviders(JobRepository repo, Environment env, Rule.Sink out) {
    SparkRelease release =
        SparkVersions.RELEASES.stream()
            .filter(r -> r.line().equals(repo.sparkLine()))
            .findFirst()
            .orElse(null);
    if (release == null || release.hadoop().awsSdk() != 2) {
      return;
    }
    Properties spark = env.spark();
    for (String key : new TreeSet<>(spark.stringPropertyNames())) {
      String value = spark.getProperty(key);
      List<String> v1 =
          S3aCredentialProviders.isProviderKey(key)
              ? S3aCredentialProviders.v1Classes(value)
              : List.of();
      if (!v1.isEmpty()) {
        out.add(
            env.name(),
            env.overlay() + "/spark.properties",
            "setting " + key,
            "names "
                + String.join(", ", v1)
                + ", of AWS SDK v1; Spark "
                + release.line()
                + "'s Hadoop "
                + release.hadoop().version()
                + " builds S3A on AWS SDK v2, where the class is not found (or only remapped with a warning).",
            "write " + S3aCredentialProviders.fix(value) + ".");
      }
    }
  }

  static void credentialsInConfig(JobRepository repo, Environment env, Rule.Sink out) {
    Properties spark = env.spark();
    String settings = env.overlay() + "/spark.properties";
    for (String key : new TreeSet<>(spark.stringPropertyNames())) {
      // The translator's detector: by name, by shape, inside Java options, executor variables.
      Optional<Credentials.Found> found = Credentials.inSetting(key, spark.getProperty(key));
      if (found.isPresent()) {
        out.add(
            env.name(),
            settings,
            "setting " + key,
            "holds "
                + found.get().what()
                + " in ConfigMap spark-conf (and, for executors, in their pod specs), which everyone who may read ConfigMaps or pods in the namespace can read.",
            switch (found.get().kind()) {
              case JAVA_OPTION ->
                  "remove it: a JVM option reads no environment variable, so put the -D options holding it into a Java argument file in a Secret, mounted into the driver (a patch of the Job) and the executors (spark.kubernetes.executor.secrets.SECRET=PATH), and name it as @PATH/KEY in the Java options.";
              case OBJECT_STORE ->
                  "remove it and keep the value in a Secret: the driver reads it with env valueFrom.secretKeyRef (component object-store-secret), the executors with "
                      + EXECUTOR_SECRET_REF
                      + "VARIABLE=SECRET:KEY; or use workload identity (k8s/base/README.md, \"Data access\").";
              default ->
                  "remove it and keep the value in a Secret: the driver gets it with env valueFrom.secretKeyRef (a patch of the Job), the executors with "
                      + EXECUTOR_SECRET_REF
                      + "VARIABLE=SECRET:KEY, or mounted as a file; spark.ssl.* passwords may be ${env:VARIABLE}.";
            });
      }
    }
    for (Rendered rendered : renders(env)) {
      rendered
          .podSpecs()
          .forEach(
              (pod, spec) -> {
                for (Map<String, Object> container : containers(spec)) {
                  for (Map<String, Object> variable : list(container.get("env"))) {
                    if (variable.get("name") instanceof String name
                        && variable.get("value") != null
                        && Credentials.inVariable(name, String.valueOf(variable.get("value")))
                            .isPresent()) {
                      out.add(
                          env.name(),
                          file(env, rendered),
                          pod,
                          "container "
                              + container.get("name")
                              + " sets "
                              + variable.get("name")
                              + " to a literal value: it is readable in the pod spec (and, in the executor template, in a ConfigMap).",
                          "take it from a Secret: valueFrom.secretKeyRef (component object-store-secret).");
                    }
                  }
                }
              });
    }
  }

  static void executorCredentials(JobRepository repo, Environment env, Rule.Sink out) {
    Properties spark = env.spark();
    String settings = env.overlay() + "/spark.properties";
    for (String key : new TreeSet<>(spark.stringPropertyNames())) {
      if (key.startsWith(EXECUTOR_SECRET_REF)) {
        // As Spark's EnvSecretsFeatureStep reads it: exactly NAME:KEY, else it refuses to create
        // executors.
        String[] parts = spark.getProperty(key).split(":", -1);
        if (parts.length != 2
            || !DNS_SUBDOMAIN.matcher(parts[0]).matches()
            || !parts[1].matches("[-._a-zA-Z0-9]+")) {
          out.add(
              env.name(),
              settings,
              "setting " + key,
              "is '"
                  + spark.getProperty(key)
                  + "', not SECRET:KEY: Spark refuses to create the executors.",
              "write the Secret's name and the key, e.g. "
                  + key
                  + "=APP-object-store:"
                  + key.substring(EXECUTOR_SECRET_REF.length())
                  + ".");
        }
      }
    }
    env.driverWorkload()
        .ifPresent(
            workload -> {
              Map<String, Object> pod = podSpecOf(workload);
              for (Map<String, Object> variable : list(driverContainer(pod).get("env"))) {
                String name = (String) variable.get("name");
                Object secret = at(variable, "valueFrom.secretKeyRef.name");
                if (secret != null && CREDENTIAL_ENV.contains(name)) {
                  String expected = secret + ":" + at(variable, "valueFrom.secretKeyRef.key");
                  String actual = spark.getProperty(EXECUTOR_SECRET_REF + name);
                  if (!expected.equals(actual)) {
                    out.add(
                        env.name(),
                        settings,
                        "setting " + EXECUTOR_SECRET_REF + name,
                        "the driver takes "
                            + name
                            + " from Secret "
                            + expected
                            + (actual == null
                                ? ", the executors not at all"
                                : ", the executors from " + actual)
                            + ": the driver lists the files and the executors' tasks fail to read them.",
                        "set " + EXECUTOR_SECRET_REF + name + "=" + expected + ".");
                  }
                }
              }
              Map<String, Object> driverAccount =
                  account(env.job(), (String) pod.get("serviceAccountName"));
              String executorName =
                  spark.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName");
              Map<String, Object> executorAccount = account(env.job(), executorName);
              if (driverAccount != null && executorAccount != null) {
                Map<String, Object> executorAnnotations =
                    map(at(executorAccount, "metadata.annotations"));
                for (String annotation : IDENTITY_ANNOTATIONS) {
                  if (map(at(driverAccount, "metadata.annotations")).containsKey(annotation)
                      && !executorAnnotations.containsKey(annotation)) {
                    out.add(
                        env.name(),
                        env.kustomization(),
                        "ServiceAccount/" + executorName,
                        "has no "
                            + annotation
                            + ", which the driver's account has: the executors run without the driver's cloud identity and cannot read the object store.",
                        "annotate both accounts (the overlay's ServiceAccount patch targets driver|executor).");
                  }
                }
              }
              // Label keys have dots: looked up in the labels' map, not by a dotted path.
              Object azure =
                  map(at(
                          workload,
                          (workload.get("kind").equals("CronJob")
                                  ? "spec.jobTemplate.spec"
                                  : "spec")
                              + ".template.metadata.labels"))
                      .get(AZURE_IDENTITY_LABEL);
              String executorLabel = "spark.kubernetes.executor.label." + AZURE_IDENTITY_LABEL;
              if ("true".equals(azure) && !"true".equals(spark.getProperty(executorLabel))) {
                out.add(
                    env.name(),
                    settings,
                    "setting " + executorLabel,
                    "is not true while the driver's pod has "
                        + AZURE_IDENTITY_LABEL
                        + "=true: AKS Workload ID gives the executors no token.",
                    "switch on component workload-identity-azure, which sets both.");
              }
            });
  }

  static void eventLogDir(JobRepository repo, Environment env, Rule.Sink out) {
    String settings = env.overlay() + "/spark.properties";
    String sharedFile = env.overlay() + "/shared/kustomization.yaml";
    boolean enabled = "true".equals(env.spark().getProperty("spark.eventLog.enabled"));
    String driverDir =
        enabled ? env.spark().getProperty("spark.eventLog.dir", "file:/tmp/spark-events") : null;
    Map<String, Object> server =
        env.shared() == null
            ? null
            : env.shared().ofKind("Deployment").stream()
                .filter(
                    d ->
                        "history-server"
                            .equals(map(at(d, "spec.template.metadata.labels")).get("spark-role")))
                .findFirst()
                .orElse(null);
    Map<String, Object> serverConf =
        server == null ? Map.of() : historyServerConf(env.shared(), server);
    // Component history-server-object-store's start script adds the ConfigMap's spark.* keys to the
    // file.
    boolean readsKeys =
        server != null
            && String.join(
                    "\n",
                    strings(at(list(at(server, "spec.template.spec.containers")).get(0), "args")))
                .contains("/spark.*");
    String serverDir =
        server == null ? null : historySetting(serverConf, readsKeys, HISTORY_LOG_DIR);
    if (serverConf.containsKey(HISTORY_LOG_DIR) && !readsKeys) {
      out.add(
          env.name(),
          sharedFile,
          id(server),
          "never reads "
              + HISTORY_LOG_DIR
              + " of its ConfigMap ("
              + serverConf.get(HISTORY_LOG_DIR)
              + "): it reads history-server.properties only, and its volume.",
          "list component history-server-object-store after history-server.");
    }
    if (driverDir != null && serverDir != null && !sameDirectory(driverDir, serverDir)) {
      out.add(
          env.name(),
          settings,
          "setting spark.eventLog.dir",
          "is "
              + driverDir
              + ", but the History Server of shared/ reads "
              + serverDir
              + ": it never shows this job's runs.",
          "write the same URI as spark.eventLog.dir here and as spark.history.fs.logDirectory in "
              + sharedFile
              + ".");
    }
    driverLogs(env, driverDir, server == null ? null : serverConf, readsKeys, out);
    SparkRelease release =
        SparkVersions.RELEASES.stream()
            .filter(r -> r.line().equals(repo.sparkLine()))
            .findFirst()
            .orElse(null);
    String pom = JobRepository.read(repo.root().resolve("pom.xml"));
    for (String dir :
        new LinkedHashSet<>(Stream.of(driverDir, serverDir).filter(Objects::nonNull).toList())) {
      String scheme = dir.contains(":") ? dir.substring(0, dir.indexOf(':')) : "";
      String connector =
          switch (scheme) {
            case "s3a" -> "hadoop-aws";
            case "gs" -> release == null ? null : release.hadoop().gcsConnector().artifactId();
            default -> null;
          };
      if (connector != null
          && pom != null
          && !pom.contains("<artifactId>" + connector + "</artifactId>")) {
        out.add(
            env.name(),
            dir.equals(driverDir) ? settings : sharedFile,
            "event log directory " + dir,
            "is on "
                + scheme
                + "://, but pom.xml has no "
                + connector
                + ": the image has no connector for it and Spark fails with \"No FileSystem for scheme\".",
            "add the connector: sparkgen upgrade --object-store "
                + (scheme.equals("gs") ? "gcs" : scheme)
                + ".");
      }
    }
    if (serverDir != null
        && (serverDir.startsWith("s3a:") || serverDir.startsWith("gs:"))
        && env.shared().ofKind("NetworkPolicy").stream()
            .noneMatch(Rules::historyServerHttpsEgress)) {
      out.add(
          env.name(),
          sharedFile,
          id(server),
          "reads its event logs from "
              + serverDir
              + ", but no NetworkPolicy lets it open HTTPS connections: it shows no application.",
          "list component history-server-object-store after history-server.");
    }
  }

  static final String HISTORY_LOG_DIR = "spark.history.fs.logDirectory";
  static final String DRIVER_LOG_PERSIST = "spark.driver.log.persistToDfs.enabled";
  static final String DRIVER_LOG_DIR = "spark.driver.log.dfsDir";

  /**
   * The driver's persisted log: a directory set (Spark only warns without one), not the event-log
   * directory (the History Server would read each driver log there as a broken event log), and the
   * one the History Server of shared/ cleans (else the logs outlive their event logs forever).
   */
  private static void driverLogs(
      Environment env,
      String eventLogDir,
      Map<String, Object> serverConf,
      boolean readsKeys,
      Rule.Sink out) {
    if (!"true".equals(env.spark().getProperty(DRIVER_LOG_PERSIST))) {
      return;
    }
    String settings = env.overlay() + "/spark.properties";
    String dir = env.spark().getProperty(DRIVER_LOG_DIR, "").trim();
    String beside =
        eventLogDir == null ? "" : " (" + eventLogDir.replaceFirst("/+$", "") + "/driver-logs)";
    if (dir.isEmpty()) {
      out.add(
          env.name(),
          settings,
          "setting " + DRIVER_LOG_DIR,
          "is not set while "
              + DRIVER_LOG_PERSIST
              + " is true: Spark keeps no copy of the driver's log.",
          "set it to a directory of its own beside spark.eventLog.dir" + beside + ".");
      return;
    }
    if (eventLogDir != null && sameDirectory(dir, eventLogDir)) {
      out.add(
          env.name(),
          settings,
          "setting " + DRIVER_LOG_DIR,
          "is the event-log directory "
              + dir
              + ": the History Server reads every driver log there as a broken event log.",
          "give the driver's log a directory of its own" + beside + ".");
      return;
    }
    if (serverConf == null) {
      return;
    }
    String cleaned = historySetting(serverConf, readsKeys, DRIVER_LOG_DIR);
    if (cleaned == null || !sameDirectory(dir, cleaned)) {
      out.add(
          env.name(),
          env.overlay() + "/shared/kustomization.yaml",
          "History Server's " + DRIVER_LOG_DIR,
          (cleaned == null ? "is not set" : "is " + cleaned)
              + " while the driver writes its log to "
              + dir
              + ": its cleaner never deletes those logs.",
          "set " + DRIVER_LOG_DIR + " to " + dir + " in its ConfigMap history-server-conf.");
    }
  }

  private static Map<String, Object> historyServerConf(
      Rendered shared, Map<String, Object> server) {
    String configMap =
        list(at(server, "spec.template.spec.volumes")).stream()
            .filter(v -> "history-server-conf".equals(v.get("name")))
            .map(v -> (String) at(v, "configMap.name"))
            .filter(Objects::nonNull) // a projected or other volume of that name: not a ConfigMap's
            .findFirst()
            .orElse(null);
    List<Map<String, Object>> found =
        configMap == null ? List.of() : shared.find("ConfigMap", configMap);
    return found.isEmpty() ? Map.of() : map(found.get(0).get("data"));
  }

  /**
   * A setting as the History Server reads it: its properties file, then (when it reads them) its
   * ConfigMap's spark.* keys.
   */
  private static String historySetting(Map<String, Object> conf, boolean readsKeys, String key) {
    if (readsKeys && conf.containsKey(key)) {
      return String.valueOf(conf.get(key)).trim();
    }
    Properties file = new Properties();
    try {
      file.load(
          new java.io.StringReader(
              String.valueOf(conf.getOrDefault("history-server.properties", ""))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.getProperty(key);
  }

  /**
   * As Hadoop resolves them: file:///x and file:/x are one directory, a trailing slash changes
   * nothing.
   */
  private static boolean sameDirectory(String a, String b) {
    java.util.function.UnaryOperator<String> normal =
        d -> d.replaceFirst("^file:///", "file:/").replaceFirst("/+$", "");
    return normal.apply(a).equals(normal.apply(b));
  }

  private static boolean historyServerHttpsEgress(Map<String, Object> policy) {
    Map<String, Object> labels = map(at(policy, "spec.podSelector.matchLabels"));
    if (!"history-server".equals(labels.get("spark-role"))) {
      return false;
    }
    return list(at(policy, "spec.egress")).stream()
        .anyMatch(
            rule ->
                list(rule.get("ports")).stream()
                    .anyMatch(port -> Objects.equals(port.get("port"), 443)));
  }

  private static Map<String, Object> account(Rendered rendered, String name) {
    List<Map<String, Object>> found =
        name == null ? List.of() : rendered.find("ServiceAccount", name);
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * The content of the file a Spark setting names in the driver's file system, from the ConfigMap
   * mounted there; null, with a finding, when nothing or no such key is mounted there, and null
   * without one when another kind of volume is.
   */
  private static String mountedFile(
      Environment env,
      Rendered job,
      Map<String, Object> pod,
      String setting,
      String templateFile,
      Rule.Sink out) {
    String settings = env.overlay() + "/spark.properties";
    int slash = templateFile.lastIndexOf('/');
    String directory = templateFile.substring(0, Math.max(slash, 0));
    String fileName = templateFile.substring(slash + 1);
    Map<String, Object> driver = driverContainer(pod);
    Map<String, Object> mount =
        list(driver.get("volumeMounts")).stream()
            .filter(
                m ->
                    directory.equals(m.get("mountPath")) || templateFile.equals(m.get("mountPath")))
            .findFirst()
            .orElse(null);
    if (mount == null) {
      out.add(
          env.name(),
          settings,
          "setting " + setting,
          "names "
              + templateFile
              + ", but the driver container mounts nothing at "
              + directory
              + ".",
          "point it at the file mounted from ConfigMap spark-pod-templates (/opt/spark/pod-templates/ in k8s/base) or mount its ConfigMap there.");
      return null;
    }
    Map<String, Object> volume =
        list(pod.get("volumes")).stream()
            .filter(v -> Objects.equals(v.get("name"), mount.get("name")))
            .findFirst()
            .orElse(Map.of());
    String configMap = (String) at(volume, "configMap.name");
    if (configMap == null) {
      return null; // another volume type: nothing to look into
    }
    String key = mount.get("subPath") != null ? (String) mount.get("subPath") : fileName;
    for (Map<String, Object> item : list(at(volume, "configMap.items"))) {
      if (fileName.equals(item.get("path"))) {
        key = (String) item.get("key");
      }
    }
    List<Map<String, Object>> maps = job.find("ConfigMap", configMap);
    if (maps.isEmpty() || !map(maps.get(0).get("data")).containsKey(key)) {
      out.add(
          env.name(),
          settings,
          "setting " + setting,
          "names "
              + templateFile
              + ", but ConfigMap "
              + configMap
              + " mounted there has no key "
              + key
              + ".",
          "add the file under key " + key + " or correct the path.");
      return null;
    }
    return String.valueOf(map(maps.get(0).get("data")).get(key));
  }

  static void executorScheduling(JobRepository repo, Environment env, Rule.Sink out) {
    for (Rendered rendered : renders(env)) {
      for (Map<String, Object> template : rendered.ofKind("PodTemplate")) {
        out.add(
            env.name(),
            file(env, rendered),
            id(template),
            "is a PodTemplate object: no built-in namespace role (edit, admin) may create one, so a"
                + " tenant's deploy is refused, and sparkgen's feature step no longer reads it.",
            "move its scheduling fields to "
                + env.overlay()
                + "/executor-scheduling.yaml and remove the object and its patch.");
      }
    }
    String scheduling = env.spark().getProperty(SCHEDULING_SETTING);
    if (scheduling == null || env.driverWorkload().isEmpty()) {
      return;
    }
    String settings = env.overlay() + "/spark.properties";
    if (!scheduling.startsWith("/")) {
      out.add(
          env.name(),
          settings,
          "setting " + SCHEDULING_SETTING,
          "is "
              + scheduling
              + ", not a file in the driver: Spark stops the application when it requests its first executor.",
          "set it to /opt/spark/pod-templates/executor-scheduling.yaml, as k8s/base/spark.properties does.");
      return;
    }
    String text =
        mountedFile(
            env,
            env.job(),
            podSpecOf(env.driverWorkload().get()),
            SCHEDULING_SETTING,
            scheduling,
            out);
    if (text == null) {
      return;
    }
    String file = env.overlay() + "/executor-scheduling.yaml";
    Object parsed;
    try {
      parsed = dev.sparkgen.spec.BoundedYaml.load(text);
    } catch (RuntimeException e) {
      out.add(
          env.name(),
          file,
          "executor scheduling",
          "is not YAML: Spark stops the application when it requests its first executor.",
          "fix the YAML (apiVersion: v1, kind: Pod, spec: ...).");
      return;
    }
    if (!(parsed instanceof Map<?, ?> pod) || !"Pod".equals(pod.get("kind"))) {
      out.add(
          env.name(),
          file,
          "executor scheduling",
          "is not a Pod: Spark stops the application when it requests its first executor.",
          "keep apiVersion: v1 and kind: Pod, with the scheduling fields under spec.");
      return;
    }
    Map<String, Object> spec = map(pod.get("spec"));
    Set<String> ignored = new TreeSet<>(spec.keySet());
    ignored.removeAll(SCHEDULING_FIELDS);
    if (pod.get("metadata") != null) {
      ignored.add("metadata");
    }
    if (!ignored.isEmpty()) {
      out.add(
          env.name(),
          file,
          "executor scheduling",
          "sets "
              + ignored
              + ", which the executors never get: only "
              + new TreeSet<>(SCHEDULING_FIELDS)
              + " reach them.",
          "move the rest to the executor pod template (k8s/base/executor.yaml) or to Spark's settings.");
    }
  }

  static void driverResources(JobRepository repo, Environment env, Rule.Sink out) {
    env.driverWorkload()
        .ifPresent(
            workload -> {
              Properties spark = env.spark();
              Map<String, Object> driver = driverContainer(podSpecOf(workload));
              long limit = Quantities.kubernetesMebibytes(at(driver, "resources.limits.memory"));
              long heap = Quantities.sparkMebibytes(spark.getProperty("spark.driver.memory", "1g"));
              if (limit >= 0 && heap >= 0) {
                long overhead = overhead(spark, "driver", heap);
                long offHeap = offHeap(spark);
                if (heap + overhead + offHeap > limit) {
                  out.add(
                      env.name(),
                      env.overlay() + "/spark.properties",
                      id(workload),
                      "spark.driver.memory "
                          + spark.getProperty("spark.driver.memory", "1g")
                          + " plus "
                          + Quantities.mebibytes(overhead)
                          + " overhead"
                          + (offHeap > 0
                              ? " and " + Quantities.mebibytes(offHeap) + " off-heap"
                              : "")
                          + " needs "
                          + Quantities.mebibytes(heap + overhead + offHeap)
                          + ", over the driver container's memory limit "
                          + at(driver, "resources.limits.memory")
                          + ": the kernel kills it (OOMKilled).",
                      "raise the driver container's resources.limits.memory (and requests) in a patch of "
                          + env.kustomization()
                          + " to at least "
                          + Quantities.mebibytes(heap + overhead + offHeap)
                          + ", or lower spark.driver.memory.");
                }
              }
              long cpuLimit = Quantities.millicores(at(driver, "resources.limits.cpu"));
              String cores = spark.getProperty("spark.driver.cores");
              if (cores != null
                  && cpuLimit >= 0
                  && cores.matches("\\d+")
                  && Long.parseLong(cores) * 1000 > cpuLimit) {
                out.add(
                    env.name(),
                    env.overlay() + "/spark.properties",
                    id(workload),
                    "spark.driver.cores "
                        + cores
                        + " exceeds the driver container's CPU limit "
                        + at(driver, "resources.limits.cpu")
                        + ": it is throttled.",
                    "raise resources.limits.cpu of the driver container or lower spark.driver.cores.");
              }
            });
  }

  static void executorCores(JobRepository repo, Environment env, Rule.Sink out) {
    Properties spark = env.spark();
    String file = env.overlay() + "/spark.properties";
    long request =
        Quantities.millicores(spark.getProperty("spark.kubernetes.executor.request.cores"));
    long limit = Quantities.millicores(spark.getProperty("spark.kubernetes.executor.limit.cores"));
    if (request >= 0 && limit >= 0 && request > limit) {
      out.add(
          env.name(),
          file,
          "setting spark.kubernetes.executor.request.cores",
          "requests "
              + Quantities.cores(request)
              + " CPU, more than the limit "
              + Quantities.cores(limit)
              + ": the API server rejects every executor pod.",
          "make spark.kubernetes.executor.request.cores at most spark.kubernetes.executor.limit.cores.");
    }
    String cores = spark.getProperty("spark.executor.cores");
    if (cores != null
        && cores.matches("\\d+")
        && limit >= 0
        && Long.parseLong(cores) * 1000 > limit) {
      out.add(
          env.name(),
          file,
          "setting spark.executor.cores",
          "runs "
              + cores
              + " tasks at once in each executor, whose CPU limit is "
              + Quantities.cores(limit)
              + ": they are throttled.",
          "raise spark.kubernetes.executor.limit.cores to "
              + cores
              + " or lower spark.executor.cores.");
    }
  }

  static void namespaceQuota(JobRepository repo, Environment env, Rule.Sink out) {
    List<Map<String, Object>> quotas = new ArrayList<>(env.job().ofKind("ResourceQuota"));
    if (env.shared() != null) {
      quotas.addAll(env.shared().ofKind("ResourceQuota"));
    }
    if (quotas.isEmpty() || env.driverWorkload().isEmpty()) {
      return;
    }
    Properties spark = env.spark();
    String file = env.overlay() + "/spark.properties";
    boolean dynamic = "true".equals(spark.getProperty("spark.dynamicAllocation.enabled"));
    String countSetting =
        dynamic ? "spark.dynamicAllocation.maxExecutors" : "spark.executor.instances";
    String count = spark.getProperty(countSetting, dynamic ? null : "2");
    if (count == null || !count.strip().matches("\\d+")) {
      out.add(
          env.name(),
          file,
          "setting " + countSetting,
          "is "
              + (count == null ? "not set" : count)
              + ", so the executors are unbounded against the namespace quota.",
          "set " + countSetting + " to a number of executors the quota admits.");
      return;
    }
    long executors = Long.parseLong(count.strip());
    Map<String, Object> driverPod = podSpecOf(env.driverWorkload().orElseThrow());
    long heap = Quantities.sparkMebibytes(spark.getProperty("spark.executor.memory", "1g"));
    long executorMemory = heap + overhead(spark, "executor", heap) + offHeap(spark);
    long executorCpuLimit =
        millicoresOr(
            spark.getProperty("spark.kubernetes.executor.limit.cores"),
            spark.getProperty("spark.executor.cores", "1"));
    long executorCpuRequest =
        millicoresOr(
            spark.getProperty("spark.kubernetes.executor.request.cores"),
            spark.getProperty("spark.executor.cores", "1"));
    Map<String, long[]> needs = new LinkedHashMap<>();
    needs.put("limits.memory", new long[] {sum(driverPod, "limits.memory", true), executorMemory});
    needs.put(
        "requests.memory", new long[] {sum(driverPod, "requests.memory", true), executorMemory});
    needs.put("memory", needs.get("requests.memory"));
    needs.put("limits.cpu", new long[] {sum(driverPod, "limits.cpu", false), executorCpuLimit});
    needs.put(
        "requests.cpu", new long[] {sum(driverPod, "requests.cpu", false), executorCpuRequest});
    needs.put("cpu", needs.get("requests.cpu"));
    for (Map<String, Object> quota : quotas) {
      Map<String, Object> hard = map(at(quota, "spec.hard"));
      needs.forEach(
          (resource, need) -> {
            if (!hard.containsKey(resource) || need[0] < 0 || need[1] < 0) {
              return;
            }
            boolean memory = resource.contains("memory");
            long available =
                memory
                    ? Quantities.kubernetesMebibytes(hard.get(resource))
                    : Quantities.millicores(hard.get(resource));
            long total = need[0] + executors * need[1];
            if (available >= 0 && total > available) {
              String unit =
                  memory ? Quantities.mebibytes(need[1]) : Quantities.cores(need[1]) + " CPU";
              out.add(
                  env.name(),
                  file,
                  id(quota),
                  "quota "
                      + resource
                      + " "
                      + hard.get(resource)
                      + " cannot hold the driver ("
                      + (memory ? Quantities.mebibytes(need[0]) : Quantities.cores(need[0]))
                      + ") and "
                      + executors
                      + " executors of "
                      + unit
                      + " = "
                      + (memory ? Quantities.mebibytes(total) : Quantities.cores(total))
                      + ": executors beyond it are never created.",
                  "lower spark.executor.memory/memoryOverhead, the executor cores or "
                      + countSetting
                      + ", or raise the quota.");
            }
          });
      Object pods = hard.get("pods");
      if (pods != null
          && String.valueOf(pods).matches("\\d+")
          && 1 + executors > Long.parseLong(String.valueOf(pods))) {
        out.add(
            env.name(),
            file,
            id(quota),
            "quota pods " + pods + " is less than the driver and " + executors + " executors.",
            "lower " + countSetting + " or raise the quota.");
      }
    }
  }

  static void skaffoldProfile(JobRepository repo, Environment env, Rule.Sink out) {
    Map<String, Object> skaffold = skaffoldOrNull(repo);
    String namespace = env.namespace();
    if (skaffold == null || namespace == null) {
      return;
    }
    String jobName = env.job().ofKind("Job").stream().map(Rendered::name).findFirst().orElse(null);
    for (Map<String, Object> profile : list(skaffold.get("profiles"))) {
      if (!strings(at(profile, "manifests.kustomize.paths")).contains(env.overlay())) {
        continue;
      }
      String where = "profile " + profile.get("name");
      for (Map<String, Object> forward : list(profile.get("portForward"))) {
        Object forwardNamespace = forward.get("namespace");
        if (forwardNamespace != null && !forwardNamespace.equals(namespace)) {
          out.add(
              env.name(),
              "skaffold.yaml",
              where,
              "forwards "
                  + forward.get("resourceType")
                  + " "
                  + forward.get("resourceName")
                  + " from namespace "
                  + forwardNamespace
                  + ", but "
                  + env.overlay()
                  + " deploys to "
                  + namespace
                  + ".",
              "set the port forward's namespace to " + namespace + ".");
        }
      }
      for (Map<String, Object> hook : list(at(profile, "deploy.kubectl.hooks.before"))) {
        String command = String.join(" ", strings(at(hook, "host.command")));
        Matcher ns = Pattern.compile("--namespace[ =]([a-z0-9-]+)").matcher(command);
        if (ns.find() && !ns.group(1).equals(namespace)) {
          out.add(
              env.name(),
              "skaffold.yaml",
              where,
              "runs a before-deploy hook in namespace "
                  + ns.group(1)
                  + ", but "
                  + env.overlay()
                  + " deploys to "
                  + namespace
                  + ".",
              "change --namespace in the hook to " + namespace + ".");
        }
        Matcher job = Pattern.compile("delete job ([a-z0-9-]+)").matcher(command);
        if (job.find() && jobName != null && !job.group(1).equals(jobName)) {
          out.add(
              env.name(),
              "skaffold.yaml",
              where,
              "deletes Job "
                  + job.group(1)
                  + " before deploying, but the overlay's Job is "
                  + jobName
                  + ": the next deploy fails on the Job's immutable template.",
              "delete job " + jobName + " in the hook.");
        }
      }
    }
  }

  // ---- Repository rules

  static void skaffoldSchema(JobRepository repo, List<String> environments, Rule.Sink out) {
    Map<String, Object> skaffold = skaffoldOrNull(repo);
    if (skaffold == null || !SkaffoldConfig.API_VERSION.equals(skaffold.get("apiVersion"))) {
      return;
    }
    for (String error : JsonSchemas.validate(SkaffoldConfig.SCHEMA, skaffold)) {
      out.add(
          null,
          "skaffold.yaml",
          null,
          "is invalid against the " + SkaffoldConfig.API_VERSION + " schema: " + error + ".",
          "correct the field; skaffold refuses the file otherwise.");
    }
  }

  static void skaffoldOverlays(JobRepository repo, List<String> environments, Rule.Sink out) {
    Map<String, Object> skaffold = skaffoldOrNull(repo);
    if (skaffold == null) {
      return;
    }
    Map<String, Map<String, Object>> scopes = new LinkedHashMap<>();
    scopes.put("the default pipeline", skaffold);
    list(skaffold.get("profiles")).forEach(p -> scopes.put("profile " + p.get("name"), p));
    Set<String> profiled = new LinkedHashSet<>();
    scopes.forEach(
        (where, scope) -> {
          for (String path : strings(at(scope, "manifests.kustomize.paths"))) {
            profiled.add(path);
            if (!Files.isRegularFile(repo.root().resolve(path).resolve("kustomization.yaml"))) {
              out.add(
                  null,
                  "skaffold.yaml",
                  where,
                  "renders "
                      + path
                      + ", which is not a kustomization (no "
                      + path
                      + "/kustomization.yaml): skaffold deploys nothing.",
                  "point manifests.kustomize.paths at an existing overlay, one of "
                      + environments.stream().map(e -> JobRepository.OVERLAYS + "/" + e).toList()
                      + ".");
            }
          }
          for (Map<String, Object> hook : list(at(scope, "deploy.kubectl.hooks.before"))) {
            Matcher applied =
                Pattern.compile("-k ([^\\s'\"]+)")
                    .matcher(String.join(" ", strings(at(hook, "host.command"))));
            while (applied.find()) {
              if (!Files.isRegularFile(
                  repo.root().resolve(applied.group(1)).resolve("kustomization.yaml"))) {
                out.add(
                    null,
                    "skaffold.yaml",
                    where,
                    "applies "
                        + applied.group(1)
                        + " in a before-deploy hook, which is not a kustomization.",
                    "point the hook at the overlay's shared/ directory.");
              }
            }
          }
        });
    for (String env : environments) {
      String overlay = JobRepository.OVERLAYS + "/" + env;
      if (!profiled.contains(overlay)) {
        out.add(
            env,
            "skaffold.yaml",
            null,
            "no skaffold profile renders "
                + overlay
                + ", so `skaffold run -p "
                + env
                + "` cannot deploy it.",
            "add a profile named "
                + env
                + " whose manifests.kustomize.paths is ["
                + overlay
                + "].");
      }
    }
  }

  static void sparkPropertyUnknown(JobRepository repo, List<String> environments, Rule.Sink out) {
    SparkKeys keys =
        repo.sparkLine() == null ? null : SparkKeys.forLine(repo.sparkLine()).orElse(null);
    if (keys == null) {
      return; // a Spark line this generator has no key list for: nothing to compare against
    }
    List<SparkKeys> allLines =
        SUPPORTED_LINES.stream().map(SparkKeys::forLine).flatMap(Optional::stream).toList();
    propertiesFiles(repo, environments)
        .forEach(
            (file, environment) -> {
              for (PropertiesFile.Entry entry :
                  PropertiesFile.entries(JobRepository.read(repo.root().resolve(file)))) {
                if (!keys.known(entry.key()) && !SparkKeys.knownToAnyLine(entry.key(), allLines)) {
                  String suggestion =
                      keys.suggestion(entry.key()).map(s -> "did you mean " + s + "?").orElse(null);
                  out.add(
                      environment,
                      file + ":" + entry.line(),
                      "setting " + entry.key(),
                      entry.key()
                          + " is not a Spark "
                          + keys.line()
                          + " setting"
                          + (suggestion == null ? "." : "; " + suggestion)
                          + " Spark ignores it silently.",
                      suggestion == null
                          ? "correct the name (Spark's configuration page lists them), or remove it."
                          : "rename it to " + keys.suggestion(entry.key()).orElseThrow() + ".");
                }
              }
            });
  }

  static void sparkPropertyDuplicate(JobRepository repo, List<String> environments, Rule.Sink out) {
    propertiesFiles(repo, environments)
        .forEach(
            (file, environment) -> {
              Map<String, Integer> first = new LinkedHashMap<>();
              for (PropertiesFile.Entry entry :
                  PropertiesFile.entries(JobRepository.read(repo.root().resolve(file)))) {
                Integer earlier = first.putIfAbsent(entry.key(), entry.line());
                if (earlier != null) {
                  out.add(
                      environment,
                      file + ":" + entry.line(),
                      "setting " + entry.key(),
                      entry.key()
                          + " is set again (first on line "
                          + earlier
                          + "); only this later value counts.",
                      "keep one of the two lines.");
                }
              }
            });
  }

  // ---- helpers

  /**
   * Properties files under k8s/: the base's (environment null) and those of the selected overlays.
   */
  static Map<String, String> propertiesFiles(JobRepository repo, List<String> environments) {
    Map<String, String> files = new TreeMap<>();
    Path k8s = repo.root() == null ? null : repo.root().resolve("k8s");
    if (k8s == null || !Files.isDirectory(k8s)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(k8s)) {
      walk.filter(p -> p.toString().endsWith(".properties") && Files.isRegularFile(p))
          .forEach(
              p -> {
                String relative = repo.root().relativize(p).toString().replace('\\', '/');
                String environment = null;
                if (relative.startsWith(JobRepository.OVERLAYS + "/")) {
                  environment =
                      relative.substring(JobRepository.OVERLAYS.length() + 1).split("/")[0];
                  if (!environments.contains(environment)) {
                    return;
                  }
                }
                files.put(relative, environment);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static Map<String, Object> skaffoldOrNull(JobRepository repo) {
    if (repo.root() == null) {
      return null;
    }
    try {
      Map<String, Object> skaffold = repo.skaffold();
      return skaffold.isEmpty() ? null : skaffold;
    } catch (RuntimeException notYaml) {
      return null; // reported by Validator as unreadable
    }
  }

  private static List<Rendered> renders(Environment env) {
    return env.shared() == null ? List.of(env.job()) : List.of(env.job(), env.shared());
  }

  @SuppressWarnings("ReferenceEquality") // as in namespacedOnly
  private static String file(Environment env, Rendered rendered) {
    return rendered == env.shared()
        ? env.overlay() + "/shared/kustomization.yaml"
        : env.kustomization();
  }

  private static Set<String> names(Rendered rendered, String kind) {
    Set<String> names = new TreeSet<>();
    rendered.ofKind(kind).forEach(d -> names.add(name(d)));
    return names;
  }

  private static String guess(Set<String> names, String hint) {
    return names.stream()
        .filter(n -> n.contains(hint))
        .findFirst()
        .map(n -> " (" + n + ")")
        .orElse("");
  }

  static Map<String, Object> podSpecOf(Map<String, Object> workload) {
    return map(Rendered.podSpec(workload));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> spec) {
    List<Map<String, Object>> all = new ArrayList<>(list(spec.get("containers")));
    all.addAll(list(spec.get("initContainers")));
    return all;
  }

  /** The container named driver, else the first. */
  static Map<String, Object> driverContainer(Map<String, Object> pod) {
    List<Map<String, Object>> containers = list(pod.get("containers"));
    return containers.stream()
        .filter(c -> "driver".equals(c.get("name")))
        .findFirst()
        .orElse(containers.isEmpty() ? Map.of() : containers.get(0));
  }

  /** Spark's memory overhead of a driver or executor: {@link SparkSizes#overheadMib}. */
  private static long overhead(Properties spark, String role, long heap) {
    String explicit = spark.getProperty("spark." + role + ".memoryOverhead");
    if (explicit != null) {
      return Quantities.sparkMebibytes(explicit);
    }
    double factor =
        Double.parseDouble(
            spark.getProperty(
                "spark." + role + ".memoryOverheadFactor",
                spark.getProperty(
                    "spark.kubernetes.memoryOverheadFactor",
                    String.valueOf(SparkSizes.OVERHEAD_FACTOR))));
    String minimum = spark.getProperty("spark." + role + ".minMemoryOverhead");
    return SparkSizes.overheadMib(
        heap,
        factor,
        minimum == null
            ? SparkSizes.MIN_OVERHEAD_MIB
            : Math.max(0, Quantities.sparkMebibytes(minimum)));
  }

  private static long offHeap(Properties spark) {
    return "true".equals(spark.getProperty("spark.memory.offHeap.enabled"))
        ? Math.max(
            0, Quantities.sparkMebibytes(spark.getProperty("spark.memory.offHeap.size", "0")))
        : 0;
  }

  private static long millicoresOr(String cores, String fallback) {
    long m = Quantities.millicores(cores);
    return m >= 0 ? m : Quantities.millicores(fallback);
  }

  /**
   * The sum over a pod's containers of resources.<path>, in MiB or millicores; -1 if any is
   * missing.
   */
  private static long sum(Map<String, Object> pod, String path, boolean memory) {
    long total = 0;
    for (Map<String, Object> container : list(pod.get("containers"))) {
      Object value = at(container, "resources." + path);
      long v = memory ? Quantities.kubernetesMebibytes(value) : Quantities.millicores(value);
      if (v < 0) {
        return -1;
      }
      total += v;
    }
    return total;
  }
}
