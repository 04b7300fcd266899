package dev.sparkgen.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * doctor's prediction of what skaffold does with the image, row by row against what skaffold's own
 * code decides. Every expected value below was read from GoogleContainerTools/skaffold v2.15.0
 * (commit bffbfe0d97299ca2c843a0b45ddd51b0e8f6c28b), never taken from doctor's output; the lines
 * cited are of that commit:
 *
 * <ul>
 *   <li>config/util.go 239-257 (GetCluster): --minikube-profile, then local-cluster from the global
 *       config, then the contexts minikube, docker-for-desktop, docker-desktop, kind-*, *@kind,
 *       k3d-* (316-333, 359-361), then IsMinikube; otherwise remote;
 *   <li>config/util.go 260-271: a local cluster without a --default-repo pushes to the registry of
 *       ConfigMap kube-public/local-registry-hosting, loading nothing;
 *   <li>config/util.go 281, 284: load into kind/k3d unless {kind,k3d}-disable-load; push when
 *       remote or loading is disabled;
 *   <li>config/util.go 142-167: the last kubeContexts entry whose pattern matches (util/regex.go
 *       29-51: equal, a regexp found in the name, "!" negates), its unset fields from global;
 *   <li>config/util.go 170-182 (GetDefaultRepo): the flag (or SKAFFOLD_DEFAULT_REPO: cmd.go
 *       setFlagsFromEnvVariables; an empty value counts as given) wins over the global config;
 *   <li>build/local/types.go 93-102 and runner/new.go 244-256: build.local.push overrides the
 *       cluster's choice, and only an image not pushed is loaded (deploy.go 105-113);
 *   <li>kubernetes/loader/load.go 97, 121, 129: {@code kind load docker-image --name NAME}, {@code
 *       k3d image import --cluster NAME}, NAME from the kubeconfig cluster (util.go 338-355);
 *   <li>docker/client.go newAPIClient: a minikube cluster (minikube on PATH) builds with its
 *       daemon;
 *   <li>docker/default_repo.go 57-72: an image not under the default repo becomes DEFAULT/NAME with
 *       / . _ : @ made _, unless the registry takes nested paths (multi-level-repo: true, 62-69).
 * </ul>
 *
 * The cluster, kubeconfig and tools are fake scripts on PATH (kubectl kustomize refused, so that
 * each row takes a fraction of a second); HOME holds the row's ~/.skaffold/config.
 */
@Tag("slow")
class DoctorSkaffoldTest {

  @TempDir static Path shared;
  @TempDir Path dir;

  static final String EKS = "arn:aws:eks:eu-west-1:111122223333:cluster/team";

  static Path repo(boolean registry) {
    Path repo = shared.resolve(registry ? "with-registry" : "without-registry");
    if (!Files.isDirectory(repo)) {
      new PlanWriter()
          .write(
              Fixtures.plan(
                  "demo",
                  b -> {
                    b.envs(List.of("dev", "staging"));
                    return registry ? b.registry("registry.invalid/team") : b;
                  }),
              repo);
    }
    return repo;
  }

  static void script(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # row                               | context        | cluster  | global config (YAML)                                              | --default-repo | SKAFFOLD_DEFAULT_REPO | env     | registry | local registry | minikube | local | delivery        | image                                        | into
          kind: loaded                        | kind-x         | kind-x   | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | KIND_LOAD       | demo                                         | x
          kind before 0.6: loaded             | x@kind         | x@kind   | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | KIND_LOAD       | demo                                         | x
          k3d: imported                       | k3d-x          | k3d-x    | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | K3D_IMPORT      | demo                                         | x
          minikube: its daemon                | minikube       | minikube | -                                                                  | -              | -                     | dev     | false    | -              | true     | true  | MINIKUBE_DAEMON | demo                                         | minikube
          minikube not on PATH                | minikube       | minikube | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | LOCAL_DAEMON    | demo                                         | -
          docker-desktop: its daemon          | docker-desktop | d        | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | LOCAL_DAEMON    | demo                                         | -
          remote dev: pushed                  | EKS            | eks      | -                                                                  | -              | -                     | dev     | false    | -              | false    | false | PUSH            | demo                                         | -
          remote, --default-repo              | EKS            | eks      | -                                                                  | 127.0.0.1:1/t  | -                     | dev     | false    | -              | false    | false | PUSH            | 127.0.0.1:1/t/demo                           | -
          remote, SKAFFOLD_DEFAULT_REPO       | EKS            | eks      | -                                                                  | -              | 127.0.0.1:1/t         | dev     | false    | -              | false    | false | PUSH            | 127.0.0.1:1/t/demo                           | -
          remote, context's default-repo      | EKS            | eks      | {kubeContexts: [{kube-context: EKS, default-repo: 127.0.0.1:1/c}]} | -              | -                     | dev     | false    | -              | false    | false | PUSH            | 127.0.0.1:1/c/demo                           | -
          remote, global default-repo         | EKS            | eks      | {global: {default-repo: 127.0.0.1:1/g}}                            | -              | -                     | dev     | false    | -              | false    | false | PUSH            | 127.0.0.1:1/g/demo                           | -
          flag over config                    | EKS            | eks      | {global: {default-repo: 127.0.0.1:1/g}}                            | 127.0.0.1:1/t  | -                     | dev     | false    | -              | false    | false | PUSH            | 127.0.0.1:1/t/demo                           | -
          empty SKAFFOLD_DEFAULT_REPO is given | EKS           | eks      | {global: {default-repo: 127.0.0.1:1/g}}                            | -              | ''                    | dev     | false    | -              | false    | false | PUSH            | demo                                         | -
          staging: pushed, its registry       | EKS            | eks      | -                                                                  | -              | -                     | staging | true     | -              | false    | false | PUSH            | registry.invalid/team/demo                   | -
          a registry under the default repo   | EKS            | eks      | -                                                                  | 127.0.0.1:1/t  | -                     | staging | true     | -              | false    | false | PUSH            | 127.0.0.1:1/t/registry_invalid_team_demo     | -
          multi-level-repo keeps the path     | EKS            | eks      | {global: {multi-level-repo: true}}                                 | 127.0.0.1:1/t  | -                     | staging | true     | -              | false    | false | PUSH            | 127.0.0.1:1/t/registry.invalid/team/demo     | -
          local-cluster true: not pushed      | EKS            | eks      | {kubeContexts: [{kube-context: 'arn:aws:eks:.*', local-cluster: true}]} | -         | -                     | dev     | false    | -              | false    | true  | LOCAL_DAEMON    | demo                                         | -
          a negated pattern                   | EKS            | eks      | {kubeContexts: [{kube-context: '!kind-.*', local-cluster: true}]}  | -              | -                     | dev     | false    | -              | false    | true  | LOCAL_DAEMON    | demo                                         | -
          local-cluster false on kind: pushed | kind-x         | kind-x   | {kubeContexts: [{kube-context: kind-x, local-cluster: false}]}     | -              | -                     | dev     | false    | -              | false    | false | PUSH            | demo                                         | -
          the context's value over global's   | kind-x         | kind-x   | {global: {local-cluster: true}, kubeContexts: [{kube-context: kind-x, local-cluster: false}]} | - | - | dev | false | -        | false    | false | PUSH            | demo                                         | -
          the last matching entry wins        | kind-x         | kind-x   | {kubeContexts: [{kube-context: kind-x, local-cluster: false}, {kube-context: 'kind-.*', local-cluster: true}]} | - | - | dev | false | - | false | true | KIND_LOAD | demo                                  | x
          kind-disable-load: pushed           | kind-x         | kind-x   | {global: {kind-disable-load: true}}                                | -              | -                     | dev     | false    | -              | false    | true  | PUSH            | demo                                         | -
          k3d-disable-load: pushed            | k3d-x          | k3d-x    | {global: {k3d-disable-load: true}}                                 | -              | -                     | dev     | false    | -              | false    | true  | PUSH            | demo                                         | -
          kind, staging pushes: not loaded    | kind-x         | kind-x   | -                                                                  | -              | -                     | staging | false    | -              | false    | true  | PUSH            | demo                                         | -
          minikube, staging pushes            | minikube       | minikube | -                                                                  | -              | -                     | staging | false    | -              | true     | true  | PUSH            | demo                                         | -
          kind with a local registry          | kind-x         | kind-x   | -                                                                  | -              | -                     | dev     | false    | localhost:5001 | false    | true  | PUSH            | localhost:5001/demo                          | -
          a flag skips the local registry     | kind-x         | kind-x   | -                                                                  | 127.0.0.1:1/t  | -                     | dev     | false    | localhost:5001 | false    | true  | KIND_LOAD       | 127.0.0.1:1/t/demo                           | x
          config's repo: still the local one  | kind-x         | kind-x   | {global: {default-repo: 127.0.0.1:1/g}}                            | -              | -                     | dev     | false    | localhost:5001 | false    | true  | PUSH            | localhost:5001/demo                          | -
          kind, the cluster's own name        | kind-x         | kind-y   | -                                                                  | -              | -                     | dev     | false    | -              | false    | true  | KIND_LOAD       | demo                                         | y
          docker-desktop renamed, not pushed  | docker-desktop | d        | -                                                                  | 127.0.0.1:1/t  | -                     | dev     | false    | -              | false    | true  | LOCAL_DAEMON    | 127.0.0.1:1/t/demo                           | -
          rancher-desktop is remote           | rancher-desktop | r       | -                                                                  | -              | -                     | dev     | false    | -              | false    | false | PUSH            | demo                                         | -
          """)
  void doctorPredictsWhatSkaffoldDoes(
      String row,
      String context,
      String cluster,
      String globalConfig,
      String defaultRepo,
      String defaultRepoVariable,
      String env,
      boolean registry,
      String localRegistry,
      boolean minikube,
      boolean local,
      String delivery,
      String image,
      String into)
      throws Exception {
    String kubeContext = context.equals("EKS") ? EKS : context;
    Path home = dir.resolve("home");
    if (globalConfig != null) {
      Files.createDirectories(home.resolve(".skaffold"));
      Files.writeString(home.resolve(".skaffold/config"), globalConfig.replace("EKS", EKS));
    }
    Path bin = fakes(kubeContext, cluster, localRegistry, minikube);
    Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString()));
    if (defaultRepoVariable != null) {
      environment.put("SKAFFOLD_DEFAULT_REPO", defaultRepoVariable);
    }

    List<Doctor.Check> checks =
        new Doctor(new Tools(bin.toString()), environment)
            .examine(repo(registry), env, defaultRepo);
    StringWriter table = new StringWriter();
    Doctor.print(checks, new PrintWriter(table));
    String out = table.toString();

    String how =
        switch (delivery) {
          case "PUSH" -> "pushes " + Pattern.quote(image) + " \\(";
          case "KIND_LOAD" ->
              "builds "
                  + Pattern.quote(image)
                  + " into the local Docker daemon, then kind load docker-image --name "
                  + into
                  + "(;|$)";
          case "K3D_IMPORT" ->
              "builds "
                  + Pattern.quote(image)
                  + " into the local Docker daemon, then k3d image import --cluster "
                  + into
                  + "(;|$)";
          case "MINIKUBE_DAEMON" ->
              "builds "
                  + Pattern.quote(image)
                  + " with minikube's Docker daemon \\(profile "
                  + into
                  + "\\)";
          default ->
              "builds " + Pattern.quote(image) + " into the local Docker daemon and pushes nothing";
        };
    assertThat(out)
        .as(row)
        .containsPattern(
            "(?m)^skaffold build +\\w+ +"
                + Pattern.quote(kubeContext)
                + " is "
                + (local ? "local" : "not local")
                + " \\([^\\n]*\\); "
                + how);
    boolean named = image.contains("/");
    assertThat(out)
        .as(row)
        .containsPattern(
            delivery.equals("PUSH")
                ? named
                    ? "(?m)^registry +\\w+ +"
                        + Pattern.quote(image.split("/")[0])
                        + " (not )?reachable"
                    : "(?m)^registry +FAIL +skaffold pushes "
                        + Pattern.quote(image)
                        + ", which names no registry"
                : "(?m)^registry +OK +not needed");
  }

  /**
   * kubectl answering as a cluster of {@code kubeContext} (the kubeconfig naming its cluster, the
   * local-registry-hosting ConfigMap when {@code localRegistry} is set), skaffold, kind, k3d and,
   * when asked for, minikube.
   */
  Path fakes(String kubeContext, String cluster, String localRegistry, boolean minikube)
      throws Exception {
    Path bin = dir.resolve("bin");
    String kubeconfig =
        "{\"contexts\": [{\"name\": \""
            + kubeContext
            + "\", \"context\": {\"cluster\": \""
            + cluster
            + "\", \"user\": \"u\"}}], \"clusters\": [{\"name\": \""
            + cluster
            + "\", \"cluster\": {\"server\": \"https://127.0.0.1:6443\"}}]}";
    String hosting =
        localRegistry == null
            ? "echo 'Error from server (NotFound): configmaps \"local-registry-hosting\" not found' >&2; exit 1"
            : "printf '%s\\n' '{\"data\": {\"localRegistryHosting.v1\": \"host: \\\""
                + localRegistry
                + "\\\"\\nhelp: https://kind.sigs.k8s.io/\"}}'";
    script(
        bin.resolve("kubectl"),
        "args=$(echo \"$*\" | sed 's/ --request-timeout=[^ ]*//')\n"
            + "case \"$args\" in\n"
            + "  'version --client -o json') echo '"
            + DoctorTest.CLIENT
            + "';;\n"
            + "  'config current-context') echo '"
            + kubeContext
            + "';;\n"
            + "  'config view -o json') echo '"
            + kubeconfig
            + "';;\n"
            + "  'version -o json') echo '"
            + DoctorTest.SERVER
            + "';;\n"
            + "  'get configmap local-registry-hosting --namespace kube-public -o json') "
            + hosting
            + ";;\n"
            + "  'auth can-i '*) echo yes;;\n"
            + "  *) echo \"not recorded: $*\" >&2; exit 1;;\n"
            + "esac\n");
    script(bin.resolve("skaffold"), "echo v2.16.1\n");
    script(bin.resolve("kind"), "exit 0\n");
    script(bin.resolve("k3d"), "exit 0\n");
    if (minikube) {
      script(
          bin.resolve("minikube"),
          "case \"$*\" in\n"
              + "  'version --output=json') echo '{\"minikubeVersion\": \"v1.34.0\"}';;\n"
              + "  'profile list -o json') echo '{\"valid\": []}';;\n"
              + "  *) exit 1;;\n"
              + "esac\n");
    }
    return bin;
  }

  /** The command's --default-repo reaches the prediction, and wins over SKAFFOLD_DEFAULT_REPO. */
  @org.junit.jupiter.api.Test
  void theCommandsDefaultRepoWinsOverTheEnvironment() throws Exception {
    Path bin = fakes(EKS, "eks", null, false);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sparkgen.cli.SparkgenCommand",
                "doctor",
                repo(false).toString(),
                "--env",
                "staging",
                "--default-repo",
                "127.0.0.1:1/flag")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    // the fakes first; sed and sh, which the fakes run, after them
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().put("SKAFFOLD_DEFAULT_REPO", "127.0.0.1:1/variable");
    Process process = builder.start();
    String out =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(out).isEqualTo(1);
    assertThat(out)
        .containsPattern(
            "(?m)^skaffold build +OK +"
                + Pattern.quote(EKS)
                + " is not local \\(.*\\); pushes 127.0.0.1:1/flag/demo \\(build.local.push: true"
                + " in skaffold.yaml \\(profile staging\\); default repo 127.0.0.1:1/flag from"
                + " --default-repo\\)$")
        .containsPattern("(?m)^registry +FAIL +127.0.0.1:1 not reachable");
  }

  /** A global config skaffold cannot read stops skaffold ("getting cluster"), so it is a FAIL. */
  @org.junit.jupiter.api.Test
  void aGlobalConfigThatIsNotYamlFails() throws Exception {
    Path bin = fakes("kind-x", "kind-x", null, false);
    Path config = dir.resolve("elsewhere/config");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "kubeContexts: [unclosed\n");

    List<Doctor.Check> checks =
        new Doctor(new Tools(bin.toString()), Map.of("SKAFFOLD_CONFIG", config.toString()))
            .examine(repo(false), "dev", null);

    assertThat(checks)
        .filteredOn(c -> c.name().equals("skaffold build"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(Doctor.Status.FAIL);
              assertThat(c.detail()).startsWith(config + " is not a skaffold global config (");
              assertThat(c.fix())
                  .isEqualTo("skaffold stops on it too: fix or remove " + config + ".");
            });
  }
}
