package dev.sparkgen.doctor;

import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.Answers.EnvironmentAnswer;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.Tier;
import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.Rules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Whether this machine and the current cluster are fit to build and deploy one environment of a job
 * repository. Only reads: tool versions, the kubeconfig, {@code kubectl get} and {@code kubectl
 * auth can-i}; it never changes the cluster.
 */
public final class Doctor {

  /**
   * One row of the table: what was checked, whether it passed, what was seen, and the fix when it
   * did not.
   */
  public record Check(String name, Status status, String detail, String fix) {}

  public enum Status {
    OK,
    WARN,
    FAIL
  }

  /** The oldest kubectl whose kustomize (v5) renders the overlays as the tests do. */
  static final int KUBECTL_MINOR = 27;

  /** skaffold/v4beta13 needs skaffold 2.15 or newer. */
  static final int[] SKAFFOLD = {2, 15};

  /**
   * What deploying the overlay needs in its namespace (kubectl apply of these kinds, skaffold's Job
   * re-creation, logs, port forward).
   */
  static final Map<String, List<String>> DEPLOY_NEEDS = new LinkedHashMap<>();

  static {
    for (String resource :
        List.of(
            "jobs.batch",
            "configmaps",
            "services",
            "serviceaccounts",
            "roles.rbac.authorization.k8s.io",
            "rolebindings.rbac.authorization.k8s.io",
            "networkpolicies.networking.k8s.io")) {
      DEPLOY_NEEDS.put(resource, List.of("get", "create", "patch", "delete"));
    }
    DEPLOY_NEEDS.put("pods", List.of("get", "list", "watch"));
    DEPLOY_NEEDS.put("pods/log", List.of("get"));
    DEPLOY_NEEDS.put("pods/portforward", List.of("create"));
  }

  /** What executors must not be able to do: they have no rights at all. */
  static final Map<String, List<String>> EXECUTOR_FORBIDDEN =
      Map.of(
          "pods",
          List.of("get", "create"),
          "configmaps",
          List.of("get"),
          "secrets",
          List.of("get"));

  private final Tools tools;

  public Doctor(Tools tools) {
    this.tools = tools;
  }

  public List<Check> examine(JobRepository repository, String requestedEnv) {
    String env = requestedEnv != null ? requestedEnv : repository.environments().get(0);
    repository.requireEnvironment(env);
    Path overlay = repository.root().resolve(JobRepository.OVERLAYS).resolve(env);
    Map<String, Object> kustomization =
        Rendered.map(yaml(read(overlay.resolve("kustomization.yaml"))));
    String namespace = (String) kustomization.get("namespace");
    String prefix = kustomization.get("namePrefix") instanceof String p ? p : "";
    Properties spark = properties(read(overlay.resolve("spark.properties")));

    List<Check> checks = new ArrayList<>();
    checks.add(java(repository));
    checks.add(
        Files.isExecutable(repository.root().resolve("mvnw"))
            ? new Check("Maven wrapper", Status.OK, "./mvnw", null)
            : new Check(
                "Maven wrapper",
                Status.FAIL,
                "no executable ./mvnw",
                "restore mvnw from a new repository (sparkgen new) and chmod +x it."));
    boolean kubectl = kubectl(checks);
    skaffold(checks);
    if (!kubectl) {
      return checks;
    }
    Tools.Result context = tools.run("kubectl", "config", "current-context");
    if (!context.ok()) {
      checks.add(
          new Check(
              "current context",
              Status.FAIL,
              context.firstLine(),
              "choose a cluster: kubectl config use-context NAME."));
      return checks;
    }
    checks.add(new Check("current context", Status.OK, context.stdout().strip(), null));
    Tools.Result server = tools.run("kubectl", "version", "-o", "json");
    Object serverVersion = Rendered.at(yaml(server.stdout()), "serverVersion.gitVersion");
    if (serverVersion == null) {
      checks.add(
          new Check(
              "cluster",
              Status.FAIL,
              server.firstLine(),
              "check that the cluster is reachable with this context (VPN, credentials)."));
      return checks;
    }
    checks.add(new Check("cluster", Status.OK, "Kubernetes " + serverVersion, null));
    namespace(checks, env, namespace, repository);
    can(checks, "your account", namespace, null, DEPLOY_NEEDS, true);
    String driver = prefix + "driver";
    Map<String, List<String>> driverNeeds = toLists(Rules.DRIVER_NEEDS);
    String scheduling = spark.getProperty(Rules.SCHEDULING_SETTING);
    if (scheduling != null) {
      driverNeeds.put(
          "podtemplates/" + scheduling, List.of("get")); // granted by name only (resourceNames)
    }
    can(
        checks,
        "driver account " + driver,
        namespace,
        "system:serviceaccount:" + namespace + ":" + driver,
        driverNeeds,
        true);
    String executor =
        spark.getProperty(
            "spark.kubernetes.authenticate.executor.serviceAccountName", prefix + "executor");
    can(
        checks,
        "executor account " + executor,
        namespace,
        "system:serviceaccount:" + namespace + ":" + executor,
        EXECUTOR_FORBIDDEN,
        false);
    registry(checks, repository, env);
    return checks;
  }

  private Check java(JobRepository repository) {
    int running = Runtime.version().feature();
    String pom = read(repository.root().resolve("pom.xml"));
    Matcher m =
        Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>")
            .matcher(pom == null ? "" : pom);
    int needed = m.find() ? Integer.parseInt(m.group(1)) : 17;
    return running >= needed
        ? new Check("Java", Status.OK, running + " (the job needs " + needed + ")", null)
        : new Check(
            "Java",
            Status.FAIL,
            running + ", the job needs " + needed,
            "install a JDK " + needed + " and put it first on PATH (or set JAVA_HOME).");
  }

  private boolean kubectl(List<Check> checks) {
    Tools.Result version = tools.run("kubectl", "version", "--client", "-o", "json");
    if (version.missing()) {
      checks.add(
          new Check(
              "kubectl",
              Status.FAIL,
              "not on PATH",
              "install kubectl 1."
                  + KUBECTL_MINOR
                  + " or newer (it renders the overlays and deploys)."));
      return false;
    }
    Object tree = yaml(version.stdout());
    String minor = String.valueOf(Rendered.at(tree, "clientVersion.minor")).replaceAll("\\D", "");
    Object kustomize = Rendered.at(tree, "kustomizeVersion");
    boolean fresh =
        !minor.isEmpty()
            && Integer.parseInt(minor) >= KUBECTL_MINOR
            && String.valueOf(kustomize).startsWith("v5");
    String detail = Rendered.at(tree, "clientVersion.gitVersion") + ", kustomize " + kustomize;
    checks.add(
        fresh
            ? new Check("kubectl", Status.OK, detail, null)
            : new Check(
                "kubectl",
                Status.FAIL,
                detail,
                "install kubectl 1." + KUBECTL_MINOR + " or newer, whose kustomize is v5."));
    return true;
  }

  private void skaffold(List<Check> checks) {
    Tools.Result version = tools.run("skaffold", "version");
    if (version.missing()) {
      checks.add(
          new Check(
              "skaffold",
              Status.FAIL,
              "not on PATH",
              "install skaffold "
                  + SKAFFOLD[0]
                  + "."
                  + SKAFFOLD[1]
                  + " or newer (skaffold dev, skaffold run -p ENV)."));
      return;
    }
    Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version.stdout());
    boolean fresh =
        m.find()
            && (Integer.parseInt(m.group(1)) > SKAFFOLD[0]
                || (Integer.parseInt(m.group(1)) == SKAFFOLD[0]
                    && Integer.parseInt(m.group(2)) >= SKAFFOLD[1]));
    String detail = version.stdout().strip();
    checks.add(
        fresh
            ? new Check("skaffold", Status.OK, detail, null)
            : new Check(
                "skaffold",
                Status.FAIL,
                detail,
                "install skaffold "
                    + SKAFFOLD[0]
                    + "."
                    + SKAFFOLD[1]
                    + " or newer: skaffold.yaml is skaffold/v4beta13."));
  }

  private void namespace(
      List<Check> checks, String env, String namespace, JobRepository repository) {
    Tools.Result got = tools.run("kubectl", "get", "namespace", namespace, "-o", "json");
    boolean local = envKind(repository, env).equals(Environment.LOCAL);
    if (!got.ok()) {
      checks.add(
          local
              ? new Check(
                  "namespace " + namespace,
                  Status.WARN,
                  "does not exist yet",
                  "nothing to do: skaffold's before-deploy hook creates it (k8s/overlays/"
                      + env
                      + "/shared).")
              : new Check(
                  "namespace " + namespace,
                  Status.FAIL,
                  got.firstLine(),
                  "ask the platform team for the namespace, or check the overlay's namespace:."));
      return;
    }
    Object enforce =
        Rendered.map(Rendered.at(yaml(got.stdout()), "metadata.labels"))
            .get("pod-security.kubernetes.io/enforce");
    checks.add(
        "restricted".equals(enforce)
            ? new Check(
                "namespace " + namespace,
                Status.OK,
                "exists, enforces Pod Security restricted",
                null)
            : new Check(
                "namespace " + namespace,
                Status.WARN,
                "exists, enforces Pod Security " + (enforce == null ? "nothing" : enforce),
                "label it pod-security.kubernetes.io/enforce=restricted (or ask the platform team): the job is built for it."));
  }

  private void can(
      List<Check> checks,
      String who,
      String namespace,
      String as,
      Map<String, List<String>> rights,
      boolean expected) {
    List<String> wrong = new ArrayList<>();
    String error = null;
    for (Map.Entry<String, List<String>> right : new TreeMap<>(rights).entrySet()) {
      for (String verb : right.getValue()) {
        List<String> args =
            new ArrayList<>(
                List.of("auth", "can-i", verb, right.getKey(), "--namespace", namespace));
        if (as != null) {
          args.addAll(List.of("--as", as));
        }
        Tools.Result answer = tools.run("kubectl", args.toArray(String[]::new));
        String said = answer.stdout().strip();
        if (!said.equals("yes") && !said.equals("no")) {
          error = answer.firstLine();
          break;
        }
        if (said.equals("yes") != expected) {
          wrong.add(verb + " " + right.getKey());
        }
      }
    }
    String name = "rights of " + who;
    if (error != null) {
      checks.add(
          new Check(
              name,
              Status.WARN,
              "cannot ask: " + error,
              "checking another account needs the right to impersonate it; ask the platform team."));
    } else if (wrong.isEmpty()) {
      checks.add(
          new Check(
              name,
              Status.OK,
              expected ? "has every right it needs" : "has none of the rights it must not have",
              null));
    } else {
      checks.add(
          new Check(
              name,
              Status.FAIL,
              (expected ? "may not " : "may ") + String.join(", ", wrong),
              expected
                  ? (as == null
                      ? "ask for these rights in "
                          + namespace
                          + " (a RoleBinding to a Role with them)."
                      : "deploy the overlay (its Role and RoleBinding grant them), then run doctor again.")
                  : "remove the RoleBindings that grant the executors' account rights: executors need none."));
    }
  }

  private void registry(List<Check> checks, JobRepository repository, String env) {
    if (envKind(repository, env).equals(Environment.LOCAL)) {
      checks.add(
          new Check(
              "registry",
              Status.OK,
              "not needed: skaffold loads the image into the local cluster",
              null));
      return;
    }
    Object image =
        Rendered.at(
            Rendered.list(Rendered.at(repository.skaffold(), "build.artifacts")).stream()
                .findFirst()
                .orElse(Map.of()),
            "image");
    String reference = String.valueOf(image);
    String first = reference.split("/")[0];
    boolean hasRegistry =
        reference.contains("/")
            && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      checks.add(
          new Check(
              "registry",
              Status.FAIL,
              "image "
                  + reference
                  + " names no registry, and "
                  + env
                  + " runs on a shared cluster that must pull it",
              "regenerate with --registry HOST[/PATH], or prefix the image in skaffold.yaml with the registry."));
      return;
    }
    String[] hostPort = first.split(":", 2);
    int port = hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 443;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], port), 3000);
      checks.add(new Check("registry", Status.OK, first + " reachable", null));
    } catch (IOException e) {
      checks.add(
          new Check(
              "registry",
              Status.FAIL,
              first + " not reachable: " + e.getMessage(),
              "check the network (VPN, proxy) or the registry's address in skaffold.yaml."));
    }
  }

  /** The table {@code sparkgen doctor} prints: one row per check, the fix under each problem. */
  public static void print(List<Check> checks, PrintWriter out) {
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
    for (Check check : checks) {
      out.printf("%-" + width + "s  %-4s  %s%n", check.name(), check.status(), check.detail());
      if (check.fix() != null) {
        out.printf("%-" + width + "s        fix: %s%n", "", check.fix());
      }
    }
    out.flush();
  }

  public static boolean failed(List<Check> checks) {
    return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
  }

  /**
   * local or shared: the environment's cluster in the answers file; for a repository without one,
   * what sparkgen new gives an environment of that name.
   */
  private static String envKind(JobRepository repository, String env) {
    String text = read(repository.root().resolve(Answers.FILE_NAME));
    if (text != null) {
      try {
        for (EnvironmentAnswer answer : Answers.parse(Answers.FILE_NAME, text).inputs().envs()) {
          if (answer.name().equals(env)) {
            return answer.cluster();
          }
        }
      } catch (InvalidInputException unreadable) {
        // doctor checks the machine and the cluster; refusing a broken answers file is upgrade's.
      }
    }
    return Environment.defaultCluster(Tier.forEnvironmentName(env));
  }

  private static Map<String, List<String>> toLists(
      Map<String, ? extends java.util.Collection<String>> rights) {
    Map<String, List<String>> lists = new TreeMap<>();
    rights.forEach((resource, verbs) -> lists.put(resource, verbs.stream().sorted().toList()));
    return lists;
  }

  private static Object yaml(String text) {
    try {
      return text == null || text.isBlank()
          ? null
          : new Load(LoadSettings.builder().build()).loadFromString(text);
    } catch (RuntimeException notYaml) {
      return null;
    }
  }

  private static Properties properties(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
