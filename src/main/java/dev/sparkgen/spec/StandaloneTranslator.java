package dev.sparkgen.spec;

import dev.sparkgen.spec.StandaloneMigration.DriverPod;
import dev.sparkgen.spec.StandaloneMigration.EnvironmentMigration;
import dev.sparkgen.spec.StandaloneMigration.MavenDependency;
import dev.sparkgen.spec.StandaloneMigration.Outcome;
import dev.sparkgen.spec.StandaloneMigration.Property;
import dev.sparkgen.spec.StandaloneMigration.Row;
import dev.sparkgen.spec.StandaloneSetting.Form;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Translates a Standalone submission into the repository's settings, environment by environment:
 * Spark's precedence decides which of several inputs for one setting counts (an option over {@code
 * --conf} over the defaults file, a later one over an earlier), and every input lands in exactly
 * one {@link Outcome}. Pure: the same inputs give the same migration.
 */
final class StandaloneTranslator {

  /** k8s/base/components/namespace/resourcequota.yaml, in MiB, millicores and pods. */
  static final Map<String, Long> BASE_QUOTA =
      Map.of(
          "requests.cpu",
          8000L,
          "limits.cpu",
          16000L,
          "requests.memory",
          32768L,
          "limits.memory",
          32768L,
          "pods",
          30L);

  /** Each local directory's emptyDir: shuffle and spill files of one executor. */
  static final String LOCAL_DIR_SIZE = "50Gi";

  /**
   * The History Server's port, which its Service and NetworkPolicy name (component history-server).
   */
  static final String HISTORY_PORT = "18080";

  private static final Pattern SHELL_VARIABLE =
      Pattern.compile("\\$(?!\\{(spark\\.|env:|system:))[A-Za-z_{(0-9@*]");
  private static final Pattern MAVEN_ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final Pattern MAVEN_VERSION = Pattern.compile("[A-Za-z0-9_.+\\-]+");
  private static final Pattern SCALA_SUFFIX = Pattern.compile("(.+)_(2\\.1[0-3])");

  /**
   * Settings the base and the Job own: the driver's address and ports, security, the executors'
   * image and template.
   */
  private static final Set<String> BASE_OWNED =
      Set.of(
          "spark.driver.host",
          "spark.driver.port",
          "spark.driver.bindAddress",
          "spark.driver.blockManager.port",
          "spark.blockManager.port",
          "spark.ui.port",
          "spark.authenticate",
          "spark.network.crypto.enabled",
          "spark.io.encryption.enabled",
          "spark.kubernetes.namespace",
          "spark.kubernetes.container.image",
          "spark.kubernetes.driver.container.image",
          "spark.kubernetes.executor.container.image",
          "spark.kubernetes.authenticate.driver.serviceAccountName",
          "spark.kubernetes.authenticate.executor.serviceAccountName",
          "spark.kubernetes.executor.podTemplateFile",
          "spark.kubernetes.executor.podTemplateContainerName",
          "spark.kubernetes.driver.pod.name",
          "spark.kubernetes.allocation.batch.size",
          "spark.kubernetes.executor.label.app.kubernetes.io/name",
          "spark.kubernetes.executor.label.app.kubernetes.io/instance");

  /** Settings that size the executors and the driver (EnvironmentTranslation#sizing). */
  private static final Set<String> SIZING =
      Set.of(
          "spark.executor.cores",
          "spark.executor.memory",
          "spark.executor.memoryOverhead",
          "spark.executor.memoryOverheadFactor",
          "spark.executor.minMemoryOverhead",
          "spark.kubernetes.memoryOverheadFactor",
          "spark.cores.max",
          "spark.executor.instances",
          "spark.dynamicAllocation.enabled",
          "spark.dynamicAllocation.minExecutors",
          "spark.dynamicAllocation.maxExecutors",
          "spark.dynamicAllocation.initialExecutors",
          "spark.kubernetes.executor.request.cores",
          "spark.kubernetes.executor.limit.cores",
          "spark.driver.memory",
          "spark.driver.memoryOverhead",
          "spark.driver.memoryOverheadFactor",
          "spark.driver.minMemoryOverhead",
          "spark.driver.cores",
          "spark.memory.offHeap.enabled",
          "spark.memory.offHeap.size");

  private static final Pattern STANDALONE_FAMILY =
      Pattern.compile(
          "spark\\.(deploy|worker|master|standalone)\\..*|spark\\.ui\\.reverseProxy(Url)?");
  private static final Pattern DAEMON_VARIABLE =
      Pattern.compile(
          "SPARK_(WORKER|MASTER|DAEMON|SHUFFLE|HISTORY|SSH|PID|LOG|IDENT|NICENESS)_?[A-Z0-9_]*|SPARK_PUBLIC_DNS");

  private final SparkRelease spark;
  private final List<ObjectStore> objectStores;
  private final Map<String, MavenDependency> dependencies = new LinkedHashMap<>();
  private final Map<String, String> dependencyOrigin = new LinkedHashMap<>();
  private final Set<String> repositories = new LinkedHashSet<>();
  private final Set<String> exclusions = new LinkedHashSet<>();
  private Optional<String> mainClass = Optional.empty();

  /** An adopted project's main class (sparkgen init): the Job runs it, whatever --class says. */
  private final Optional<String> adoptedMainClass;

  private StandaloneTranslator(
      SparkRelease spark, Optional<String> adoptedMainClass, List<ObjectStore> objectStores) {
    this.spark = spark;
    this.adoptedMainClass = adoptedMainClass;
    this.objectStores = objectStores;
  }

  static StandaloneMigration translate(
      StandaloneInputs inputs,
      String appName,
      List<Environment> environments,
      SparkRelease spark,
      Optional<String> adoptedMainClass,
      List<ObjectStore> objectStores) {
    StandaloneTranslator translator =
        new StandaloneTranslator(spark, adoptedMainClass, objectStores);
    Map<String, EnvironmentMigration> translated = new LinkedHashMap<>();
    for (Environment env : environments) {
      translated.put(
          env.name(),
          translator.new EnvironmentTranslation(env, inputs.settingsFor(env.name())).translate());
    }
    List<MavenDependency> withExclusions =
        translator.dependencies.values().stream()
            .map(
                d ->
                    d.provided()
                        ? d
                        : new MavenDependency(
                            d.groupId(),
                            d.artifactId(),
                            d.version(),
                            false,
                            List.copyOf(translator.exclusions)))
            .toList();
    return new StandaloneMigration(
        inputs,
        translator.mainClass,
        withExclusions,
        List.copyOf(translator.repositories),
        translated);
  }

  /** One environment: the settings that count, then a row for every input. */
  private final class EnvironmentTranslation {
    private final Environment env;
    private final List<StandaloneSetting> settings;

    /** The input that counts, by the setting it stands for. */
    private final Map<String, StandaloneSetting> winners = new LinkedHashMap<>();

    private final List<Property> properties = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<Property> history = new ArrayList<>();
    private final List<String> nextSteps = new ArrayList<>();
    private Tier.Executors executors;
    private Optional<DriverPod> driver = Optional.empty();
    private long executorOverheadMib;
    private boolean overheadDerived;

    /** The tier's driver pod (k8s/base, or its tier component), unless a setting sizes it. */
    private long driverPodMib;

    EnvironmentTranslation(Environment env, List<StandaloneSetting> settings) {
      this.env = env;
      this.driverPodMib = env.tier().driver().memoryMib();
      this.settings = settings;
      for (StandaloneSetting s : settings) {
        StandaloneSetting earlier = winners.get(s.key());
        if (earlier == null || rank(s) >= rank(earlier)) {
          winners.put(s.key(), s);
        }
      }
    }

    EnvironmentMigration translate() {
      executors = executors();
      driver = driver();
      List<Row> rows = new ArrayList<>();
      for (StandaloneSetting s : settings) {
        StandaloneSetting winner = winners.get(s.key());
        // The same setting, not an equal one: a setting given twice with one value is overridden
        // too.
        @SuppressWarnings("ReferenceEquality")
        boolean overridden = winner != s;
        rows.add(
            overridden
                ? new Row(
                    s,
                    Outcome.DROPPED,
                    "overridden by `"
                        + winner.written()
                        + "` ("
                        + winner.where()
                        + "), which Spark applies instead")
                : row(s));
      }
      if (!history.isEmpty()) {
        history.add(new Property("spark.history.ui.port", HISTORY_PORT));
      }
      Map<String, String> quota = quota();
      return new EnvironmentMigration(
          rows, executors, driver, properties, arguments, history, quota, nextSteps);
    }

    // ---- what the settings size

    private Tier.Executors executors() {
      Tier.Executors tier = env.tier().executors();
      boolean dynamic = bool("spark.dynamicAllocation.enabled").orElse(tier.dynamic());
      Optional<Long> cores = count("spark.executor.cores");
      int executorCores = cores.map(Long::intValue).orElse(tier.cores());
      Optional<String> memory =
          size("spark.executor.memory").map(m -> value("spark.executor.memory"));
      long heap = memory.map(StandaloneTranslator::mebibytes).orElse(mebibytes(tier.memory()));
      Optional<String> explicitOverhead =
          size("spark.executor.memoryOverhead").map(m -> value("spark.executor.memoryOverhead"));
      Optional<Double> factor =
          factor("spark.executor.memoryOverheadFactor")
              .or(() -> factor("spark.kubernetes.memoryOverheadFactor"));
      Optional<Long> minimum = size("spark.executor.minMemoryOverhead");
      String overhead;
      if (explicitOverhead.isPresent()) {
        overhead = explicitOverhead.get();
      } else if (memory.isPresent() || factor.isPresent() || minimum.isPresent()) {
        // k8s/base sets the overhead explicitly, so Spark's default (or the team's factor) must be
        // written out.
        overhead =
            SparkSizes.overheadMib(
                    heap,
                    factor.orElse(SparkSizes.OVERHEAD_FACTOR),
                    minimum.orElse(SparkSizes.MIN_OVERHEAD_MIB))
                + "m";
        overheadDerived = true;
      } else {
        overhead = tier.memoryOverhead();
      }
      executorOverheadMib = mebibytes(overhead);
      String request = cores.map(String::valueOf).orElse(tier.requestCores());
      String limit = cores.map(String::valueOf).orElse(tier.limitCores());
      Optional<Integer> fromTotal =
          count("spark.cores.max").map(total -> (int) Math.max(1, total / executorCores));
      Optional<Integer> instances = count("spark.executor.instances").map(Long::intValue);
      String mem = memory.orElse(tier.memory());
      if (!dynamic) {
        int n = instances.or(() -> fromTotal).orElse(tier.min());
        return new Tier.Executors(false, n, n, n, executorCores, mem, overhead, request, limit);
      }
      int max =
          count("spark.dynamicAllocation.maxExecutors")
              .map(Long::intValue)
              .or(() -> fromTotal)
              .orElse(tier.max());
      int min =
          count("spark.dynamicAllocation.minExecutors")
              .map(Long::intValue)
              .orElse(Math.min(tier.min(), max));
      int initial =
          count("spark.dynamicAllocation.initialExecutors")
              .map(Long::intValue)
              .or(() -> instances)
              .orElse(Math.max(min, Math.min(tier.initial(), max)));
      return new Tier.Executors(
          true, min, initial, max, executorCores, mem, overhead, request, limit);
    }

    private Optional<DriverPod> driver() {
      Optional<Long> heap = size("spark.driver.memory");
      Optional<Long> overhead = size("spark.driver.memoryOverhead");
      Optional<Double> factor =
          factor("spark.driver.memoryOverheadFactor")
              .or(() -> factor("spark.kubernetes.memoryOverheadFactor"));
      Optional<Long> minimum = size("spark.driver.minMemoryOverhead");
      long offHeap = offHeapMib();
      Optional<Long> cores = count("spark.driver.cores");
      Optional<String> memory = Optional.empty();
      if (heap.isPresent()
          || overhead.isPresent()
          || factor.isPresent()
          || minimum.isPresent()
          || offHeap > 0) {
        long h = heap.orElse(1024L); // k8s/base's spark.driver.memory
        driverPodMib =
            h
                + overhead.orElse(
                    SparkSizes.overheadMib(
                        h,
                        factor.orElse(SparkSizes.OVERHEAD_FACTOR),
                        minimum.orElse(SparkSizes.MIN_OVERHEAD_MIB)))
                + offHeap;
        memory = Optional.of(driverPodMib + "Mi");
      }
      if (memory.isEmpty() && cores.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new DriverPod(memory, cores.map(String::valueOf)));
    }

    private long offHeapMib() {
      return bool("spark.memory.offHeap.enabled").orElse(false)
          ? size("spark.memory.offHeap.size").orElse(0L)
          : 0;
    }

    /** What the job needs of its namespace: the driver and every executor at once. */
    private Map<String, String> quota() {
      int n = executors.dynamic() ? executors.max() : executors.min();
      Optional<Long> driverCores =
          driver.flatMap(DriverPod::cpu).map(c -> Long.parseLong(c) * 1000);
      long executorMemory = mebibytes(executors.memory()) + executorOverheadMib + offHeapMib();
      Map<String, Long> need = new LinkedHashMap<>();
      need.put(
          "requests.cpu",
          driverCores.orElse(env.tier().driver().requestCpuMillis())
              + n * millicores(executors.requestCores()));
      need.put(
          "limits.cpu",
          driverCores.orElse(env.tier().driver().limitCpuMillis())
              + n * millicores(executors.limitCores()));
      need.put("requests.memory", driverPodMib + n * executorMemory);
      need.put("limits.memory", driverPodMib + n * executorMemory);
      need.put("pods", 1L + n);
      Map<String, String> quota = new LinkedHashMap<>();
      if (!env.ownsNamespace()) {
        need.forEach((resource, amount) -> quota.put(resource, quantity(resource, amount)));
        nextSteps.add(
            "Namespace "
                + env.namespace()
                + " is the platform team's: make sure its quota admits the driver and "
                + n
                + " executors at once, at least "
                + String.join(
                    ", ",
                    quota.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + "; executors beyond it are never created.");
        return Map.of();
      }
      need.forEach(
          (resource, amount) -> {
            if (amount > BASE_QUOTA.get(resource)) {
              quota.put(resource, quantity(resource, amount));
            }
          });
      return quota;
    }

    private static String quantity(String resource, long amount) {
      return resource.endsWith("memory")
          ? SparkSizes.ceil(amount, 1024) + "Gi"
          : resource.endsWith("cpu")
              ? String.valueOf(SparkSizes.ceil(amount, 1000))
              : String.valueOf(amount);
    }

    // ---- one row per input

    private Row row(StandaloneSetting s) {
      String key = s.key();
      if (s.redacted()) {
        return credential(s);
      }
      if (s.form() == Form.ARGUMENT) {
        arguments.add(s.value());
        return shellVariable(s.value())
            ? action(
                s,
                "written as is as argument "
                    + s.name()
                    + " of the Job (kustomization.yaml); nothing expands shell variables there: "
                    + "replace "
                    + variables(s.value())
                    + " with "
                    + env.name()
                    + "'s value")
            : new Row(
                s,
                Outcome.TRANSLATED,
                "argument " + s.name() + " of the Job (kustomization.yaml), after the jar");
      }
      if (s.form() == Form.APPLICATION_JAR) {
        return s.value().endsWith(".py") || s.value().endsWith(".R")
            ? action(
                s,
                "not a jar: the spark-pi archetype builds a Java job; port the application to Java or Scala")
            : new Row(
                s,
                Outcome.TRANSLATED,
                "the jar this repository builds, `local:///opt/spark/app/classpath/app.jar` in the image "
                    + (adoptedMainClass.isPresent()
                        ? "(pom.xml, Jib), built from this project's sources"
                        : "(pom.xml, Jib); its sources belong in src/main/java"));
      }
      if (s.form() == Form.VARIABLE) {
        return variable(s);
      }
      if (s.form() == Form.OPTION && !key.startsWith("spark.")) {
        return option(s);
      }
      if (!key.startsWith("spark.")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "not a Spark setting: spark-submit ignores keys that do not start with spark. "
                + "('Ignoring non-Spark config property')");
      }
      return setting(s, key);
    }

    /**
     * A credential: never written, the row names the setting and what it is and how this repository
     * takes it instead, by its kind.
     */
    private Row credential(StandaloneSetting s) {
      Credentials.Found found = s.credential().orElseThrow();
      String secret = "a Secret of " + env.namespace();
      String variable =
          s.form() == Form.VARIABLE
              ? s.name()
              : Credentials.environmentVariable(s.key()).orElse("VARIABLE");
      String asVariables =
          "the driver gets it as an environment variable from the Secret (`env` with `valueFrom.secretKeyRef` in a patch "
              + "of the Job, kustomization.yaml), the executors with `spark.kubernetes.executor.secretKeyRef."
              + variable
              + "=SECRET:KEY` in spark.properties";
      String detail =
          switch (found.kind()) {
            case OBJECT_STORE ->
                // An Azure or Google SDK variable is one the job reads itself: hand it over as one.
                found.what().contains("AWS")
                        || found.what().contains("S3")
                        || variable.equals("VARIABLE")
                    ? objectStoreCredential(found.what(), secret)
                    : "use the cloud's workload identity (nothing secret anywhere), or keep it in "
                        + secret
                        + ": "
                        + asVariables
                        + " (k8s/base/README.md, \"Data access\")";
            case JAVA_OPTION ->
                "a JVM option reads no environment variable, so a Secret cannot be handed to it as one: put the `-D` options that "
                    + "hold it into a Java argument file in "
                    + secret
                    + ", mount it into the driver (a patch of the Job) and the executors "
                    + "(`spark.kubernetes.executor.secrets.SECRET=/opt/spark/secrets`), and name it in the Java options as "
                    + "`@/opt/spark/secrets/KEY` (the java launcher reads argument files); for a key or trust store, mount the "
                    + "store itself from the Secret the same way. Then set the setting's other options in spark.properties";
            case SPARK_AUTH ->
                "k8s/base turns authentication on, and Spark on Kubernetes makes a new secret for each application: drop it, "
                    + "or to keep a fixed one, mount it from "
                    + secret
                    + " as a file and name it with `spark.authenticate.secret.file`";
            case OTHER ->
                s.form() == Form.ARGUMENT
                    ? "keep it in "
                        + secret
                        + ": give the driver's container an environment variable from it (`valueFrom.secretKeyRef`, a patch "
                        + "of the Job in kustomization.yaml) and write `$(VARIABLE)` as argument "
                        + s.name()
                        + " of the Job, which Kubernetes expands; until then the argument is `"
                        + StandaloneSetting.REDACTED
                        + "`"
                    : s.key().startsWith("spark.ssl.")
                        ? "keep it in "
                            + secret
                            + " and write `"
                            + s.key()
                            + "=${env:VARIABLE}` in spark.properties: Spark reads its SSL passwords with `${env:...}` "
                            + "substituted; "
                            + asVariables
                            + "; mount the store itself from a Secret the same way (a volume of the Job; "
                            + "`spark.kubernetes.executor.secrets.SECRET=PATH`)"
                        : s.key().equals("spark.jars.repositories")
                            ? "put the repository's user and password into ~/.m2/settings.xml (a <server> with the repository's id) "
                                + "and its URL without them into pom.xml's <repositories>"
                            : "keep it in "
                                + secret
                                + ": "
                                + asVariables
                                + ", or mounted as a file (a volume of the Job; `spark.kubernetes.executor.secrets.SECRET=PATH`); have the job read "
                                + "it from there";
          };
      if (s.form() == Form.ARGUMENT) {
        arguments.add(s.value());
      }
      return action(
          s,
          found.what()
              + ": not written anywhere (a repository is no place for it, not even .sparkgen.yaml). Instead, "
              + detail);
    }

    private String objectStoreCredential(String what, String secret) {
      String instead;
      if (what.contains("S3") || what.contains("AWS")) {
        instead =
            "use EKS IRSA (the role on both accounts, nothing secret anywhere), or keys from "
                + secret
                + ": component `object-store-secret` gives the driver AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from "
                + "Secret NAME-object-store, the commented `spark.kubernetes.executor.secretKeyRef.*` lines of spark.properties "
                + "the executors (`--object-store s3a`)";
      } else if (what.contains("GCS") || what.contains("GOOGLE")) {
        instead =
            "use GKE Workload Identity (nothing secret anywhere), or put the service account's key file in "
                + secret
                + ", mounted into the driver (a patch of the Job) and the executors "
                + "(`spark.kubernetes.executor.secrets.SECRET=PATH`), and name it with "
                + "`spark.hadoop.google.cloud.auth.service.account.json.keyfile`";
      } else {
        instead =
            "use AKS Workload ID (component workload-identity-azure; nothing secret anywhere), or put the key into a "
                + "Hadoop credential store (a JCEKS file) in "
                + secret
                + ", mounted into the driver (a patch of the Job) and the executors "
                + "(`spark.kubernetes.executor.secrets.SECRET=PATH`), named by "
                + "`spark.hadoop.hadoop.security.credential.provider.path=localjceks://file/PATH/FILE.jceks`";
      }
      return instead + " (k8s/base/README.md, \"Data access\")";
    }

    private Row option(StandaloneSetting s) {
      return switch (s.name()) {
        case "--class" -> mainClass(s);
        case "--properties-file" ->
            settings.stream().anyMatch(x -> x.form() == Form.PROPERTY)
                ? new Row(
                    s,
                    Outcome.DROPPED,
                    "the Job reads k8s/base's and this overlay's settings; those of the file given with --defaults for "
                        + env.name()
                        + " are translated here")
                : action(
                    s,
                    "its settings are not translated: spark-submit read them instead of spark-defaults.conf. Translate them too: "
                        + (adoptedMainClass.isPresent() ? "sparkgen init" : "sparkgen new")
                        + " ... --defaults "
                        + env.name()
                        + "=<a copy of "
                        + s.value()
                        + ">");
        case "--load-spark-defaults" ->
            new Row(
                s,
                Outcome.DROPPED,
                "the Job reads k8s/base's and this overlay's settings, no other file");
        case "--verbose", "--help", "--version", "--usage-error" ->
            new Row(s, Outcome.DROPPED, "spark-submit's own output only");
        case "--kill", "--status" ->
            new Row(
                s,
                Outcome.DROPPED,
                "manages a driver on the Standalone master: `kubectl delete job` and "
                    + "`kubectl get job` do that for the Job");
        case "--remote" ->
            action(
                s,
                "a Spark Connect server, not a Standalone master: this repository submits a batch job; "
                    + "point the client at a Connect server running on Kubernetes instead");
        case "--proxy-user" ->
            action(
                s,
                "Hadoop impersonation is not translated: give the job's own identity (Kerberos principal, the "
                    + "storage's workload identity) the rights "
                    + s.value()
                    + " had, then drop it");
        default -> throw new IllegalStateException(s.name());
      };
    }

    private Row mainClass(StandaloneSetting s) {
      String adopted = adoptedMainClass.orElse(null);
      if (adopted != null && s.value().startsWith("$")) {
        return action(
            s,
            "a shell variable: the Job runs `"
                + adopted
                + "`, the class sparkgen init found in the sources (main-class of "
                + "ConfigMap spark-app, kustomization.yaml); change it there if "
                + s.value()
                + " names another");
      }
      if (s.value().startsWith("$")) {
        return action(
            s,
            "a shell variable: set the class in main-class of ConfigMap spark-app (kustomization.yaml), which names the "
                + "archetype's class until then");
      }
      if (!SourceVersion.isName(s.value())) {
        throw bad(
            s,
            "names the main class '"
                + SpecBuilder.abbreviate(s.value())
                + "', which is not a Java class name such as com.example.jobs.Main");
      }
      mainClass = Optional.of(s.value());
      if (adopted != null && !adopted.equals(s.value())) {
        return new Row(
            s,
            Outcome.DROPPED,
            "the Job runs `"
                + adopted
                + "` instead, the main class sparkgen init adopted (--main-class, "
                + "recorded in .sparkgen.yaml; main-class of ConfigMap spark-app, kustomization.yaml)");
      }
      return new Row(
          s,
          Outcome.TRANSLATED,
          "main-class of ConfigMap spark-app (kustomization.yaml): the Job passes it to spark-submit as --class");
    }

    private Row variable(StandaloneSetting s) {
      String name = s.name();
      if (name.equals("SPARK_LOCAL_DIRS")) {
        return localDirs(s);
      }
      if (DAEMON_VARIABLE.matcher(name).matches()) {
        return new Row(
            s,
            Outcome.DROPPED,
            "configures the Standalone master, workers or daemons; Kubernetes schedules the pods");
      }
      if (Set.of("SPARK_HOME", "SPARK_CONF_DIR", "JAVA_HOME", "SPARK_SCALA_VERSION")
          .contains(name)) {
        return new Row(
            s,
            Outcome.DROPPED,
            "the image's own: Spark in /opt/spark, its Java "
                + "and its configuration from k8s/base and this overlay");
      }
      if (name.equals("SPARK_LOCAL_IP")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "the driver binds 0.0.0.0 and executors reach it at its pod's IP (k8s/base/job.yaml)");
      }
      if (name.equals("GOOGLE_APPLICATION_CREDENTIALS")) {
        return action(
            s,
            "the path of a service account key file on the Standalone machines, which the pods do not have: use GKE "
                + "Workload Identity (`iam.gke.io/gcp-service-account` on both accounts, k8s/base/README.md, \"Data access\"), "
                + "or put the key file in a Secret, mount it into the driver (a patch of the Job) and the executors "
                + "(`spark.kubernetes.executor.secrets.SECRET=PATH`), and set the variable to the mounted file on both "
                + "(`spark.executorEnv."
                + name
                + "`)");
      }
      if (name.equals("HADOOP_CONF_DIR") || name.equals("YARN_CONF_DIR")) {
        return action(
            s,
            "Hadoop's client configuration: put core-site.xml and hdfs-site.xml in src/main/resources (they are then on the "
                + "driver's and executors' class path), or in a ConfigMap mounted into both, with HADOOP_CONF_DIR set to it");
      }
      return action(
          s,
          "an environment variable of the old script: set it on the driver's container (a patch of the Job in "
              + "kustomization.yaml) and, where executors read it, `spark.executorEnv."
              + name
              + "` in spark.properties");
    }

    private Row setting(StandaloneSetting s, String key) {
      String v = s.value();
      if (spark.hadoop().awsSdk() == 2
          && S3aCredentialProviders.isProviderKey(key)
          && !S3aCredentialProviders.v1Classes(v).isEmpty()) {
        return sdkV1Providers(s);
      }
      if (key.equals("spark.master")) {
        return new Row(
            s,
            Outcome.DROPPED,
            (v.contains(",")
                    ? "the Standalone masters (an HA list) are"
                    : "the Standalone master is")
                + " replaced: the Job's master is the cluster's API server (`k8s://https://kubernetes.default.svc`, k8s/base/spark.properties)");
      }
      if (key.equals("spark.submit.deployMode")) {
        return new Row(
            s,
            Outcome.TRANSLATED,
            "a Kubernetes Job running spark-submit in client mode: its pod is the driver, and the Job's "
                + "status is the application's (k8s/base/job.yaml)"
                + (v.equals("cluster")
                    ? "; in cluster mode on Kubernetes, spark-submit would not report a failed driver"
                    : ""));
      }
      if (key.equals("spark.driver.supervise")) {
        return "true".equals(v) || v.isEmpty()
            ? new Row(
                s,
                Outcome.TRANSLATED,
                "the Job's retries: a failed driver is started again in a new pod, up to backoffLimit (2, "
                    + "k8s/base/job.yaml), with fresh executors")
            : new Row(
                s,
                Outcome.DROPPED,
                "the Job retries a failed driver anyway (backoffLimit, k8s/base/job.yaml)");
      }
      if (BASE_OWNED.contains(key)) {
        return new Row(
            s,
            Outcome.DROPPED,
            "k8s/base and the overlay set it: the Job, its NetworkPolicies, its security and the "
                + "executors' image depend on their value (k8s/base/spark.properties)");
      }
      Optional<Row> sized = sizing(s, key);
      if (sized.isPresent()) {
        return sized.get();
      }
      if (key.equals("spark.local.dir")) {
        return localDirs(s);
      }
      if (key.equals("spark.shuffle.service.enabled")) {
        return !"true".equals(v)
            ? new Row(
                s,
                Outcome.DROPPED,
                "Spark's default: there is no external shuffle service on Kubernetes")
            : executors.dynamic()
                ? new Row(
                    s,
                    Outcome.TRANSLATED,
                    "shuffle tracking, `spark.dynamicAllocation.shuffleTracking.enabled=true` (component "
                        + "dynamic-allocation): there is no external shuffle service on Kubernetes, so the driver keeps executors holding "
                        + "shuffle data until it is no longer needed (or `shuffleTracking.timeout`)")
                : new Row(
                    s,
                    Outcome.DROPPED,
                    "there is no external shuffle service on Kubernetes; "
                        + env.name()
                        + "'s static executors keep their own shuffle files for the whole run");
      }
      if (key.startsWith("spark.shuffle.service.")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "a setting of the external shuffle service, which Kubernetes does not have");
      }
      if (key.equals("spark.dynamicAllocation.shuffleTracking.enabled")) {
        return executors.dynamic()
            ? new Row(
                s,
                Outcome.TRANSLATED,
                "component dynamic-allocation turns it on: Kubernetes has no external shuffle service")
            : new Row(s, Outcome.DROPPED, "dynamic allocation is off in " + env.name());
      }
      if (key.startsWith("spark.dynamicAllocation.")) {
        return executors.dynamic()
            ? keep(s)
            : new Row(s, Outcome.DROPPED, "dynamic allocation is off in " + env.name());
      }
      if (key.startsWith("spark.eventLog.")) {
        return eventLog(s, key);
      }
      if (key.startsWith("spark.history.")) {
        return historyServer(s, key);
      }
      if (key.equals("spark.jars.packages")) {
        return packages(s);
      }
      if (key.equals("spark.jars.repositories")) {
        return repositories(s);
      }
      if (key.equals("spark.jars.excludes")) {
        for (String pair : entries(v)) {
          String[] parts = pair.split(":");
          if (parts.length != 2
              || !MAVEN_ID.matcher(parts[0]).matches()
              || !MAVEN_ID.matcher(parts[1]).matches()) {
            throw bad(
                s,
                "excludes '" + SpecBuilder.abbreviate(pair) + "', which is not groupId:artifactId");
          }
          exclusions.add(pair);
        }
        return new Row(
            s,
            Outcome.TRANSLATED,
            "exclusions of the dependencies from --packages (pom.xml), which Maven leaves out at build time");
      }
      if (key.equals("spark.jars.ivy")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "Maven resolves the dependencies when the image is built (pom.xml); nothing is resolved at submit time");
      }
      if (key.equals("spark.jars.ivySettings")) {
        return action(
            s,
            "move its resolvers into pom.xml's <repositories> (and their credentials into ~/.m2/settings.xml): Maven "
                + "resolves the dependencies when the image is built");
      }
      if (key.equals("spark.jars")) {
        return jars(s);
      }
      if (key.equals("spark.files")) {
        return action(
            s,
            "not shipped at submit time any more: put "
                + names(v)
                + " in src/main/resources and read "
                + (entries(v).size() > 1 ? "them" : "it")
                + " from the class path, or, to differ per environment, in a ConfigMap mounted into "
                + "the driver (a patch of the Job) and the executors (the executor pod template)");
      }
      if (key.equals("spark.archives")) {
        String first = entries(v).get(0);
        String alias =
            first.contains("#")
                ? first.substring(first.indexOf('#') + 1)
                : name(first).replaceAll("\\.(tar\\.gz|tgz|tar|zip|jar)$", "");
        return action(
            s,
            "not unpacked at submit time any more: unpack "
                + path(first)
                + " into src/main/jib/opt/spark/app/"
                + alias
                + (entries(v).size() > 1 ? " (and each other archive likewise)" : "")
                + ", which Jib copies into the image, and read it "
                + "from /opt/spark/app/"
                + alias
                + " instead of ./"
                + alias
                + " (the working directory is an empty volume)");
      }
      if (key.equals("spark.submit.pyFiles")) {
        return action(
            s,
            "Python files: the spark-pi archetype builds a Java job; port them, or build a PySpark image instead");
      }
      if (key.equals("spark.driver.extraClassPath")
          || key.equals("spark.executor.extraClassPath")
          || key.equals("spark.driver.defaultExtraClassPath")) {
        return action(
            s,
            "not written: k8s/base sets it to /opt/spark/app/libs/*, where Jib puts pom.xml's dependencies, and "
                + SpecBuilder.abbreviate(v)
                + " is a path on the Standalone machines. Make those jars dependencies in pom.xml");
      }
      if (key.equals("spark.driver.extraLibraryPath")
          || key.equals("spark.executor.extraLibraryPath")) {
        return action(
            s,
            "native libraries of the Standalone machines: put them into the image (src/main/jib/opt/spark/native/) and set "
                + "it to /opt/spark/native in spark.properties");
      }
      if (STANDALONE_FAMILY.matcher(key).matches()) {
        return new Row(
            s,
            Outcome.DROPPED,
            "configures the Standalone master or workers; Kubernetes schedules the pods");
      }
      if (key.startsWith("spark.yarn.") || key.startsWith("spark.mesos.")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "another cluster manager's setting; Spark on Kubernetes ignores it");
      }
      if (key.startsWith("spark.kerberos.")) {
        return action(
            s,
            "Kerberos: put the keytab in a Secret mounted into the driver (a patch of the Job) and point "
                + "`spark.kerberos.keytab` at it, with krb5.conf in `spark.kubernetes.kerberos.krb5.configMapName`");
      }
      return keep(s);
    }

    /** Executor and driver sizes, counts and dynamic allocation; empty for any other setting. */
    private Optional<Row> sizing(StandaloneSetting s, String key) {
      if (!SIZING.contains(key)) {
        return Optional.empty();
      }
      if (shellVariable(s.value())) {
        return Optional.of(
            action(
                s,
                "a shell variable: not used, so "
                    + env.name()
                    + " keeps its tier's size; set "
                    + key
                    + " in spark.properties"));
      }
      Tier.Executors x = executors;
      String where = env.name() + "'s";
      String detail =
          switch (key) {
            case "spark.executor.cores" ->
                "`spark.executor.cores="
                    + x.cores()
                    + "`, each executor pod requesting and limited to "
                    + x.cores()
                    + " CPU (`spark.kubernetes.executor.request.cores`, `limit.cores`)";
            case "spark.executor.memory" ->
                "`spark.executor.memory="
                    + x.memory()
                    + "`"
                    + (overheadDerived && value("spark.executor.memoryOverhead") == null
                        ? ", with `spark.executor.memoryOverhead="
                            + x.memoryOverhead()
                            + "` (Spark's default, max(384m, 10%), written out: k8s/base sets one)"
                        : "")
                    + "; each executor pod's memory holds it and the overhead";
            case "spark.executor.memoryOverhead" ->
                "`spark.executor.memoryOverhead="
                    + x.memoryOverhead()
                    + "`, part of each executor pod's memory";
            case "spark.executor.memoryOverheadFactor", "spark.executor.minMemoryOverhead" ->
                value("spark.executor.memoryOverhead") != null
                    ? null
                    : "`spark.executor.memoryOverhead="
                        + x.memoryOverhead()
                        + "` (k8s/base sets an explicit overhead, which would win over it)";
            case "spark.kubernetes.memoryOverheadFactor" -> {
              properties.add(new Property(key, s.value()));
              yield "the executors' and the driver's overhead, written out: `spark.executor.memoryOverhead="
                  + x.memoryOverhead()
                  + "`"
                  + driver.flatMap(DriverPod::memory).map(m -> ", driver pod " + m).orElse("");
            }
            case "spark.cores.max" ->
                usable(
                        x.dynamic()
                            ? "spark.dynamicAllocation.maxExecutors"
                            : "spark.executor.instances")
                    ? null
                    : countDetail(s, x);
            case "spark.executor.instances" ->
                x.dynamic()
                    ? "the initial executors, `spark.dynamicAllocation.initialExecutors="
                        + x.initial()
                        + "`"
                    : "`spark.executor.instances=" + x.min() + "`";
            case "spark.dynamicAllocation.enabled" ->
                x.dynamic()
                    ? "component dynamic-allocation in "
                        + env.name()
                        + " (kustomization.yaml), "
                        + x.min()
                        + " to "
                        + x.max()
                        + " executors, decommissioned gracefully"
                    : "static executors in "
                        + env.name()
                        + ": `spark.executor.instances="
                        + x.min()
                        + "`";
            case "spark.dynamicAllocation.minExecutors",
                "spark.dynamicAllocation.maxExecutors",
                "spark.dynamicAllocation.initialExecutors" ->
                x.dynamic()
                    ? "`"
                        + key
                        + "="
                        + (key.endsWith("minExecutors")
                            ? x.min()
                            : key.endsWith("maxExecutors") ? x.max() : x.initial())
                        + "`"
                    : null;
            case "spark.kubernetes.executor.request.cores",
                "spark.kubernetes.executor.limit.cores" ->
                null;
            case "spark.driver.memory",
                "spark.driver.memoryOverhead",
                "spark.driver.memoryOverheadFactor",
                "spark.driver.minMemoryOverhead" -> {
              properties.add(new Property(key, s.value()));
              yield "`"
                  + key
                  + "="
                  + s.value()
                  + "` in spark.properties; the driver pod (the Job's) requests and is limited to "
                  + driver.flatMap(DriverPod::memory).orElseThrow()
                  + " (heap + overhead"
                  + (offHeapMib() > 0 ? " + off-heap" : "")
                  + ", kustomization.yaml)";
            }
            case "spark.driver.cores" -> {
              properties.add(new Property(key, s.value()));
              yield "`spark.driver.cores="
                  + s.value()
                  + "`; the driver pod requests and is limited to "
                  + s.value()
                  + " CPU (kustomization.yaml)";
            }
            case "spark.memory.offHeap.enabled", "spark.memory.offHeap.size" -> {
              properties.add(new Property(key, s.value()));
              yield "`"
                  + key
                  + "="
                  + s.value()
                  + "` in spark.properties"
                  + (offHeapMib() > 0
                      ? "; Spark adds the off-heap memory to each executor pod, "
                          + "and the driver pod's size has it (kustomization.yaml)"
                      : "");
            }
            default -> throw new IllegalStateException(key);
          };
      if (detail == null) {
        return Optional.of(
            new Row(
                s,
                Outcome.DROPPED,
                key.startsWith("spark.kubernetes.executor.")
                    ? "the overlay sizes the executors' CPU from spark.executor.cores ("
                        + x.requestCores()
                        + " / "
                        + x.limitCores()
                        + ")"
                    : key.startsWith("spark.dynamicAllocation.")
                        ? "dynamic allocation is off in " + env.name()
                        : "superseded by `"
                            + (!key.equals("spark.cores.max")
                                ? "spark.executor.memoryOverhead"
                                : x.dynamic()
                                    ? "spark.dynamicAllocation.maxExecutors"
                                    : "spark.executor.instances")
                            + "` in "
                            + where
                            + " overlay"));
      }
      return Optional.of(new Row(s, Outcome.TRANSLATED, detail));
    }

    private String countDetail(StandaloneSetting s, Tier.Executors x) {
      String per =
          value("spark.executor.cores") != null
              ? ""
              : " (spark.executor.cores was not set: a Standalone executor took all of a "
                  + "worker's cores; counted with "
                  + x.cores()
                  + " per executor, set it for the same parallelism)";
      String count =
          x.dynamic()
              ? "the dynamic-allocation maximum, `spark.dynamicAllocation.maxExecutors="
                  + x.max()
                  + "`"
              : "`spark.executor.instances=" + x.min() + "`";
      return s.value() + " cores in executors of " + x.cores() + ": " + count + per;
    }

    private Row localDirs(StandaloneSetting s) {
      if (shellVariable(s.value())) {
        return action(
            s,
            "a shell variable: set `spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.mount.path` and its "
                + "`options.sizeLimit` in spark.properties");
      }
      List<String> dirs = entries(s.value());
      for (int i = 1; i <= dirs.size(); i++) {
        String volume = "spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-" + i;
        properties.add(new Property(volume + ".mount.path", "/var/data/spark-local-dir-" + i));
        properties.add(new Property(volume + ".options.sizeLimit", LOCAL_DIR_SIZE));
      }
      return new Row(
          s,
          Outcome.TRANSLATED,
          dirs.size()
              + " size-limited emptyDir volume"
              + (dirs.size() > 1 ? "s" : "")
              + " of each executor pod, spark-local-dir-1"
              + (dirs.size() > 1 ? " to " + dirs.size() : "")
              + " at /var/data/ ("
              + LOCAL_DIR_SIZE
              + " each, `spark.kubernetes.executor.volumes.emptyDir.*`), which Spark uses as its local directories; "
              + "the driver's scratch space is its /tmp");
    }

    private Row eventLog(StandaloneSetting s, String key) {
      String dir =
          Optional.ofNullable(value("spark.eventLog.dir")).orElse("file:/tmp/spark-events");
      boolean remote = remote(dir);
      boolean enabled = "true".equals(value("spark.eventLog.enabled"));
      if (!remote
          && (key.equals("spark.eventLog.dir")
              || (key.equals("spark.eventLog.enabled") && enabled))) {
        return action(
            s,
            "not written: "
                + dir
                + " is a directory of the Standalone machines. Switch on the components event-logs "
                + "(kustomization.yaml) and history-server (shared/kustomization.yaml), which share a volume, or put the event logs on HDFS "
                + "or an object store and set spark.eventLog.dir to it");
      }
      if (!remote) {
        return keep(s);
      }
      if (key.equals("spark.eventLog.dir")) {
        properties.add(new Property(key, s.value()));
        if (value("spark.history.fs.logDirectory") == null && enabled) {
          history.add(new Property("spark.history.fs.logDirectory", s.value()));
        }
        String connector = connector(dir);
        String host = connector.isEmpty() ? host(dir) : "";
        nextSteps.add(
            "The driver writes its event log to "
                + dir
                + ": allow its egress to "
                + (host.isEmpty()
                    ? "the storage's endpoint" + (connector.isEmpty() ? "" : " (HTTPS, port 443)")
                    : host)
                + " with a NetworkPolicy in kustomization.yaml (k8s/base/README.md, \"Egress\")"
                + (connector.isEmpty() ? "" : ", and " + connector)
                + ".");
        return new Row(
            s,
            Outcome.TRANSLATED,
            "the driver writes its event log there (spark.properties); the History Server of "
                + env.name()
                + " reads it (shared/kustomization.yaml, opt-in); see the next steps for its egress");
      }
      return keep(s);
    }

    private Row historyServer(StandaloneSetting s, String key) {
      if (key.equals("spark.history.ui.port")) {
        return new Row(
            s,
            Outcome.DROPPED,
            "the History Server listens on "
                + HISTORY_PORT
                + ", which its Service and NetworkPolicy name");
      }
      if (key.equals("spark.history.fs.logDirectory") && !remote(s.value())) {
        return action(
            s,
            "a directory of the Standalone machines: the History Server reads event logs from its volume (component "
                + "history-server, file:///var/spark-events) or from HDFS or an object store");
      }
      history.add(new Property(key, s.value()));
      return new Row(
          s,
          Outcome.TRANSLATED,
          "a setting of "
              + env.name()
              + "'s History Server (the commented patch in shared/kustomization.yaml, "
              + "on together with the component)");
    }

    /**
     * {@code --jars}: a jar under a repository the submission names ({@code --repositories}) is a
     * Maven artifact, by the repository's layout, and becomes a dependency as {@code --packages}
     * would; any other jar is a file only the Standalone machines have.
     */
    private Row jars(StandaloneSetting s) {
      List<String> repositories = new ArrayList<>();
      Optional.ofNullable(winners.get("spark.jars.repositories"))
          .filter(r -> !shellVariable(r.value()))
          .ifPresent(r -> repositories.addAll(entries(r.value())));
      List<String> coordinates = new ArrayList<>();
      List<String> files = new ArrayList<>();
      for (String jar : entries(s.value())) {
        Optional<String> coordinate =
            shellVariable(jar) ? Optional.empty() : artifactIn(jar, repositories);
        if (coordinate.isPresent()) {
          coordinates.add(coordinate.get());
        } else {
          files.add(jar);
        }
      }
      String publish =
          "not shipped at submit time any more: make "
              + (coordinates.isEmpty() ? "each jar" : String.join(", ", files))
              + " a dependency in pom.xml, by the coordinates it has in a "
              + "Maven repository, or after publishing it to yours (`./mvnw deploy:deploy-file -Dfile="
              + path(files.isEmpty() ? "" : files.get(0))
              + " -DgroupId=... -DartifactId=... -Dversion=... -Durl=... -DrepositoryId=...`). Jib ships the dependencies in "
              + "/opt/spark/app/libs, on the driver's and executors' class path";
      if (coordinates.isEmpty()) {
        return action(s, publish);
      }
      Row shipped = packages(s, coordinates);
      return files.isEmpty() ? shipped : action(s, shipped.detail() + "; " + publish);
    }

    /**
     * groupId:artifactId:version of a jar's URL under one of {@code repositories}, if it is one.
     */
    private static Optional<String> artifactIn(String jar, List<String> repositories) {
      for (String repository : repositories) {
        String root = repository.replaceAll("/+$", "") + "/";
        if (!jar.startsWith(root)) {
          continue;
        }
        String[] path = jar.substring(root.length()).split("/");
        int n = path.length;
        if (n < 4) {
          continue;
        }
        String artifact = path[n - 3];
        String version = path[n - 2];
        String group = String.join(".", java.util.Arrays.asList(path).subList(0, n - 3));
        if (path[n - 1].equals(artifact + "-" + version + ".jar")
            && MAVEN_ID.matcher(group).matches()
            && MAVEN_ID.matcher(artifact).matches()
            && MAVEN_VERSION.matcher(version).matches()) {
          return Optional.of(group + ":" + artifact + ":" + version);
        }
      }
      return Optional.empty();
    }

    private Row packages(StandaloneSetting s) {
      if (shellVariable(s.value())) {
        return action(s, "a shell variable: add the packages it names as dependencies in pom.xml");
      }
      return packages(s, entries(s.value()));
    }

    private Row packages(StandaloneSetting s, List<String> coordinates) {
      List<String> shipped = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (String coordinate : coordinates) {
        String[] parts = coordinate.replace('/', ':').split(":");
        if (parts.length != 3
            || !MAVEN_ID.matcher(parts[0]).matches()
            || !MAVEN_ID.matcher(parts[1]).matches()
            || !MAVEN_VERSION.matcher(parts[2]).matches()) {
          throw bad(
              s,
              "names the package '"
                  + SpecBuilder.abbreviate(coordinate)
                  + "', which is not groupId:artifactId:version as spark-submit requires");
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        Matcher scala = SCALA_SUFFIX.matcher(artifact);
        boolean provided = false;
        if (group.equals("org.apache.spark") && scala.matches()) {
          if (!version.equals(spark.version()) || !scala.group(2).equals(spark.scalaBinary())) {
            notes.add(
                coordinate
                    + " follows this repository's Spark "
                    + spark.version()
                    + " and Scala "
                    + spark.scalaBinary());
          }
          artifact = scala.group(1) + "_${scala.binary.version}";
          version = "${spark.version}";
          provided = SparkImage.provides(scala.group(1));
        } else if (scala.matches() && !scala.group(2).equals(spark.scalaBinary())) {
          notes.add(
              coordinate
                  + " is built for Scala "
                  + scala.group(2)
                  + " but Spark "
                  + spark.version()
                  + " runs Scala "
                  + spark.scalaBinary()
                  + ": replace it with its _"
                  + spark.scalaBinary()
                  + " build in pom.xml");
        }
        if (provided && scala.group(1).equals("spark-sql")) {
          shipped.add(coordinate + " (already a provided dependency)");
          continue;
        }
        if (imageHas(group, artifact, version)) {
          shipped.add(coordinate + " (in the image, not shipped)");
          continue;
        }
        String ga = group + ":" + artifact;
        MavenDependency earlier = dependencies.get(ga);
        if (earlier != null && !earlier.version().equals(version)) {
          notes.add(
              "pom.xml, one for every environment, already has "
                  + ga
                  + ":"
                  + earlier.version()
                  + " ("
                  + dependencyOrigin.get(ga)
                  + "): choose one version");
          continue;
        }
        if (earlier == null) {
          dependencies.put(ga, new MavenDependency(group, artifact, version, provided, List.of()));
          dependencyOrigin.put(ga, s.where());
        }
        shipped.add(
            group + ":" + artifact + ":" + version + (provided ? " (provided: in the image)" : ""));
      }
      String detail =
          "pom.xml dependencies "
              + String.join(", ", shipped)
              + ": Maven resolves them when the image is built and Jib "
              + "ships them in /opt/spark/app/libs, on the class path; nothing is downloaded at submit time";
      boolean mismatch =
          notes.stream().anyMatch(n -> n.contains("replace it") || n.contains("choose one"));
      return mismatch
          ? action(s, detail + "; " + String.join("; ", notes))
          : new Row(
              s,
              Outcome.TRANSLATED,
              detail + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
    }

    /**
     * Scala and Hadoop's client of the image's version: apache/spark has them in /opt/spark/jars,
     * and Spark's modules bring them to the pom as provided; shipping another copy would put two on
     * the class path.
     */
    private boolean imageHas(String group, String artifact, String version) {
      return (group.equals("org.scala-lang") && SparkImage.SCALA_LIBRARIES.contains(artifact))
          || (group.equals("org.apache.hadoop")
              && (artifact.equals("hadoop-client-api") || artifact.equals("hadoop-client-runtime"))
              && version.equals(spark.hadoop().version()));
    }

    private Row repositories(StandaloneSetting s) {
      List<String> local = new ArrayList<>();
      for (String url : entries(s.value())) {
        URI uri;
        try {
          uri = new URI(url);
        } catch (URISyntaxException e) {
          throw bad(
              s, "names the repository '" + SpecBuilder.abbreviate(url) + "', which is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
          repositories.add(url);
        } else {
          local.add(url);
        }
      }
      return local.isEmpty()
          ? new Row(
              s,
              Outcome.TRANSLATED,
              "pom.xml <repositories>: Maven resolves the dependencies from there when the image is built")
          : action(
              s,
              String.join(", ", local)
                  + " is not an http(s) repository the build can reach: publish its artifacts to one, "
                  + "and add it to pom.xml's <repositories>");
    }

    /**
     * S3A on the image's Hadoop loads AWS SDK v2 providers only: the v1 classes with a known
     * replacement are written as it, and the row names each (S3aCredentialProviders).
     */
    private Row sdkV1Providers(StandaloneSetting s) {
      String replaced = S3aCredentialProviders.replaced(s.value());
      properties.add(new Property(s.key(), replaced));
      return action(
          s,
          "Spark "
              + spark.line()
              + "'s Hadoop "
              + spark.hadoop().version()
              + " builds S3A on AWS SDK v2, where SDK v1's provider classes are not found (S3A remaps five"
              + " common ones itself, with a warning): "
              + S3aCredentialProviders.fix(s.value())
              + "; spark.properties has `"
              + s.key()
              + "="
              + replaced
              + "`, check that the job reads its buckets with it");
    }

    private Row keep(StandaloneSetting s) {
      properties.add(new Property(s.key(), s.value()));
      return shellVariable(s.value())
          ? action(
              s,
              "written as is in spark.properties, which expands no shell variables: replace "
                  + variables(s.value())
                  + " with "
                  + env.name()
                  + "'s value")
          : new Row(
              s,
              Outcome.KEPT,
              s.form() == Form.OPTION
                  ? "spark.properties, as `" + s.key() + "=" + s.value() + "`"
                  : "spark.properties, as it was");
    }

    private Row action(StandaloneSetting s, String detail) {
      return new Row(s, Outcome.NEEDS_ACTION, detail);
    }

    // ---- reading values

    private String value(String key) {
      StandaloneSetting s = winners.get(key);
      return s == null ? null : s.value();
    }

    private boolean usable(String key) {
      String v = value(key);
      return v != null && !shellVariable(v) && !winners.get(key).redacted();
    }

    private Optional<Boolean> bool(String key) {
      return usable(key)
          ? Optional.of(value(key).strip().equalsIgnoreCase("true") || value(key).isEmpty())
          : Optional.empty();
    }

    private Optional<Long> count(String key) {
      if (!usable(key)) {
        return Optional.empty();
      }
      String v = value(key).strip();
      if (!v.matches("[0-9]{1,6}")
          || (Long.parseLong(v) == 0
              && !key.endsWith("minExecutors")
              && !key.endsWith("initialExecutors"))) {
        throw bad(
            winners.get(key),
            "sets "
                + key
                + " to '"
                + SpecBuilder.abbreviate(v)
                + "', which is not a positive whole number");
      }
      return Optional.of(Long.parseLong(v));
    }

    private Optional<Long> size(String key) {
      if (!usable(key)) {
        return Optional.empty();
      }
      long mib = mebibytes(value(key).strip());
      if (mib < 0) {
        throw bad(
            winners.get(key),
            "sets "
                + key
                + " to '"
                + SpecBuilder.abbreviate(value(key))
                + "', which is not a size Spark accepts, such as 512m or 8g");
      }
      return Optional.of(mib);
    }

    private Optional<Double> factor(String key) {
      if (!usable(key)) {
        return Optional.empty();
      }
      try {
        double f = Double.parseDouble(value(key).strip());
        if (f > 0 && f < 100) {
          return Optional.of(f);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(
          winners.get(key),
          "sets "
              + key
              + " to '"
              + SpecBuilder.abbreviate(value(key))
              + "', which is not a factor such as 0.1");
    }
  }

  // ---- helpers

  /**
   * Spark's precedence: an option over --conf over a properties file; an environment variable over
   * them all.
   */
  private static int rank(StandaloneSetting s) {
    return switch (s.form()) {
      case VARIABLE -> 4;
      case OPTION -> 3;
      case CONF -> 2;
      default -> 1;
    };
  }

  static boolean shellVariable(String value) {
    return SHELL_VARIABLE.matcher(value).find();
  }

  private static String variables(String value) {
    Matcher m =
        Pattern.compile("\\$(\\{[^}]*}|\\([^)]*\\)|[A-Za-z_][A-Za-z0-9_]*|[0-9@*])").matcher(value);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add("`" + m.group() + "`");
    }
    return found.isEmpty() ? "the shell variables" : String.join(", ", new LinkedHashSet<>(found));
  }

  private static List<String> entries(String value) {
    return java.util.Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(e -> !e.isEmpty())
        .toList();
  }

  /** An entry of --files or --archives without its {@code #alias}. */
  private static String path(String entry) {
    return entry.contains("#") ? entry.substring(0, entry.indexOf('#')) : entry;
  }

  private static String name(String entry) {
    String path = path(entry);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String names(String value) {
    return String.join(", ", entries(value).stream().map(StandaloneTranslator::name).toList());
  }

  private static boolean remote(String uri) {
    int colon = uri.indexOf("://");
    return colon > 0
        && !uri.substring(0, colon).equalsIgnoreCase("file")
        && !uri.substring(0, colon).equalsIgnoreCase("local");
  }

  private static String host(String uri) {
    try {
      URI parsed = new URI(uri);
      return parsed.getHost() == null
          ? ""
          : parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "");
    } catch (URISyntaxException e) {
      return "";
    }
  }

  /**
   * What the image needs for the URI's scheme (apache/spark ships no object-store connector), or
   * "".
   */
  private String connector(String uri) {
    String scheme = uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT);
    ObjectStore store =
        switch (scheme) {
          case "s3a" -> ObjectStore.S3A;
          case "gs" -> ObjectStore.GCS;
          default -> null;
        };
    if (store != null) {
      return objectStores.contains(store)
          ? "its credentials (k8s/base/README.md, \"Data access\"; the image has the connector)"
          : "put the connector in the image: `sparkgen upgrade --object-store "
              + store.key()
              + "` (apache/spark ships none)";
    }
    return switch (scheme) {
      case "s3", "s3n" ->
          "add org.apache.hadoop:hadoop-aws (the version of the image's Hadoop) to pom.xml, for s3a:// (apache/spark ships no object-store connector)";
      case "abfs", "abfss", "wasb", "wasbs" ->
          "add org.apache.hadoop:hadoop-azure (the version of the image's Hadoop) to pom.xml (apache/spark ships no object-store connector)";
      default -> "";
    };
  }

  /** A Spark size in MiB, or -1: {@link SparkSizes#mebibytes}. */
  static long mebibytes(String size) {
    return SparkSizes.mebibytes(size);
  }

  /** Cores as Kubernetes writes them ("2", "500m") in millicores. */
  static long millicores(String cores) {
    return cores.endsWith("m")
        ? Long.parseLong(cores.substring(0, cores.length() - 1))
        : Math.round(Double.parseDouble(cores) * 1000);
  }

  private static InvalidInputException bad(StandaloneSetting s, String problem) {
    String kind = s.form() == Form.PROPERTY ? "Defaults file " : "Submit file ";
    return new InvalidInputException(kind + s.file() + " line " + s.line() + " " + problem + ".");
  }
}
