package dev.sparkgen.doctor;

import dev.sparkgen.doctor.Cluster.Answer;
import dev.sparkgen.doctor.Cluster.Question;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.Answers.EnvironmentAnswer;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.SkaffoldConfig;
import dev.sparkgen.spec.Tier;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether this machine and the current cluster are fit to build and deploy one environment of a job
 * repository. Only reads: tool versions, the kubeconfig, {@code kubectl kustomize}, {@code kubectl
 * get} and {@code kubectl auth can-i}; it never changes the cluster. The rights it asks about are
 * those the rendered objects need, not a list of its own.
 */
public final class Doctor {

  /**
   * One row of the table: what was checked, whether it passed, what was seen, and the fix when it
   * did not; {@code attachment}, when there is one, is printed verbatim after the table (a patch to
   * paste).
   */
  public record Check(String name, Status status, String detail, String fix, String attachment) {
    public Check(String name, Status status, String detail, String fix) {
      this(name, status, detail, fix, null);
    }
  }

  public enum Status {
    OK,
    WARN,
    FAIL
  }

  /** The oldest kubectl whose kustomize (v5) renders the overlays as the tests do. */
  static final int KUBECTL_MINOR = 27;

  /** {@link SkaffoldConfig#API_VERSION} needs skaffold 2.15 or newer. */
  static final int[] SKAFFOLD = {2, 15};

  /** What a deploy does to each object of the overlay: kubectl apply, skaffold's Job deletion. */
  static final List<String> DEPLOY_VERBS = List.of("create", "get", "patch", "delete");

  /** What applying shared/ does to each of its objects (it is deleted only on purpose). */
  static final List<String> APPLY_VERBS = List.of("create", "get", "patch");

  /**
   * What skaffold dev and run do besides applying: wait for the pods, stream their logs, forward
   * the Spark UI. Not objects of the overlay, so not derived from it.
   */
  static final List<String[]> SKAFFOLD_NEEDS =
      List.of(
          new String[] {"get", "pods"},
          new String[] {"list", "pods"},
          new String[] {"watch", "pods"},
          new String[] {"get", "pods/log"},
          new String[] {"create", "pods/portforward"});

  /**
   * Asked of the executors' account besides every right a rendered Role grants: executors need no
   * right at all, and these are the ones that would hurt most.
   */
  static final List<String[]> EXECUTOR_PROBES =
      List.of(
          new String[] {"get", "secrets"},
          new String[] {"create", "pods"},
          new String[] {"get", "configmaps"});

  private final Tools tools;
  private final Map<String, String> environment;

  /** With no environment variables: skaffold's defaults, no global config. */
  public Doctor(Tools tools) {
    this(tools, Map.of());
  }

  /**
   * {@code environment}: what skaffold would see (HOME, SKAFFOLD_DEFAULT_REPO, SKAFFOLD_CONFIG,
   * SKAFFOLD_KUBE_CONTEXT, MINIKUBE_HOME, ...).
   */
  public Doctor(Tools tools, Map<String, String> environment) {
    this.tools = tools;
    this.environment = environment;
  }

  /** {@link #examine(Path, String, String)} without {@code --default-repo}. */
  public List<Check> examine(Path root, String requestedEnv) {
    return examine(root, requestedEnv, null);
  }

  /**
   * The checks for {@code requestedEnv} (null: the first overlay) of the repository at {@code
   * root}; refuses (bad input) a directory without overlays or an unknown environment. {@code
   * defaultRepo}: skaffold's {@code --default-repo}, null when not given.
   */
  public List<Check> examine(Path root, String requestedEnv, String defaultRepo) {
    JobDirectory repository = JobDirectory.open(root);
    String env = requestedEnv != null ? requestedEnv : repository.environments().get(0);
    repository.requireEnvironment(env);
    Path overlay = repository.overlay(env);
    Map<String, Object> kustomization =
        Yaml.map(Yaml.parse(read(overlay.resolve("kustomization.yaml"))));
    String namespace = (String) kustomization.get("namespace");
    String prefix = kustomization.get("namePrefix") instanceof String p ? p : "";
    Properties spark = properties(read(overlay.resolve("spark.properties")));

    List<Check> checks = new ArrayList<>();
    checks.add(java(root));
    checks.add(
        Files.isExecutable(root.resolve("mvnw"))
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
    String overlayDir = JobDirectory.OVERLAYS + "/" + env;
    List<KubeObject> deployed = render(checks, root, overlayDir);
    List<KubeObject> shared =
        Files.isDirectory(overlay.resolve("shared"))
            ? render(checks, root, overlayDir + "/shared")
            : List.of();

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
    Cluster cluster = new Cluster(tools);
    Tools.Result server = cluster.read("version", "-o", "json");
    Object serverVersion = Yaml.at(Yaml.parse(server.stdout()), "serverVersion.gitVersion");
    if (serverVersion == null) {
      checks.add(
          new Check(
              "cluster",
              Status.FAIL,
              (server.timedOut() ? "timed out: " : "") + server.firstLine(),
              "check that the cluster is reachable with this context (VPN, credentials)."));
      return checks;
    }
    checks.add(new Check("cluster", Status.OK, "Kubernetes " + serverVersion, null));
    List<KubeObject> rendered = new ArrayList<>(deployed == null ? List.of() : deployed);
    rendered.addAll(shared == null ? List.of() : shared);
    features(checks, String.valueOf(serverVersion), rendered);
    namespace(checks, cluster, env, namespace, root);
    if (deployed != null) {
      deployRights(checks, cluster, env, namespace, deployed);
    }
    skaffoldRights(checks, cluster, namespace);
    if (shared != null && !shared.isEmpty()) {
      sharedRights(checks, cluster, overlayDir + "/shared", namespace, shared);
    }
    if (deployed != null) {
      accountRights(
          checks,
          cluster,
          env,
          namespace,
          prefix,
          spark,
          deployed,
          shared == null ? List.of() : shared);
      checks.add(apiServerEgress(cluster, overlayDir, prefix, deployed));
    }
    skaffoldBuild(checks, cluster, root, env, context.stdout().strip(), defaultRepo);
    return checks;
  }

  /**
   * {@code kubectl kustomize DIR}: its objects, and a row; null (and a FAIL) when it does not
   * render.
   */
  private List<KubeObject> render(List<Check> checks, Path root, String dir) {
    Tools.Result rendered = tools.run("kubectl", "kustomize", root.resolve(dir).toString());
    String name = dir.endsWith("/shared") ? "shared " + dir : "overlay " + dir;
    if (!rendered.ok()) {
      checks.add(
          new Check(
              name,
              Status.FAIL,
              (rendered.timedOut() ? "timed out: " : "does not render: ") + rendered.firstLine(),
              "sparkgen validate --env "
                  + Path.of(dir.replaceFirst("/shared$", "")).getFileName()
                  + " tells why; doctor asks no rights of its objects without them."));
      return null;
    }
    List<KubeObject> objects;
    try {
      objects = KubeObject.of(Yaml.documents(rendered.stdout()));
    } catch (RuntimeException notYaml) {
      checks.add(
          new Check(
              name,
              Status.FAIL,
              "kubectl kustomize printed no YAML: " + notYaml.getMessage(),
              "check kubectl (kubectl kustomize " + dir + ")."));
      return null;
    }
    checks.add(new Check(name, Status.OK, "renders " + count(objects.size(), "object"), null));
    return objects;
  }

  /**
   * Each object of the overlay: create of its kind, and get, patch and delete of it by name, as a
   * deploy does them; a PodTemplate or Role a tenant may not create is a failure of every deploy.
   */
  private void deployRights(
      List<Check> checks, Cluster cluster, String env, String namespace, List<KubeObject> objects) {
    Map<KubeObject, List<Question>> questions = objectQuestions(objects, DEPLOY_VERBS);
    Map<Question, Answer> answers = cluster.ask(flat(questions));
    String name = "rights of your account (overlay, every deploy)";
    Check unanswered = unanswered(name, answers, null);
    if (unanswered != null) {
      checks.add(unanswered);
      return;
    }
    Map<KubeObject, List<String>> refused = refused(questions, answers);
    checks.add(
        refused.isEmpty()
            ? new Check(
                name,
                Status.OK,
                "may create, get, patch and delete each of its " + count(objects.size(), "object"),
                null)
            : new Check(
                name,
                Status.FAIL,
                "may not " + describe(refused),
                "a deploy applies every object of k8s/overlays/"
                    + env
                    + ": ask for the namespace's built-in edit role in "
                    + namespace
                    + "; an object edit does not cover (a Role, a RoleBinding, a PodTemplate) "
                    + "belongs in k8s/overlays/"
                    + env
                    + "/shared, applied once by whoever holds admin."));
  }

  private void skaffoldRights(List<Check> checks, Cluster cluster, String namespace) {
    List<Question> questions =
        SKAFFOLD_NEEDS.stream().map(n -> Question.of(n[0], n[1], null, namespace, null)).toList();
    Map<Question, Answer> answers = cluster.ask(questions);
    String name = "rights of your account (skaffold dev)";
    Check unanswered = unanswered(name, answers, null);
    if (unanswered != null) {
      checks.add(unanswered);
      return;
    }
    List<String> refused =
        questions.stream().filter(q -> !answers.get(q).allowed()).map(Question::right).toList();
    checks.add(
        refused.isEmpty()
            ? new Check(name, Status.OK, "may watch pods, read their logs, port-forward", null)
            : new Check(
                name,
                Status.FAIL,
                "may not " + String.join(", ", refused),
                "skaffold waits for the pods, streams their logs and forwards the Spark UI: ask for"
                    + " these rights in "
                    + namespace
                    + " (the built-in edit role has them)."));
  }

  /**
   * shared/ is applied once, apart, by whoever holds admin (or, for cluster-scoped objects, a
   * cluster admin): not having its rights is a warning, and none at all when its objects exist.
   */
  private void sharedRights(
      List<Check> checks,
      Cluster cluster,
      String sharedDir,
      String namespace,
      List<KubeObject> objects) {
    Map<KubeObject, List<Question>> questions = objectQuestions(objects, APPLY_VERBS);
    Map<Question, Answer> answers = cluster.ask(flat(questions));
    String name = "rights of your account (shared/, applied once)";
    Check unanswered = unanswered(name, answers, null);
    if (unanswered != null) {
      checks.add(unanswered);
      return;
    }
    Map<KubeObject, List<String>> refused = refused(questions, answers);
    if (refused.isEmpty()) {
      checks.add(
          new Check(
              name,
              Status.OK,
              "may apply each of its " + count(objects.size(), "object") + " yourself",
              null));
      return;
    }
    List<KubeObject> missing = new ArrayList<>();
    for (KubeObject object : refused.keySet()) {
      List<String> get = new ArrayList<>(List.of("get", object.resource(), object.name()));
      if (object.namespace() != null) {
        get.addAll(List.of("--namespace", object.namespace()));
      }
      get.addAll(List.of("-o", "name"));
      Tools.Result exists = cluster.read(get.toArray(String[]::new));
      if (exists.timedOut()) {
        checks.add(timedOut(name, exists.stderr()));
        return;
      }
      if (!exists.ok()) {
        missing.add(object);
      }
    }
    String who = whoApplies(refused.keySet(), namespace);
    if (missing.isEmpty()) {
      checks.add(
          new Check(
              name,
              Status.OK,
              "applied already; "
                  + who
                  + " applies changes to it (you may not "
                  + describe(refused)
                  + ")",
              null));
      return;
    }
    checks.add(
        new Check(
            name,
            Status.WARN,
            "applied once by "
                + who
                + ", not by you (you may not "
                + describe(refused)
                + "); not there yet: "
                + missing.stream().map(KubeObject::id).collect(Collectors.joining(", ")),
            "ask " + who + " to run: kubectl apply -k " + sharedDir));
  }

  private static String whoApplies(Set<KubeObject> objects, String namespace) {
    boolean clusterScoped = objects.stream().anyMatch(o -> o.namespace() == null);
    boolean namespaced = objects.stream().anyMatch(o -> o.namespace() != null);
    String admin = "whoever holds admin in " + namespace;
    return clusterScoped && namespaced
        ? "a cluster admin (or " + admin + " for the namespaced objects)"
        : clusterScoped ? "a cluster admin" : admin;
  }

  /**
   * Every rule of every rendered Role, asked as each ServiceAccount its RoleBindings bind it to
   * (expected yes), and as the executors' account (expected no: executors need no right).
   */
  private void accountRights(
      List<Check> checks,
      Cluster cluster,
      String env,
      String namespace,
      String prefix,
      Properties spark,
      List<KubeObject> deployed,
      List<KubeObject> shared) {
    List<KubeObject> all = new ArrayList<>(deployed);
    all.addAll(shared);
    String executor =
        spark.getProperty(
            "spark.kubernetes.authenticate.executor.serviceAccountName", prefix + "executor");
    List<Question> forbidden = new ArrayList<>();
    for (KubeObject role : all) {
      if (!role.kind().equals("Role")) {
        continue;
      }
      String roleNamespace = role.namespace() != null ? role.namespace() : namespace;
      List<String> accounts = boundAccounts(role, all, roleNamespace);
      if (accounts.isEmpty()) {
        accounts = List.of(roleNamespace + ":" + prefix + "driver");
      }
      List<String[]> rights = rules(role);
      for (String account : accounts) {
        String as = "system:serviceaccount:" + account;
        List<Question> questions =
            rights.stream().map(r -> Question.of(r[0], r[1], r[2], roleNamespace, as)).toList();
        String accountName = account.substring(account.indexOf(':') + 1);
        String name =
            "rights of "
                + (accountName.equals(prefix + "driver") ? "driver account " : "account ")
                + accountName;
        Map<Question, Answer> answers = cluster.ask(questions);
        Check unanswered = unanswered(name, answers, IMPERSONATE_FIX);
        if (unanswered != null) {
          checks.add(unanswered);
          continue;
        }
        List<String> refused =
            questions.stream().filter(q -> !answers.get(q).allowed()).map(Question::right).toList();
        String appliedBy =
            shared.contains(role)
                ? "whoever holds admin in "
                    + roleNamespace
                    + " applies k8s/overlays/"
                    + env
                    + "/shared (Role "
                    + role.name()
                    + " and its RoleBinding), then run doctor again."
                : "deploy the overlay (Role "
                    + role.name()
                    + " and its RoleBinding), then run doctor again.";
        checks.add(
            refused.isEmpty()
                ? new Check(
                    name,
                    Status.OK,
                    "has each of the "
                        + count(questions.size(), "right")
                        + " Role "
                        + role.name()
                        + " grants",
                    null)
                : new Check(name, Status.FAIL, "may not " + String.join(", ", refused), appliedBy));
      }
      rights.forEach(r -> forbidden.add(Question.of(r[0], r[1], r[2], roleNamespace, null)));
    }
    for (String[] probe : EXECUTOR_PROBES) {
      forbidden.add(Question.of(probe[0], probe[1], null, namespace, null));
    }
    List<Question> asExecutor =
        forbidden.stream()
            .map(
                q ->
                    new Question(
                        q.verb(),
                        q.resource(),
                        q.subresource(),
                        q.name(),
                        q.namespace(),
                        "system:serviceaccount:" + q.namespace() + ":" + executor))
            .distinct()
            .toList();
    String name = "rights of executor account " + executor;
    Map<Question, Answer> answers = cluster.ask(asExecutor);
    Check unanswered = unanswered(name, answers, IMPERSONATE_FIX);
    if (unanswered != null) {
      checks.add(unanswered);
      return;
    }
    List<String> granted =
        asExecutor.stream().filter(q -> answers.get(q).allowed()).map(Question::right).toList();
    checks.add(
        granted.isEmpty()
            ? new Check(
                name,
                Status.OK,
                "has none of the " + count(asExecutor.size(), "right") + " asked",
                null)
            : new Check(
                name,
                Status.FAIL,
                "may " + String.join(", ", granted),
                "remove the RoleBindings that grant the executors' account rights: executors need"
                    + " none."));
  }

  /** The ServiceAccounts ("namespace:name") the rendered RoleBindings bind {@code role} to. */
  private static List<String> boundAccounts(
      KubeObject role, List<KubeObject> objects, String namespace) {
    Set<String> accounts = new LinkedHashSet<>();
    for (KubeObject binding : objects) {
      if (!binding.kind().equals("RoleBinding")
          || !"Role".equals(Yaml.at(binding.body(), "roleRef.kind"))
          || !role.name().equals(Yaml.at(binding.body(), "roleRef.name"))) {
        continue;
      }
      for (Object subject : Yaml.list(binding.body().get("subjects"))) {
        Map<String, Object> s = Yaml.map(subject);
        if ("ServiceAccount".equals(s.get("kind")) && s.get("name") instanceof String account) {
          accounts.add((s.get("namespace") instanceof String ns ? ns : namespace) + ":" + account);
        }
      }
    }
    return new ArrayList<>(accounts);
  }

  /** {verb, resource[.group][/subresource], name or null} for each right a Role's rules grant. */
  private static List<String[]> rules(KubeObject role) {
    List<String[]> rights = new ArrayList<>();
    for (Object item : Yaml.list(role.body().get("rules"))) {
      Map<String, Object> rule = Yaml.map(item);
      List<String> groups = Yaml.strings(rule.get("apiGroups"));
      List<String> names = new ArrayList<>(Yaml.strings(rule.get("resourceNames")));
      if (names.isEmpty()) {
        names.add(null);
      }
      for (String group : groups.isEmpty() ? List.of("") : groups) {
        for (String resource : Yaml.strings(rule.get("resources"))) {
          String[] parts = resource.split("/", 2);
          String qualified =
              KubeObject.resource(parts[0], group) + (parts.length > 1 ? "/" + parts[1] : "");
          for (String verb : Yaml.strings(rule.get("verbs"))) {
            for (String name : names) {
              rights.add(new String[] {verb, qualified, name});
            }
          }
        }
      }
    }
    return rights;
  }

  /**
   * create of each kind (a create carries no name), the other verbs of each object by name: a Role
   * may grant them on named objects only.
   */
  private static Map<KubeObject, List<Question>> objectQuestions(
      List<KubeObject> objects, List<String> verbs) {
    Map<KubeObject, List<Question>> questions = new LinkedHashMap<>();
    for (KubeObject object : objects) {
      List<Question> asked = new ArrayList<>();
      for (String verb : verbs) {
        asked.add(
            new Question(
                verb,
                object.resource(),
                null,
                verb.equals("create") ? null : object.name(),
                object.namespace(),
                null));
      }
      questions.put(object, asked);
    }
    return questions;
  }

  private static List<Question> flat(Map<KubeObject, List<Question>> questions) {
    return questions.values().stream().flatMap(List::stream).toList();
  }

  /** The verbs refused per object, in the order asked. */
  private static Map<KubeObject, List<String>> refused(
      Map<KubeObject, List<Question>> questions, Map<Question, Answer> answers) {
    Map<KubeObject, List<String>> refused = new LinkedHashMap<>();
    questions.forEach(
        (object, asked) -> {
          List<String> verbs =
              asked.stream().filter(q -> !answers.get(q).allowed()).map(Question::verb).toList();
          if (!verbs.isEmpty()) {
            refused.put(object, verbs);
          }
        });
    return refused;
  }

  /** "create PodTemplate a; create, get, patch, delete Role b". */
  private static String describe(Map<KubeObject, List<String>> refused) {
    return refused.entrySet().stream()
        .map(e -> String.join(", ", e.getValue()) + " " + e.getKey().id())
        .collect(Collectors.joining("; "));
  }

  /**
   * A check the API server did not answer, a FAIL; the fix under the first only, the later ones
   * (not asked) point back to it.
   */
  private static Check timedOut(String name, String why) {
    return new Check(
        name, Status.FAIL, "timed out: " + why, why.startsWith("not asked") ? null : TIMED_OUT_FIX);
  }

  private static final String TIMED_OUT_FIX =
      "the API server did not answer in time: check the cluster's health, the network in between"
          + " (VPN, proxy) and your credentials' plugin, then run doctor again.";

  private static final String IMPERSONATE_FIX =
      "checking another account needs the right to impersonate it; ask the platform team.";

  /**
   * The row for a set of questions the cluster did not answer: timed out (a FAIL), or an error such
   * as impersonation refused (a WARN); null when every question got a yes or a no.
   */
  private static Check unanswered(String name, Map<Question, Answer> answers, String errorFix) {
    for (Answer answer : answers.values()) {
      if (answer.silent()) {
        return timedOut(name, answer.why());
      }
    }
    for (Answer answer : answers.values()) {
      if (answer.allowed() == null) {
        return new Check(
            name,
            Status.WARN,
            "cannot ask: " + answer.why(),
            errorFix != null
                ? errorFix
                : "kubectl auth can-i must be able to ask the API server; ask the platform team.");
      }
    }
    return null;
  }

  /**
   * Whether the overlay still lets the driver reach 443 or 6443 at any address, or no longer lets
   * it reach the API server's own addresses (kubernetes.default's endpoints, changed by a control
   * plane upgrade, say); either way the patch that narrows driver-api-server to them.
   */
  private Check apiServerEgress(
      Cluster cluster, String overlayDir, String prefix, List<KubeObject> deployed) {
    String name = "API server egress";
    List<KubeObject> driverPolicies =
        deployed.stream()
            .filter(o -> o.kind().equals("NetworkPolicy") && Egress.selectsDriver(o))
            .toList();
    List<String> anywhere =
        deployed.stream()
            .filter(o -> o.kind().equals("NetworkPolicy") && Egress.allowsApiPortsAnywhere(o))
            .map(KubeObject::name)
            .toList();
    Endpoints endpoints = Endpoints.read(cluster);
    if (endpoints.timedOut() != null) {
      return timedOut(name, endpoints.timedOut());
    }
    String server = endpoints.known() ? "; the API server is " + endpoints.describe() : "";
    List<String> blocked = new ArrayList<>();
    if (endpoints.known() && anywhere.isEmpty()) {
      for (String address : endpoints.addresses()) {
        for (int port : endpoints.portNumbers()) {
          if (driverPolicies.stream().noneMatch(p -> Egress.allows(p, address, port))) {
            blocked.add(address + ":" + port);
          }
        }
      }
    }
    if (anywhere.isEmpty() && blocked.isEmpty()) {
      return new Check(
          name,
          Status.OK,
          "no NetworkPolicy of the overlay allows 443 or 6443 to any address" + server,
          null);
    }
    String detail =
        anywhere.isEmpty()
            ? "no NetworkPolicy of the overlay lets the driver reach the API server at "
                + String.join(", ", blocked)
                + " (Spark cannot start executors)"
            : "NetworkPolicy "
                + String.join(", ", anywhere)
                + " allows 443 and 6443 to any address"
                + server;
    if (!endpoints.known()) {
      return new Check(
          name,
          Status.WARN,
          detail,
          "narrow driver-api-server to the API server's addresses (k8s/base/README.md, Egress);"
              + " doctor could not read them ("
              + endpoints.error()
              + "): ask the platform team for them.");
    }
    String target = prefix + "driver-api-server";
    String policy =
        deployed.stream().anyMatch(o -> o.kind().equals("NetworkPolicy") && o.name().equals(target))
            ? "driver-api-server"
            : !anywhere.isEmpty() && anywhere.get(0).startsWith(prefix)
                ? anywhere.get(0).substring(prefix.length())
                : "driver-api-server";
    return new Check(
        name,
        Status.WARN,
        detail,
        "narrow "
            + policy
            + " to it: paste the patch printed below into patches: of "
            + overlayDir
            + "/kustomization.yaml",
        "Narrows NetworkPolicy "
            + policy
            + " to the API server; under patches: in "
            + overlayDir
            + "/kustomization.yaml:\n"
            + endpoints.patch(policy));
  }

  private Check java(Path root) {
    int running = Runtime.version().feature();
    String pom = read(root.resolve("pom.xml"));
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
    Object tree = Yaml.parse(version.stdout());
    String minor = String.valueOf(Yaml.at(tree, "clientVersion.minor")).replaceAll("\\D", "");
    Object kustomize = Yaml.at(tree, "kustomizeVersion");
    boolean fresh =
        !minor.isEmpty()
            && Integer.parseInt(minor) >= KUBECTL_MINOR
            && String.valueOf(kustomize).startsWith("v5");
    String detail = Yaml.at(tree, "clientVersion.gitVersion") + ", kustomize " + kustomize;
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
    String detail =
        version.timedOut() ? "timed out: " + version.stderr() : version.stdout().strip();
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
                    + " or newer: skaffold.yaml is "
                    + SkaffoldConfig.API_VERSION
                    + "."));
  }

  private void namespace(
      List<Check> checks, Cluster cluster, String env, String namespace, Path root) {
    Tools.Result got = cluster.read("get", "namespace", namespace, "-o", "json");
    String name = "namespace " + namespace;
    if (got.timedOut()) {
      checks.add(timedOut(name, got.stderr()));
      return;
    }
    boolean local = envKind(root, env).equals(Environment.LOCAL);
    if (!got.ok()) {
      checks.add(
          local
              ? new Check(
                  name,
                  Status.WARN,
                  "does not exist yet",
                  "nothing to do: skaffold's before-deploy hook creates it (k8s/overlays/"
                      + env
                      + "/shared).")
              : new Check(
                  name,
                  Status.FAIL,
                  got.firstLine(),
                  "ask the platform team for the namespace, or check the overlay's namespace:."));
      return;
    }
    Object enforce =
        Yaml.map(Yaml.at(Yaml.parse(got.stdout()), "metadata.labels"))
            .get("pod-security.kubernetes.io/enforce");
    checks.add(
        "restricted".equals(enforce)
            ? new Check(name, Status.OK, "exists, enforces Pod Security restricted", null)
            : new Check(
                name,
                Status.WARN,
                "exists, enforces Pod Security " + (enforce == null ? "nothing" : enforce),
                "label it pod-security.kubernetes.io/enforce=restricted (or ask the platform team): the job is built for it."));
  }

  /**
   * One row per feature of {@link ServerFeatures} that the rendered objects use: OK when the
   * server's version has it on by default, a WARN saying what happens to the job without it.
   */
  private static void features(List<Check> checks, String gitVersion, List<KubeObject> objects) {
    int minor = ServerFeatures.minor(gitVersion);
    if (minor < 0) {
      return;
    }
    for (ServerFeatures.Finding finding : ServerFeatures.examine(objects, minor)) {
      ServerFeatures.Feature feature = finding.feature();
      String name = "Kubernetes feature " + feature.name();
      String since = "1." + feature.since() + "+ (" + feature.stages() + ")";
      checks.add(
          finding.supported()
              ? new Check(
                  name,
                  Status.OK,
                  "used by " + finding.use() + "; " + gitVersion + " has it, " + since,
                  null)
              : new Check(
                  name,
                  Status.WARN,
                  gitVersion + " lacks it, " + since + ": " + feature.older().apply(finding.use()),
                  "a cluster on 1."
                      + feature.since()
                      + " or newer has it; on this one, expect the above."));
    }
  }

  /**
   * What skaffold will do with the image for this context and environment ({@link SkaffoldBuild},
   * its rules), then whether that can work: the loader's CLI, the registry a push goes to.
   */
  private void skaffoldBuild(
      List<Check> checks,
      Cluster cluster,
      Path root,
      String env,
      String currentContext,
      String defaultRepoOption) {
    Map<String, String> seen = SkaffoldInputs.environment(environment, root);
    String override = seen.get("SKAFFOLD_KUBE_CONTEXT");
    String kubeContext = override != null && !override.isEmpty() ? override : currentContext;
    if (!kubeContext.equals(currentContext)) {
      checks.add(
          new Check(
              "skaffold context",
              Status.WARN,
              "SKAFFOLD_KUBE_CONTEXT is "
                  + kubeContext
                  + ": skaffold deploys there, doctor checked "
                  + currentContext,
              "kubectl config use-context " + kubeContext + ", then run doctor again."));
    }
    Path configFile = SkaffoldInputs.globalConfig(seen);
    Object globalConfig;
    try {
      globalConfig = SkaffoldInputs.readGlobalConfig(configFile);
    } catch (SkaffoldInputs.UnreadableConfig e) {
      checks.add(
          new Check(
              "skaffold build",
              Status.FAIL,
              e.getMessage(),
              "skaffold stops on it too: fix or remove " + configFile + "."));
      return;
    }
    SkaffoldInputs.Build build =
        SkaffoldInputs.build(Yaml.parse(read(root.resolve("skaffold.yaml"))), env);
    if (build.image() == null) {
      checks.add(
          new Check(
              "skaffold build",
              Status.FAIL,
              "skaffold.yaml names no image to build (build.artifacts)",
              "restore build.artifacts in skaffold.yaml from a new repository (sparkgen new)."));
      return;
    }
    Object kubeconfig = Yaml.parse(tools.run("kubectl", "config", "view", "-o", "json").stdout());
    Map<String, Object> contextEntry = named(kubeconfig, "contexts", kubeContext);
    String clusterName = Yaml.at(contextEntry, "context.cluster") instanceof String c ? c : null;
    Map<String, Object> clusterEntry = named(kubeconfig, "clusters", clusterName);
    Map<String, Boolean> minikube = new LinkedHashMap<>();
    String flag = defaultRepoOption != null ? defaultRepoOption : seen.get("SKAFFOLD_DEFAULT_REPO");
    SkaffoldBuild.Decision decision =
        SkaffoldBuild.decide(
            new SkaffoldBuild.Inputs(
                kubeContext,
                clusterName,
                SkaffoldBuild.forContext(globalConfig, kubeContext),
                flag,
                defaultRepoOption != null ? "--default-repo" : "SKAFFOLD_DEFAULT_REPO",
                seen.get("SKAFFOLD_MINIKUBE_PROFILE"),
                SkaffoldInputs.parseBool(seen.get("SKAFFOLD_DETECT_MINIKUBE")).orElse(true),
                build.push(),
                build.profile(),
                build.image(),
                c -> minikube.computeIfAbsent(c, x -> isMinikube(x, clusterEntry, seen)),
                () -> localRegistry(cluster)));
    boolean recordedLocal = envKind(root, env).equals(Environment.LOCAL);
    String context =
        kubeContext
            + " is "
            + (decision.local() ? "local" : "not local")
            + " ("
            + decision.whyLocal()
            + ")";
    String image = decision.image();
    switch (decision.delivery()) {
      case PUSH ->
          checks.add(
              new Check(
                  "skaffold build",
                  Status.OK,
                  context
                      + "; pushes "
                      + image
                      + " ("
                      + decision.whyPush()
                      + repoFrom(decision)
                      + ")",
                  null));
      case KIND_LOAD, K3D_IMPORT -> {
        String tool = decision.delivery() == SkaffoldBuild.Delivery.KIND_LOAD ? "kind" : "k3d";
        String command =
            tool.equals("kind")
                ? "kind load docker-image --name " + decision.loadInto()
                : "k3d image import --cluster " + decision.loadInto();
        String detail =
            context
                + "; builds "
                + image
                + " into the local Docker daemon, then "
                + command
                + repoFrom(decision);
        checks.add(
            tools.find(tool).isPresent()
                ? new Check("skaffold build", Status.OK, detail, null)
                : new Check(
                    "skaffold build",
                    Status.FAIL,
                    detail + "; " + tool + " is not on PATH",
                    "install the " + tool + " CLI: skaffold runs it after every build."));
      }
      case MINIKUBE_DAEMON ->
          checks.add(
              new Check(
                  "skaffold build",
                  Status.OK,
                  context
                      + "; builds "
                      + image
                      + " with minikube's Docker daemon (profile "
                      + decision.loadInto()
                      + ")"
                      + repoFrom(decision),
                  null));
      case LOCAL_DAEMON -> {
        String detail =
            context
                + "; builds "
                + image
                + " into the local Docker daemon and pushes nothing"
                + repoFrom(decision);
        if (!decision.local()) {
          checks.add(
              new Check(
                  "skaffold build",
                  Status.FAIL,
                  detail + " (" + decision.whyPush() + "): the cluster cannot pull it",
                  "remove push: false from skaffold.yaml's build.local for this environment."));
        } else if (kubeContext.equals("minikube")) {
          checks.add(
              new Check(
                  "skaffold build",
                  Status.WARN,
                  detail + "; minikube is not on PATH, so it is not minikube's daemon",
                  "put minikube on PATH (skaffold then builds with its Docker daemon), or eval $(minikube docker-env) before skaffold."));
        } else {
          checks.add(
              new Check(
                  "skaffold build",
                  Status.OK,
                  detail + ": the cluster must run on that daemon (Docker Desktop's does)",
                  null));
        }
      }
    }
    if (decision.delivery() != SkaffoldBuild.Delivery.PUSH) {
      checks.add(
          new Check(
              "registry",
              Status.OK,
              "not needed: skaffold pushes nothing to " + kubeContext,
              null));
      return;
    }
    registry(checks, image, kubeContext, recordedLocal && !decision.local(), env);
  }

  private static String repoFrom(SkaffoldBuild.Decision decision) {
    return decision.defaultRepo() == null
        ? ""
        : "; default repo " + decision.defaultRepo() + " from " + decision.defaultRepoFrom();
  }

  /** The entry named {@code name} of the kubeconfig's {@code contexts} or {@code clusters}. */
  private static Map<String, Object> named(Object kubeconfig, String list, String name) {
    for (Object entry : Yaml.list(Yaml.at(kubeconfig, list))) {
      if (name != null && name.equals(Yaml.at(entry, "name"))) {
        return Yaml.map(entry);
      }
    }
    return Map.of();
  }

  /**
   * IsMinikube (pkg/skaffold/cluster/minikube.go): minikube on PATH and answering {@code version},
   * and the context named minikube, or its cluster's certificate inside the minikube home, or its
   * server one of the nodes {@code minikube profile list} shows.
   */
  private boolean isMinikube(
      String kubeContext, Map<String, Object> clusterEntry, Map<String, String> seen) {
    if (tools.find("minikube").isEmpty()) {
      return false;
    }
    Tools.Result version = tools.run("minikube", "version", "--output=json");
    if (!version.ok() || Yaml.at(Yaml.parse(version.stdout()), "minikubeVersion") == null) {
      return false;
    }
    if (kubeContext.equals("minikube")) {
      return true;
    }
    if (Yaml.at(clusterEntry, "cluster.certificate-authority") instanceof String ca
        && !ca.isEmpty()) {
      String home = seen.get("MINIKUBE_HOME");
      Path minikubeHome =
          home == null || home.isEmpty()
              ? Path.of(seen.getOrDefault("HOME", System.getProperty("user.home")), ".minikube")
              : Path.of(home).getFileName() != null
                      && Path.of(home).getFileName().toString().equals(".minikube")
                  ? Path.of(home)
                  : Path.of(home, ".minikube");
      if (Path.of(ca).normalize().startsWith(minikubeHome.normalize())) {
        return true;
      }
    }
    Object server = Yaml.at(clusterEntry, "cluster.server");
    Tools.Result profiles = tools.run("minikube", "profile", "list", "-o", "json");
    if (!(server instanceof String url) || !profiles.ok()) {
      return false;
    }
    String host = url.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    for (Object profile : Yaml.list(Yaml.at(Yaml.parse(profiles.stdout()), "valid"))) {
      for (Object node : Yaml.list(Yaml.at(profile, "Config.Nodes"))) {
        if (host.equals(Yaml.at(node, "IP") + ":" + Yaml.at(node, "Port"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * discoverLocalRegistry: the host in ConfigMap kube-public/local-registry-hosting (KEP-1755),
   * which kind's and k3d's local-registry setups create; nothing when it is absent or unreadable.
   */
  private static Optional<String> localRegistry(Cluster cluster) {
    Tools.Result got =
        cluster.read(
            "get",
            "configmap",
            "local-registry-hosting",
            "--namespace",
            "kube-public",
            "-o",
            "json");
    if (!got.ok()) {
      return Optional.empty();
    }
    Object data = Yaml.at(Yaml.parse(got.stdout()), "data");
    Object hosting = Yaml.map(data).get("localRegistryHosting.v1");
    return Yaml.at(Yaml.parse(hosting instanceof String s ? s : null), "host")
                instanceof String host
            && !host.isEmpty()
        ? Optional.of(host)
        : Optional.empty();
  }

  /** The image skaffold pushes names a registry, and its host answers. */
  private static void registry(
      List<Check> checks, String image, String kubeContext, boolean recordedLocal, String env) {
    String first = image.split("/")[0];
    boolean hasRegistry =
        image.contains("/")
            && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      checks.add(
          new Check(
              "registry",
              Status.FAIL,
              "skaffold pushes "
                  + image
                  + ", which names no registry (Docker Hub would be tried)"
                  + (recordedLocal
                      ? "; "
                          + env
                          + " is recorded as local, but skaffold treats "
                          + kubeContext
                          + " as remote"
                      : ""),
              "give skaffold a registry: skaffold "
                  + (env == null ? "" : "-p " + env + " ")
                  + "... --default-repo HOST/PATH (or SKAFFOLD_DEFAULT_REPO, or skaffold config set"
                  + " --kube-context "
                  + kubeContext
                  + " default-repo HOST/PATH), and pass doctor the same --default-repo"
                  + (recordedLocal
                      ? "; or, if "
                          + kubeContext
                          + " runs on this machine's Docker daemon: skaffold config set"
                          + " --kube-context "
                          + kubeContext
                          + " local-cluster true"
                      : "")
                  + "."));
      return;
    }
    String[] hostPort = first.split(":", 2);
    int port =
        hostPort.length > 1 && hostPort[1].matches("\\d{1,5}")
            ? Integer.parseInt(hostPort[1])
            : 443;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], port), 3000);
      checks.add(new Check("registry", Status.OK, first + " reachable", null));
    } catch (IOException e) {
      checks.add(
          new Check(
              "registry",
              Status.FAIL,
              first + " not reachable: " + e.getMessage(),
              "check the network (VPN, proxy) or the registry's address (skaffold.yaml or the default repo)."));
    }
  }

  /**
   * The table {@code sparkgen doctor} prints: one row per check, the fix under each problem, then
   * each attachment verbatim (a patch keeps its indentation for pasting).
   */
  public static void print(List<Check> checks, PrintWriter out) {
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
    for (Check check : checks) {
      out.printf("%-" + width + "s  %-4s  %s%n", check.name(), check.status(), check.detail());
      if (check.fix() != null) {
        out.printf("%-" + width + "s        fix: %s%n", "", check.fix());
      }
    }
    for (Check check : checks) {
      if (check.attachment() != null) {
        out.printf("%n%s%n", check.attachment().stripTrailing());
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
  private static String envKind(Path root, String env) {
    Path file = root.resolve(Answers.FILE_NAME);
    if (Files.isRegularFile(file)) {
      try {
        for (EnvironmentAnswer answer : Answers.read(file).inputs().envs()) {
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

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
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
