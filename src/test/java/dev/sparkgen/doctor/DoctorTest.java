package dev.sparkgen.doctor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * `sparkgen doctor` against recorded fake {@code kubectl} and {@code skaffold} on PATH (a shell
 * script answering each command line it is recorded for, logging every call): a fit machine and
 * cluster, an unfit one, and no tools at all. Every kubectl call must be a read. The checks run in
 * this JVM with the fakes' PATH, so that a mutation run sees which tests cover them; the command
 * itself runs in a JVM of its own, with that PATH as its environment.
 */
@Tag("slow")
class DoctorTest {

  @TempDir Path dir;

  static final String CLIENT =
      "{\"clientVersion\": {\"major\": \"1\", \"minor\": \"32+\", \"gitVersion\": \"v1.32.4\"}, \"kustomizeVersion\": \"v5.5.0\"}";
  static final String OLD_CLIENT =
      "{\"clientVersion\": {\"major\": \"1\", \"minor\": \"20\", \"gitVersion\": \"v1.20.15\"}, \"kustomizeVersion\": \"v2.0.3\"}";

  /** The real kubectl, for rendering. */
  static final String KUBECTL = "/usr/bin/kubectl";

  static final String SERVER =
      "{\"clientVersion\": {\"minor\": \"32\"}, \"serverVersion\": {\"major\": \"1\", \"minor\": \"31\", \"gitVersion\": \"v1.31.2\"}}";

  /**
   * A fake tool: "args" → answer lines of a case statement; anything else fails loudly (exit 3).
   * Every call is logged as given; the cases match it without kubectl's --request-timeout, and
   * {@code kubectl kustomize} is the real one, so that the rights asked about are those of what the
   * templates really render.
   */
  Path fake(Path bin, String tool, List<String> cases) throws Exception {
    Files.createDirectories(bin);
    StringBuilder script =
        new StringBuilder(
            "#!/bin/sh\necho \"$*\" >> \""
                + dir.resolve("calls.log")
                + "\"\nargs=$(echo \"$*\" | sed 's/ --request-timeout=[^ ]*//')\n"
                + "case \"$args\" in\n");
    if (tool.equals("kubectl")) {
      script.append("  \"kustomize \"*) exec ").append(KUBECTL).append(" \"$@\";;\n");
    }
    cases.forEach(c -> script.append("  ").append(c).append("\n"));
    script
        .append("  *) echo \"fake ")
        .append(tool)
        .append(": not recorded: $*\" >&2; exit 3;;\nesac\n");
    Path file = bin.resolve(tool);
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static String answer(String args, String stdout, int exit) {
    return "\"" + args + "\") printf '%s\\n' '" + stdout + "'; exit " + exit + ";;";
  }

  Path repo(String... envs) {
    Path repo = dir.resolve("demo");
    new PlanWriter()
        .write(
            Fixtures.plan("demo", b -> b.envs(List.of(envs)).registry("registry.invalid/team")),
            repo);
    return repo;
  }

  ExternalTools.Result doctor(Path bin, Path repo, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sparkgen.cli.SparkgenCommand",
                "doctor",
                repo.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("PATH", bin.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    int exit = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
    return new ExternalTools.Result(exit, Files.readString(out), Files.readString(err));
  }

  /** The checks and their table, in this JVM, with {@code bin} as the PATH. */
  ExternalTools.Result examine(Path bin, Path repo, String env) {
    List<Doctor.Check> checks = new Doctor(new Tools(bin.toString())).examine(repo, env);
    StringWriter table = new StringWriter();
    Doctor.print(checks, new PrintWriter(table));
    return new ExternalTools.Result(Doctor.failed(checks) ? 1 : 0, table.toString(), "");
  }

  /**
   * Only reads: versions, the kubeconfig, rendering, get, auth can-i; and every call that reaches
   * the API server has kubectl's own time limit.
   */
  void assertOnlyReads() throws Exception {
    List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
    assertThat(calls)
        .isNotEmpty()
        .allMatch(
            c ->
                c.matches(
                    "(version.*|config current-context|config view -o json|kustomize .*|get .*|auth"
                        + " can-i .*)"),
            "a read-only call");
    assertThat(calls)
        .filteredOn(c -> c.matches("(version -o json|get |auth can-i ).*"))
        .isNotEmpty()
        .allMatch(c -> c.endsWith(" --request-timeout=10s"), "with --request-timeout");
  }

  /** What the real kubectl kustomize renders of {@code dir} (relative to the repository). */
  static List<Map<?, ?>> render(Path repo, String dir) throws Exception {
    return documents(
        ExternalTools.run(repo, KUBECTL, "kustomize", dir)
            .assertSuccess("kubectl kustomize " + dir)
            .stdout());
  }

  /**
   * The rights the Roles among {@code objects} grant, "verb resource[.group][/name]", one per verb,
   * resource and name: what doctor asks the driver's account, counted here on its own.
   */
  static java.util.Set<String> roleRights(List<Map<?, ?>> objects) {
    java.util.Set<String> rights = new java.util.LinkedHashSet<>();
    for (Map<?, ?> object : objects) {
      if (!"Role".equals(object.get("kind"))) {
        continue;
      }
      for (Object item : (List<?>) object.get("rules")) {
        Map<?, ?> rule = (Map<?, ?>) item;
        List<?> names =
            rule.get("resourceNames") == null ? List.of("") : (List<?>) rule.get("resourceNames");
        for (Object group : (List<?>) rule.get("apiGroups")) {
          for (Object resource : (List<?>) rule.get("resources")) {
            for (Object verb : (List<?>) rule.get("verbs")) {
              for (Object name : names) {
                rights.add(
                    verb
                        + " "
                        + resource
                        + (group.equals("") ? "" : "." + group)
                        + (name.equals("") ? "" : "/" + name));
              }
            }
          }
        }
      }
    }
    return rights;
  }

  static List<Map<?, ?>> documents(String yaml) {
    List<Map<?, ?>> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(yaml)
        .forEach(d -> documents.add((Map<?, ?>) d));
    return documents;
  }

  List<String> calls() throws Exception {
    return Files.readAllLines(dir.resolve("calls.log")).stream()
        .map(c -> c.replace(" --request-timeout=10s", ""))
        .toList();
  }

  /** kubernetes.default's EndpointSlice on a two-node control plane. */
  static final String SLICES =
      "{\"items\": [{\"addressType\": \"IPv4\", \"endpoints\": [{\"addresses\": [\"172.18.0.2\"]},"
          + " {\"addresses\": [\"172.18.0.3\"]}], \"ports\": [{\"name\": \"https\", \"port\": 6443,"
          + " \"protocol\": \"TCP\"}]}]}";

  static final String SLICES_CALL =
      "get endpointslices --namespace default -l kubernetes.io/service-name=kubernetes -o json";

  @Test
  void aFitMachineAndClusterPass() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "kind-dev", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-dev -o json", "", 1),
            answer(SLICES_CALL, SLICES, 0),
            "\"auth can-i \"*\"--as system:serviceaccount:demo-dev:demo-executor\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    fake(bin, "kind", List.of());

    Path repo = repo("dev", "prod");
    List<Map<?, ?>> overlay = render(repo, "k8s/overlays/dev");
    List<Map<?, ?>> shared = render(repo, "k8s/overlays/dev/shared");
    java.util.Set<String> driver = roleRights(overlay);
    driver.addAll(roleRights(shared));
    java.util.Set<String> executor = new java.util.LinkedHashSet<>(driver);
    executor.addAll(List.of("get secrets", "create pods", "get configmaps"));
    assertThat(driver).contains("deletecollection pods");

    ExternalTools.Result run = examine(bin, repo, "dev");

    assertThat(run.stderr()).isEmpty();
    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.stdout())
        .containsPattern("(?m)^Java +OK +\\d+ \\(the job needs 17\\)$")
        .containsPattern("(?m)^kubectl +OK +v1.32.4, kustomize v5.5.0$")
        .containsPattern("(?m)^skaffold +OK +v2.16.1$")
        .containsPattern(
            "(?m)^overlay k8s/overlays/dev +OK +renders " + overlay.size() + " objects$")
        .containsPattern(
            "(?m)^shared k8s/overlays/dev/shared +OK +renders " + shared.size() + " objects$")
        .containsPattern("(?m)^current context +OK +kind-dev$")
        .containsPattern("(?m)^cluster +OK +Kubernetes v1.31.2$")
        .containsPattern("(?m)^namespace demo-dev +WARN +does not exist yet$")
        .containsPattern(
            "(?m)^rights of your account \\(overlay, every deploy\\) +OK +may create, get, patch and"
                + " delete each of its "
                + overlay.size()
                + " objects$")
        .containsPattern(
            "(?m)^rights of your account \\(skaffold dev\\) +OK +may watch pods, read their logs,"
                + " port-forward$")
        .containsPattern(
            "(?m)^rights of your account \\(shared/, applied once\\) +OK +may apply each of its "
                + shared.size()
                + " objects yourself$")
        .containsPattern(
            "(?m)^rights of driver account demo-driver +OK +has each of the "
                + driver.size()
                + " rights Role demo-driver grants$")
        .containsPattern(
            "(?m)^rights of executor account demo-executor +OK +has none of the "
                + executor.size()
                + " rights asked$")
        .containsPattern(
            "(?m)^API server egress +WARN +NetworkPolicy demo-driver-api-server allows 443 and 6443"
                + " to any address; the API server is 172.18.0.2, 172.18.0.3 on TCP 6443$")
        .containsPattern(
            "(?m)^Kubernetes feature podFailurePolicy +OK +used by Job demo-driver; v1.31.2 has it")
        .containsPattern(
            "(?m)^Kubernetes feature podReplacementPolicy Failed +OK +used by Job demo-driver;"
                + " v1.31.2 has it, 1.29\\+")
        .containsPattern(
            "(?m)^Kubernetes feature Pod Security admission +OK +used by Namespace demo-dev;")
        .containsPattern(
            "(?m)^skaffold build +OK +kind-dev is local \\(a kind context\\); builds"
                + " registry.invalid/team/demo into the local Docker daemon, then kind load"
                + " docker-image --name dev$")
        .containsPattern("(?m)^registry +OK +not needed");
    assertThat(calls())
        .contains(
            "auth can-i create jobs.batch --namespace demo-dev",
            "auth can-i delete jobs.batch/demo-driver --namespace demo-dev",
            "auth can-i create namespaces",
            "auth can-i get pods --subresource=log --namespace demo-dev",
            "auth can-i deletecollection pods --namespace demo-dev --as system:serviceaccount:demo-dev:demo-driver",
            "auth can-i get secrets --namespace demo-dev --as system:serviceaccount:demo-dev:demo-executor",
            "auth can-i deletecollection pods --namespace demo-dev --as system:serviceaccount:demo-dev:demo-executor");
    assertOnlyReads();
  }

  /**
   * A tenant holding the built-in edit role (no RBAC, no PodTemplates): each object of the overlay
   * it may not create is named, a PodTemplate included, which the hand-written list missed. The
   * team adds a PodTemplate and a Role of its own, so that the test holds whatever the templates
   * render; the demo's own such objects (today its Role, RoleBinding and PodTemplate) are named
   * too.
   */
  @Test
  void aTenantIsToldEachObjectOfTheOverlayItMayNotDeploy() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "shared-cluster", 0),
            answer("version -o json", SERVER, 0),
            answer(
                "get namespace demo-staging -o json",
                "{\"metadata\": {\"labels\": {\"pod-security.kubernetes.io/enforce\": \"restricted\"}}}",
                0),
            answer(SLICES_CALL, SLICES, 0),
            "\"auth can-i \"*\"--as \"*) echo yes;;",
            "\"auth can-i \"*\" podtemplates\"*|\"auth can-i \"*\" roles.rbac\"*|\"auth can-i \"*\" rolebindings.rbac\"*) echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));

    Path repo = repo("dev", "staging");
    Path overlay = repo.resolve("k8s/overlays/staging");
    Files.writeString(
        overlay.resolve("team.yaml"),
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: PodTemplate",
            "metadata:",
            "  name: team-scheduling",
            "template:",
            "  spec:",
            "    containers: [{name: c, image: busybox}]",
            "---",
            "apiVersion: rbac.authorization.k8s.io/v1",
            "kind: Role",
            "metadata:",
            "  name: team-reader",
            "rules:",
            "  - {apiGroups: [''], resources: [configmaps], verbs: [get]}",
            ""));
    Path kustomization = overlay.resolve("kustomization.yaml");
    Files.writeString(
        kustomization,
        Files.readString(kustomization)
            .replace(
                "resources:\n  - ../../base\n", "resources:\n  - ../../base\n  - team.yaml\n"));
    List<String> refused =
        render(repo, "k8s/overlays/staging").stream()
            .filter(o -> List.of("PodTemplate", "Role", "RoleBinding").contains(o.get("kind")))
            .map(o -> o.get("kind") + " " + ((Map<?, ?>) o.get("metadata")).get("name"))
            .toList();
    assertThat(refused).contains("PodTemplate demo-team-scheduling", "Role demo-team-reader");

    ExternalTools.Result run = examine(bin, repo, "staging");

    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.stdout())
        .containsPattern(
            "(?m)^rights of your account \\(overlay, every deploy\\) +FAIL +may not "
                + refused.stream()
                    .map(o -> "create, get, patch, delete " + o)
                    .collect(java.util.stream.Collectors.joining("; "))
                + "\n +fix: a deploy applies every object of k8s/overlays/staging: ask for the"
                + " namespace's built-in edit role in demo-staging; .* belongs in"
                + " k8s/overlays/staging/shared, applied once by whoever holds admin\\.$")
        .containsPattern("(?m)^rights of your account \\(skaffold dev\\) +OK ");
    assertOnlyReads();
  }

  /**
   * Every object the overlay renders is asked about, by kind (create) and by name (get, patch,
   * delete): the list follows the templates, not a list of the doctor's.
   */
  @Test
  void everyRenderedObjectIsAskedAbout() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "shared-cluster", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-staging -o json", "{}", 0),
            answer(SLICES_CALL, SLICES, 0),
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    Path repo = repo("dev", "staging");
    // the objects as the test reads them, kinds mapped to resources by hand
    Map<String, String> resources =
        Map.of(
            "ServiceAccount", "serviceaccounts",
            "Role", "roles.rbac.authorization.k8s.io",
            "RoleBinding", "rolebindings.rbac.authorization.k8s.io",
            "ConfigMap", "configmaps",
            "Service", "services",
            "Job", "jobs.batch",
            "NetworkPolicy", "networkpolicies.networking.k8s.io",
            "PodTemplate", "podtemplates");
    // the overlay's objects: create, get, patch, delete; shared/'s: create, get, patch; skaffold's
    java.util.Set<String> expected =
        new java.util.HashSet<>(
            List.of(
                "auth can-i get pods --namespace demo-staging",
                "auth can-i list pods --namespace demo-staging",
                "auth can-i watch pods --namespace demo-staging",
                "auth can-i get pods --subresource=log --namespace demo-staging",
                "auth can-i create pods --subresource=portforward --namespace demo-staging"));
    int objects = 0;
    for (String dir : List.of("k8s/overlays/staging", "k8s/overlays/staging/shared")) {
      for (Map<?, ?> object : render(repo, dir)) {
        String resource = resources.get((String) object.get("kind"));
        assertThat(resource).as("a kind this test knows: %s", object.get("kind")).isNotNull();
        String name = (String) ((Map<?, ?>) object.get("metadata")).get("name");
        expected.add("auth can-i create " + resource + " --namespace demo-staging");
        for (String verb :
            dir.endsWith("shared") ? List.of("get", "patch") : List.of("get", "patch", "delete")) {
          expected.add(
              "auth can-i " + verb + " " + resource + "/" + name + " --namespace demo-staging");
        }
        objects++;
      }
    }
    assertThat(objects).isGreaterThan(5);

    examine(bin, repo, "staging");

    assertThat(
            calls().stream()
                .filter(c -> c.startsWith("auth can-i") && !c.contains("--as"))
                .collect(java.util.stream.Collectors.toSet()))
        .isEqualTo(expected);
    assertOnlyReads();
  }

  /**
   * shared/ is applied once by whoever holds admin (here a cluster admin: dev's shared/ holds the
   * Namespace): not having its rights is a warning naming who applies it, and nothing at all once
   * its objects exist.
   */
  @ParameterizedTest(name = "objects exist: {0}")
  @CsvSource({"false", "true"})
  void sharedIsAppliedOnceByWhoeverHoldsAdmin(boolean exist) throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "kind-dev", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-dev -o json", "{}", 0),
            answer(SLICES_CALL, SLICES, 0),
            "\"get namespaces demo-dev -o name\"|\"get resourcequotas demo-quota --namespace demo-dev -o name\"|"
                + "\"get limitranges demo-defaults --namespace demo-dev -o name\") "
                + (exist
                    ? "echo found; exit 0;;"
                    : "echo 'Error from server (NotFound)' >&2; exit 1;;"),
            "\"auth can-i \"*\"--as system:serviceaccount:demo-dev:demo-executor\") echo no; exit 1;;",
            "\"auth can-i \"*\"--as \"*) echo yes;;",
            "\"auth can-i \"*\" namespaces\"*|\"auth can-i \"*\" resourcequotas\"*|\"auth can-i \"*\" limitranges\"*) echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    fake(bin, "kind", List.of());

    ExternalTools.Result run = examine(bin, repo("dev", "staging"), "dev");

    String refused =
        "you may not create, get, patch Namespace demo-dev; create, get, patch ResourceQuota"
            + " demo-quota; create, get, patch LimitRange demo-defaults";
    String who =
        "a cluster admin \\(or whoever holds admin in demo-dev for the namespaced objects\\)";
    if (exist) {
      assertThat(run.stdout())
          .containsPattern(
              "(?m)^rights of your account \\(shared/, applied once\\) +OK +applied already; "
                  + who
                  + " applies changes to it \\("
                  + refused
                  + "\\)$");
    } else {
      assertThat(run.stdout())
          .containsPattern(
              "(?m)^rights of your account \\(shared/, applied once\\) +WARN +applied once by "
                  + who
                  + ", not by you \\("
                  + refused
                  + "\\); not there yet: Namespace demo-dev, ResourceQuota demo-quota, LimitRange"
                  + " demo-defaults\n +fix: ask "
                  + who
                  + " to run: kubectl apply -k k8s/overlays/dev/shared$");
    }
    // a warning, never a failure: shared/ is not what every deploy needs
    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertOnlyReads();
  }

  /**
   * Each rule of the rendered Role is asked as the account its RoleBinding binds it to, and the
   * same of the executors' account, which must have none of it.
   */
  @Test
  void theDriverAccountHasWhatItsRoleGrantsAndTheExecutorsNothing() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", OLD_CLIENT, 0),
            answer("config current-context", "prod-cluster", 0),
            answer("version -o json", SERVER, 0),
            answer(
                "get namespace demo-staging -o json",
                "{\"metadata\": {\"labels\": {\"pod-security.kubernetes.io/enforce\": \"baseline\"}}}",
                0),
            answer(
                SLICES_CALL,
                "Error from server (Forbidden): endpointslices.discovery.k8s.io is forbidden",
                1),
            answer(
                "get endpoints kubernetes --namespace default -o json",
                "Error from server (Forbidden)",
                1),
            "\"auth can-i deletecollection pods --namespace demo-staging --as system:serviceaccount:demo-staging:demo-driver\") echo no; exit 1;;",
            "\"auth can-i get secrets --namespace demo-staging --as system:serviceaccount:demo-staging:demo-executor\") echo yes;;",
            "\"auth can-i \"*\"--as system:serviceaccount:demo-staging:demo-executor\") echo no; exit 1;;",
            "\"auth can-i create pods --subresource=portforward --namespace demo-staging\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.3.0", 0)));

    Path repo = repo("dev", "staging");
    java.util.Set<String> driver = roleRights(render(repo, "k8s/overlays/staging"));
    driver.addAll(roleRights(render(repo, "k8s/overlays/staging/shared")));
    java.util.Set<String> executor = new java.util.LinkedHashSet<>(driver);
    executor.addAll(List.of("get secrets", "create pods", "get configmaps"));

    ExternalTools.Result run = examine(bin, repo, "staging");

    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout())
        .containsPattern(
            "(?m)^kubectl +FAIL +v1.20.15, kustomize v2.0.3\\n +fix: install kubectl 1.27 or newer")
        .containsPattern("(?m)^skaffold +FAIL +v2.3.0\\n +fix: install skaffold 2.15 or newer")
        .containsPattern(
            "(?m)^namespace demo-staging +WARN +exists, enforces Pod Security baseline\\n +fix: label it pod-security.kubernetes.io/enforce=restricted")
        .containsPattern(
            "(?m)^rights of your account \\(skaffold dev\\) +FAIL +may not create pods"
                + " \\(portforward\\)\\n")
        .containsPattern(
            // the Role is in the overlay today, in shared/ after the layout change
            "(?m)^rights of driver account demo-driver +FAIL +may not deletecollection pods\\n"
                + " +fix: (deploy the overlay|whoever holds admin in demo-staging applies"
                + " k8s/overlays/staging/shared) \\(Role demo-driver and its RoleBinding\\)")
        .containsPattern(
            "(?m)^rights of executor account demo-executor +FAIL +may get secrets\\n +fix: remove the RoleBindings")
        .containsPattern(
            "(?m)^API server egress +WARN +NetworkPolicy demo-driver-api-server allows 443 and 6443"
                + " to any address\\n +fix: .*doctor could not read them \\(Error from server"
                + " \\(Forbidden\\): endpointslices.discovery.k8s.io is forbidden\\): ask the"
                + " platform team for them\\.$")
        .containsPattern("(?m)^registry +FAIL +registry.invalid not reachable");
    // every right of the rendered Role, no more, each once; the executors' account the same and
    // three more
    assertThat(calls())
        .filteredOn(c -> c.endsWith(" --as system:serviceaccount:demo-staging:demo-driver"))
        .map(c -> c.replaceFirst("^auth can-i (.*) --namespace demo-staging --as .*$", "$1"))
        .containsExactlyInAnyOrderElementsOf(driver);
    assertThat(calls())
        .filteredOn(c -> c.endsWith(" --as system:serviceaccount:demo-staging:demo-executor"))
        .map(c -> c.replaceFirst("^auth can-i (.*) --namespace demo-staging --as .*$", "$1"))
        .containsExactlyInAnyOrderElementsOf(executor);
    assertOnlyReads();
  }

  /**
   * The printed patch, pasted into the overlay as printed, renders driver-api-server open to the
   * API server's addresses and port only, and doctor then sees no egress to any address.
   */
  @Test
  void thePrintedPatchNarrowsTheApiServerEgress() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "shared-cluster", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-staging -o json", "{}", 0),
            answer(SLICES_CALL, SLICES, 0),
            "\"auth can-i \"*\"--as system:serviceaccount:demo-staging:demo-executor\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    Path repo = repo("dev", "staging");

    String table = examine(bin, repo, "staging").stdout();

    assertThat(table)
        .containsPattern(
            "(?m)^ +fix: narrow driver-api-server to it: paste the patch printed below into"
                + " patches: of k8s/overlays/staging/kustomization.yaml$");
    String patch = table.substring(table.indexOf("\npatches:\n") + 1);
    assertThat(patch)
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "patches:",
                "  - target:",
                "      kind: NetworkPolicy",
                "      name: driver-api-server",
                "    patch: |-",
                "      - op: replace",
                "        path: /spec/egress",
                "        value:",
                "          - to:",
                "              - ipBlock:",
                "                  cidr: 172.18.0.2/32",
                "              - ipBlock:",
                "                  cidr: 172.18.0.3/32",
                "            ports:",
                "              - protocol: TCP",
                "                port: 6443",
                ""));
    Path kustomization = repo.resolve("k8s/overlays/staging/kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization) + "\n" + patch);

    ExternalTools.Result rendered =
        ExternalTools.run(repo, KUBECTL, "kustomize", "k8s/overlays/staging")
            .assertSuccess("kubectl kustomize");
    Map<?, ?> policy =
        documents(rendered.stdout()).stream()
            .filter(
                d -> "demo-driver-api-server".equals(((Map<?, ?>) d.get("metadata")).get("name")))
            .findFirst()
            .orElseThrow();
    assertThat(((Map<?, ?>) policy.get("spec")).get("egress"))
        .isEqualTo(
            List.of(
                Map.of(
                    "to",
                    List.of(
                        Map.of("ipBlock", Map.of("cidr", "172.18.0.2/32")),
                        Map.of("ipBlock", Map.of("cidr", "172.18.0.3/32"))),
                    "ports",
                    List.of(Map.of("protocol", "TCP", "port", 6443)))));
    assertThat(examine(bin, repo, "staging").stdout())
        .containsPattern(
            "(?m)^API server egress +OK +no NetworkPolicy of the overlay allows 443 or 6443 to any"
                + " address; the API server is 172.18.0.2, 172.18.0.3 on TCP 6443$")
        .doesNotContain("patches:");

    // one control-plane node replaced: the overlay no longer lets the driver reach it
    Files.writeString(
        kustomization, Files.readString(kustomization).replace("172.18.0.3/32", "172.18.0.99/32"));
    String moved = examine(bin, repo, "staging").stdout();
    assertThat(moved)
        .containsPattern(
            "(?m)^API server egress +WARN +no NetworkPolicy of the overlay lets the driver reach the"
                + " API server at 172.18.0.3:6443 \\(Spark cannot start executors\\)\n +fix: narrow"
                + " driver-api-server to it")
        .contains(patch);
  }

  /**
   * An overlay kubectl cannot render is one failed row, and no right is asked of objects doctor
   * does not know; the checks that need no objects still run.
   */
  @Test
  void anOverlayThatDoesNotRenderIsOneFailedRow() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "kind-dev", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-dev -o json", "{}", 0),
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    Path repo = repo("dev");
    Path kustomization = repo.resolve("k8s/overlays/dev/kustomization.yaml");
    Files.writeString(
        kustomization,
        Files.readString(kustomization)
            .replace("  - ../../base\n", "  - ../../base\n  - gone.yaml\n"));

    ExternalTools.Result run = examine(bin, repo, "dev");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout())
        .containsPattern(
            "(?m)^overlay k8s/overlays/dev +FAIL +does not render: .*gone.yaml.*\n +fix: sparkgen"
                + " validate --env dev tells why")
        .containsPattern("(?m)^shared k8s/overlays/dev/shared +OK ")
        .containsPattern("(?m)^rights of your account \\(skaffold dev\\) +OK ")
        .doesNotContain("(overlay, every deploy)")
        .doesNotContain("driver account")
        .doesNotContain("API server egress");
    assertOnlyReads();
  }

  /** Where EndpointSlices cannot be read, the Endpoints object kubernetes gives the addresses. */
  @Test
  void theEndpointsObjectIsTheFallback() throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "shared-cluster", 0),
            answer("version -o json", SERVER, 0),
            answer("get namespace demo-staging -o json", "{}", 0),
            answer(SLICES_CALL, "error: the server does not have a resource type", 1),
            answer(
                "get endpoints kubernetes --namespace default -o json",
                "{\"subsets\": [{\"addresses\": [{\"ip\": \"10.0.0.5\"}], \"ports\": [{\"port\": 443,"
                    + " \"protocol\": \"TCP\"}]}]}",
                0),
            "\"auth can-i \"*\"--as system:serviceaccount:demo-staging:demo-executor\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));

    String table = examine(bin, repo("dev", "staging"), "staging").stdout();

    assertThat(table)
        .containsPattern("(?m)^API server egress +WARN .*; the API server is 10.0.0.5 on TCP 443$")
        .contains(
            "                  cidr: 10.0.0.5/32\n            ports:\n              - protocol: TCP\n                port: 443\n");
  }

  /**
   * Whether the namespace must exist follows the environment's cluster in the answers file,
   * whatever its name; without an answers file, the cluster sparkgen new gives that name. Whether
   * the image is pushed follows skaffold's rules: a shared environment's profile pushes, a local
   * one on context kind-dev is loaded (DoctorSkaffoldTest has the rules).
   */
  @ParameterizedTest(name = "--envs {0}, answers file kept: {1}")
  @CsvSource({
    "dev:shared, true, dev, shared",
    "staging:local, true, staging, local",
    "development, false, development, local",
    "qa, false, qa, shared",
  })
  void theAnswersFilesClusterDecidesWhatMustExist(
      String envs, boolean answers, String env, String cluster) throws Exception {
    Path bin = dir.resolve("bin");
    fake(
        bin,
        "kubectl",
        List.of(
            answer("version --client -o json", CLIENT, 0),
            answer("config current-context", "kind-dev", 0),
            answer("version -o json", SERVER, 0),
            answer(
                "get namespace demo-" + env + " -o json",
                "Error from server (NotFound): namespaces \"demo-" + env + "\" not found",
                1),
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));
    Path repo = repo(envs);
    if (!answers) {
      Files.delete(repo.resolve(".sparkgen.yaml"));
    }

    String table = examine(bin, repo, env).stdout();

    if (cluster.equals("local")) {
      assertThat(table)
          .containsPattern("(?m)^namespace demo-" + env + " +WARN +does not exist yet$");
    } else {
      assertThat(table)
          .containsPattern(
              "(?m)^namespace demo-"
                  + env
                  + " +FAIL +Error from server \\(NotFound\\).*\n +fix: ask the platform team");
    }
    // a shared environment's profile sets build.local.push: true, which wins over the context
    assertThat(table)
        .containsPattern(
            cluster.equals("local")
                ? "(?m)^skaffold build +\\w+ +kind-dev is local \\(a kind context\\); builds"
                    + " registry.invalid/team/demo into the local Docker daemon, then kind load"
                    + " docker-image --name dev"
                : "(?m)^skaffold build +OK +kind-dev is local \\(a kind context\\); pushes"
                    + " registry.invalid/team/demo \\(build.local.push: true in skaffold.yaml"
                    + " \\(profile "
                    + env
                    + "\\)\\)$")
        .containsPattern(
            cluster.equals("local")
                ? "(?m)^registry +OK +not needed"
                : "(?m)^registry +FAIL +registry.invalid not reachable");
  }

  /** The table reaches a writer that does not flush on its own. */
  @Test
  void theTableIsFlushed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Doctor.print(
        List.of(new Doctor.Check("skaffold", Doctor.Status.OK, "v2.16.1", null)),
        new PrintWriter(new OutputStreamWriter(bytes, UTF_8)));

    assertThat(bytes.toString(UTF_8)).isEqualTo("skaffold  OK    v2.16.1" + System.lineSeparator());
  }

  /** Each tool's oldest version that passes, the one before it, and a newer major. */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "kubectl, v1.27.0 minor 27, OK",
    "kubectl, v1.26.9 minor 26, FAIL",
    "kubectl, v1.30.1 minor 30+, OK",
    "skaffold, v2.15.0, OK",
    "skaffold, v2.14.9, FAIL",
    "skaffold, v3.0.0, OK",
    "skaffold, v1.39.2, FAIL",
  })
  void aToolPassesFromItsOldestSupportedVersion(String tool, String version, String status)
      throws Exception {
    Path bin = dir.resolve("bin");
    String[] kubectl =
        tool.equals("kubectl") ? version.split(" minor ") : new String[] {"v1.32.4", "32"};
    fake(
        bin,
        "kubectl",
        List.of(
            answer(
                "version --client -o json",
                "{\"clientVersion\": {\"minor\": \""
                    + kubectl[1]
                    + "\", \"gitVersion\": \""
                    + kubectl[0]
                    + "\"}, \"kustomizeVersion\": \"v5.0.1\"}",
                0),
            answer("config current-context", "error: current-context is not set", 1)));
    fake(
        bin,
        "skaffold",
        List.of(answer("version", tool.equals("skaffold") ? version : "v2.16.1", 0)));

    ExternalTools.Result run = examine(bin, repo("dev"), "dev");

    assertThat(run.stdout())
        .containsPattern(
            "(?m)^"
                + tool
                + " +"
                + status
                + " +"
                + kubectlOrSkaffold(tool, kubectl[0], version)
                + "$");
    assertThat(run.stdout())
        .containsPattern("(?m)^current context +FAIL +error: current-context is not set$");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  private static String kubectlOrSkaffold(String tool, String kubectl, String skaffold) {
    return java.util.regex.Pattern.quote(
        tool.equals("kubectl") ? kubectl + ", kustomize v5.0.1" : skaffold);
  }

  @Test
  void javaOlderThanTheJobsReleaseFails() throws Exception {
    Path repo = repo("dev");
    int running = Runtime.version().feature();
    Path pom = repo.resolve("pom.xml");
    String release = "<maven.compiler.release>" + (running + 1) + "</maven.compiler.release>";
    Files.writeString(
        pom,
        Files.readString(pom)
            .replaceFirst("<maven.compiler.release>\\d+</maven.compiler.release>", release));
    assertThat(Files.readString(pom)).contains(release);
    Path empty = Files.createDirectories(dir.resolve("empty"));

    assertThat(examine(empty, repo, "dev").stdout())
        .containsPattern(
            "(?m)^Java +FAIL +"
                + running
                + ", the job needs "
                + (running + 1)
                + "\\n +fix: install a JDK "
                + (running + 1)
                + " ");

    Files.writeString(
        pom,
        Files.readString(pom)
            .replace(release, "<maven.compiler.release>" + running + "</maven.compiler.release>"));
    assertThat(examine(empty, repo, "dev").stdout())
        .containsPattern("(?m)^Java +OK +" + running + " \\(the job needs " + running + "\\)$");
  }

  @Test
  void anUnknownEnvironmentIsRefusedBeforeAnyCheck() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path repo = repo("dev");

    assertThatThrownBy(() -> examine(empty, repo, "prod"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Environment 'prod' has no overlay in ");
  }

  @Test
  void withoutToolsItSaysWhatToInstall() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    Path repo = repo("dev");

    // The command's own JVM too: its exit code is the one a failed check gives.
    for (ExternalTools.Result run : List.of(examine(empty, repo, null), doctor(empty, repo))) {
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr()).isEmpty();
      assertThat(run.stdout())
          .containsPattern("(?m)^kubectl +FAIL +not on PATH\\n +fix: install kubectl 1.27 or newer")
          .containsPattern(
              "(?m)^skaffold +FAIL +not on PATH\\n +fix: install skaffold 2.15 or newer")
          .doesNotContain("current context");
    }
  }

  @Test
  void anUnknownEnvironmentIsBadUsage() throws Exception {
    ExternalTools.Result run =
        doctor(Files.createDirectories(dir.resolve("empty")), repo("dev"), "--env", "prod");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("sparkgen: Environment 'prod' has no overlay in ");
    assertThat(run.stdout()).isEmpty();
  }
}
