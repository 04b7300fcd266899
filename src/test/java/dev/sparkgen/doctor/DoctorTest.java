package dev.sparkgen.doctor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.JobRepository;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `sparkgen doctor` against recorded fake {@code kubectl} and {@code skaffold} on PATH (a shell
 * script answering each command line it is recorded for, logging every call): a fit machine and
 * cluster, an unfit one, and no tools at all. Every kubectl call must be a read. The checks run in
 * this JVM with the fakes' PATH, so that a mutation run sees which tests cover them; the command
 * itself runs in a JVM of its own, with that PATH as its environment.
 */
class DoctorTest {

  @TempDir Path dir;

  static final String CLIENT =
      "{\"clientVersion\": {\"major\": \"1\", \"minor\": \"32+\", \"gitVersion\": \"v1.32.4\"}, \"kustomizeVersion\": \"v5.5.0\"}";
  static final String OLD_CLIENT =
      "{\"clientVersion\": {\"major\": \"1\", \"minor\": \"20\", \"gitVersion\": \"v1.20.15\"}, \"kustomizeVersion\": \"v2.0.3\"}";
  static final String SERVER =
      "{\"clientVersion\": {\"minor\": \"32\"}, \"serverVersion\": {\"major\": \"1\", \"minor\": \"31\", \"gitVersion\": \"v1.31.2\"}}";

  /**
   * A fake tool: "args" → answer lines of a case statement; anything else fails loudly (exit 3).
   */
  Path fake(Path bin, String tool, List<String> cases) throws Exception {
    Files.createDirectories(bin);
    StringBuilder script =
        new StringBuilder(
            "#!/bin/sh\necho \"$*\" >> \"" + dir.resolve("calls.log") + "\"\ncase \"$*\" in\n");
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
    List<Doctor.Check> checks =
        new Doctor(new Tools(bin.toString())).examine(JobRepository.open(repo), env);
    StringWriter table = new StringWriter();
    Doctor.print(checks, new PrintWriter(table));
    return new ExternalTools.Result(Doctor.failed(checks) ? 1 : 0, table.toString(), "");
  }

  /** Only reads: versions, the kubeconfig, get, auth can-i. */
  void assertOnlyReads() throws Exception {
    List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
    assertThat(calls)
        .isNotEmpty()
        .allMatch(
            c -> c.matches("(version.*|config current-context|get namespace .*|auth can-i .*)"),
            "a read-only call");
  }

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
            "\"auth can-i \"*\"--as system:serviceaccount:demo-dev:demo-executor\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.16.1", 0)));

    ExternalTools.Result run = examine(bin, repo("dev", "prod"), "dev");

    assertThat(run.stderr()).isEmpty();
    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.stdout())
        .containsPattern("(?m)^Java +OK +\\d+ \\(the job needs 17\\)$")
        .containsPattern("(?m)^kubectl +OK +v1.32.4, kustomize v5.5.0$")
        .containsPattern("(?m)^skaffold +OK +v2.16.1$")
        .containsPattern("(?m)^current context +OK +kind-dev$")
        .containsPattern("(?m)^cluster +OK +Kubernetes v1.31.2$")
        .containsPattern("(?m)^namespace demo-dev +WARN +does not exist yet$")
        .containsPattern("(?m)^rights of your account +OK +has every right it needs$")
        .containsPattern("(?m)^rights of driver account demo-driver +OK +has every right it needs$")
        .containsPattern(
            "(?m)^rights of executor account demo-executor +OK +has none of the rights it must not have$")
        .containsPattern("(?m)^registry +OK +not needed");
    assertThat(Files.readAllLines(dir.resolve("calls.log")))
        .contains(
            "auth can-i deletecollection pods --namespace demo-dev --as system:serviceaccount:demo-dev:demo-driver",
            "auth can-i get podtemplates/demo-executor-scheduling --namespace demo-dev --as system:serviceaccount:demo-dev:demo-driver",
            "auth can-i create jobs.batch --namespace demo-dev",
            "auth can-i get secrets --namespace demo-dev --as system:serviceaccount:demo-dev:demo-executor");
    assertOnlyReads();
  }

  @Test
  void anUnfitOneFailsWithAFixForEachProblem() throws Exception {
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
            "\"auth can-i deletecollection pods --namespace demo-staging --as system:serviceaccount:demo-staging:demo-driver\") echo no; exit 1;;",
            "\"auth can-i get secrets --namespace demo-staging --as system:serviceaccount:demo-staging:demo-executor\") echo yes;;",
            "\"auth can-i \"*\"--as system:serviceaccount:demo-staging:demo-executor\") echo no; exit 1;;",
            "\"auth can-i create pods/portforward --namespace demo-staging\") echo no; exit 1;;",
            "\"auth can-i \"*) echo yes;;"));
    fake(bin, "skaffold", List.of(answer("version", "v2.3.0", 0)));

    ExternalTools.Result run = examine(bin, repo("dev", "staging"), "staging");

    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout())
        .containsPattern(
            "(?m)^kubectl +FAIL +v1.20.15, kustomize v2.0.3\\n +fix: install kubectl 1.27 or newer")
        .containsPattern("(?m)^skaffold +FAIL +v2.3.0\\n +fix: install skaffold 2.15 or newer")
        .containsPattern(
            "(?m)^namespace demo-staging +WARN +exists, enforces Pod Security baseline\\n +fix: label it pod-security.kubernetes.io/enforce=restricted")
        .containsPattern("(?m)^rights of your account +FAIL +may not create pods/portforward\\n")
        .containsPattern(
            "(?m)^rights of driver account demo-driver +FAIL +may not deletecollection pods\\n +fix: deploy the overlay")
        .containsPattern(
            "(?m)^rights of executor account demo-executor +FAIL +may get secrets\\n +fix: remove the RoleBindings")
        .containsPattern("(?m)^registry +FAIL +registry.invalid not reachable");
    assertOnlyReads();
  }

  /**
   * Whether the namespace must exist and the image be pushed follows the environment's cluster in
   * the answers file, whatever its name; without an answers file, the cluster sparkgen new gives
   * that name.
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
          .containsPattern("(?m)^namespace demo-" + env + " +WARN +does not exist yet$")
          .containsPattern("(?m)^registry +OK +not needed");
    } else {
      assertThat(table)
          .containsPattern(
              "(?m)^namespace demo-"
                  + env
                  + " +FAIL +Error from server \\(NotFound\\).*\n +fix: ask the platform team")
          .containsPattern("(?m)^registry +FAIL +registry.invalid not reachable");
    }
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
