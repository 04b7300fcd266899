package dev.sparkgen.skaffold;

import static dev.sparkgen.validate.Rendered.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.JsonSchemas;
import dev.sparkgen.write.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The generated skaffold.yaml and the generator's own: valid against the official v4beta13 schema
 * as written and with every profile applied the way skaffold applies it, and saying what a job
 * repository needs (Jib artifact, the environment's overlay, pushes for shared clusters only, the
 * Job re-created on change, the Spark UI and History Server forwarded in the right namespace).
 */
@Tag("slow")
class SkaffoldConfigTest {

  static final String SCHEMA = "skaffold/v4beta13.json";

  static Stream<Arguments> projects() {
    return Stream.of(
        Arguments.of("demo", List.of("dev", "staging", "prod"), null),
        // A dev namespace on a shared cluster: pushed, like every shared environment.
        Arguments.of(
            "payments-etl", List.of("dev:shared", "qa", "prod"), "registry.example.com/data"),
        // A first environment that is not a dev tier: still the default, still valid.
        Arguments.of("nightly", List.of("qa", "production"), null),
        // A prod-tier environment on a cluster of one's own: not pushed, its namespace created.
        Arguments.of("lab", List.of("local", "production:local"), null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("projects")
  void generatedConfigAndEveryProfileAreValidAndPointAtTheirEnvironment(
      String name, List<String> envs, String registry) {
    Plan plan =
        Fixtures.plan(name, b -> registry == null ? b.envs(envs) : b.envs(envs).registry(registry));
    Map<String, Object> config = yaml(plan.file("skaffold.yaml").text());
    String image = registry == null ? name : registry + "/" + name;
    List<String> names = envs.stream().map(e -> e.split(":")[0]).toList();
    assertThat(withoutComments(plan.file("skaffold.yaml").text()))
        .as("kubectl apply --force replaces any object whose change is refused")
        .doesNotContain("--force");

    assertThat(JsonSchemas.validate(SCHEMA, config))
        .as("skaffold.yaml against the schema")
        .isEmpty();
    assertThat(config)
        .containsEntry("apiVersion", "skaffold/v4beta13")
        .containsEntry("kind", "Config");
    assertThat(profileNames(config)).containsExactlyElementsOf(names);
    // With no -p, the first environment's profile changes nothing: it is the default.
    assertThat(SkaffoldProfiles.apply(config, names.get(0))).isEqualTo(withoutProfiles(config));

    for (String entry : envs) {
      String env = entry.split(":")[0];
      Map<String, Object> applied = SkaffoldProfiles.apply(config, env);
      String namespace = name + "-" + env;
      boolean local =
          entry.endsWith(":local")
              || (!entry.contains(":") && List.of("dev", "local", "development").contains(env));

      assertThat(JsonSchemas.validate(SCHEMA, applied))
          .as("profile %s against the schema", env)
          .isEmpty();
      assertThat(at(applied, "build.artifacts"))
          .isEqualTo(List.of(Map.of("image", image, "jib", Map.of("type", "maven"))));
      assertThat(at(applied, "manifests.kustomize.paths"))
          .isEqualTo(List.of("k8s/overlays/" + env));
      // A cluster of one's own: skaffold decides (kind and minikube load the image, others push);
      // a shared cluster pulls from a registry: always push.
      assertThat(at(applied, "build.local.push"))
          .as("push for %s", env)
          .isEqualTo(local ? null : Boolean.TRUE);
      assertThat(at(applied, "deploy.kubectl.flags"))
          .as("no kubectl flags (no --force) for %s", env)
          .isNull();
      // Before every deploy: the shared objects applied where the team owns the cluster, then the
      // Job, and only it, deleted.
      List<String> hooks = hookCommands(applied).stream().map(c -> String.join(" ", c)).toList();
      String deleteJob =
          "kubectl delete job "
              + name
              + "-driver --namespace "
              + namespace
              + " --context \"$SKAFFOLD_KUBE_CONTEXT\" --ignore-not-found --cascade=foreground --wait";
      String replaceIfChanged =
          """
          k() { kubectl --namespace NAMESPACE --context "$SKAFFOLD_KUBE_CONTEXT" "$@"; }
          run=$(k get job JOB --ignore-not-found -o jsonpath='{.metadata.labels.skaffold\\.dev/run-id}') || exit 1
          if [ -n "$run" ] && [ "$run" = "$SKAFFOLD_RUN_ID" ] && [ -s target/skaffold/ENV-job.yaml ]; then
            k diff -f target/skaffold/ENV-job.yaml >/dev/null 2>&1
            if [ $? -le 1 ]; then exit 0; fi
          fi
          k delete job JOB --ignore-not-found --cascade=foreground --wait
          """;
      // A promoted environment (not a dev tier) first refuses to deploy over a run in progress
      // (hooksNeverKillARunInProgressWherePromoted runs it).
      deleteJob =
          promoted(env)
              ? "sh -c active=$(kubectl get job "
                  + name
                  + "-driver --namespace "
                  + namespace
                  + " --context \"$SKAFFOLD_KUBE_CONTEXT\" --ignore-not-found -o"
                  + " jsonpath=\"{.status.active}\") || exit 1; if [ \"${active:-0}\" != 0 ]; then echo"
                  + " \""
                  + name
                  + "-driver is running in "
                  + namespace
                  + ": this deploy would kill it. Wait until it ends (kubectl get job "
                  + name
                  + "-driver -n "
                  + namespace
                  + ") or stop it on purpose (kubectl delete job "
                  + name
                  + "-driver -n "
                  + namespace
                  + "), then deploy again.\" >&2; exit 1; fi; "
                  + deleteJob
              // Elsewhere the Job is deleted only when the apply would be refused or it is of an
              // earlier session (SkaffoldNothingPilesUpTest runs it).
              : "sh -c "
                  + replaceIfChanged
                      .replace("NAMESPACE", namespace)
                      .replace("JOB", name + "-driver")
                      .replace("ENV", env);
      assertThat(hooks)
          .as("before-deploy hooks of %s", env)
          .containsExactlyElementsOf(
              local
                  ? List.of(
                      "sh -c kubectl apply -k k8s/overlays/"
                          + env
                          + "/shared --context \"$SKAFFOLD_KUBE_CONTEXT\"",
                      deleteJob)
                  : List.of(deleteJob));
      // After every deploy: the job's ConfigMaps of earlier settings deleted, in this namespace
      // only (SkaffoldNothingPilesUpTest runs it).
      assertThat(hookCommands(applied, "after"))
          .as("after-deploy hooks of %s", env)
          .singleElement()
          .satisfies(
              c ->
                  assertThat(String.join(" ", c))
                      .startsWith("sh -c k() { kubectl --namespace " + namespace + " --context")
                      .contains("-l sparkgen.dev/job-config,app.kubernetes.io/name=" + name + " "));
      assertThat(at(applied, "deploy.statusCheck")).isEqualTo(true);
      // The History Server is opt-in: no forward to a Service that may not exist.
      assertThat(forwards(applied))
          .as("port forwards of %s", env)
          .containsExactly(namespace + "/" + name + "-driver-svc:4040");
    }
  }

  /** An environment a build is promoted to (a staging or prod tier, by its name here). */
  static boolean promoted(String env) {
    return !List.of("dev", "local", "development").contains(env);
  }

  /**
   * A promoted environment's hook, run by a real shell against a kubectl stand-in that reports a
   * Job with an active pod: it fails, says what to do, and deletes nothing; with no active pod it
   * deletes the Job as the dev loop does.
   */
  @org.junit.jupiter.api.Test
  void hooksNeverKillARunInProgressWherePromoted(@TempDir Path work) throws Exception {
    Plan plan = Fixtures.plan("payments-etl", b -> b);
    Map<String, Object> prod =
        SkaffoldProfiles.apply(yaml(plan.file("skaffold.yaml").text()), "prod");
    List<String> hook = hookCommands(prod).get(0);
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path log = work.resolve("kubectl.log");
    Files.writeString(
        bin.resolve("kubectl"),
        """
        #!/bin/sh
        echo "$*" >> "$HOOK_LOG"
        if [ "$1" = get ]; then printf '%s' "$ACTIVE"; fi
        """);
    bin.resolve("kubectl").toFile().setExecutable(true);
    for (String active : List.of("1", "", "0")) {
      Files.deleteIfExists(log);
      ProcessBuilder builder = new ProcessBuilder(hook).directory(work.toFile());
      builder.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
      builder.environment().put("SKAFFOLD_KUBE_CONTEXT", "prod-cluster");
      builder.environment().put("HOOK_LOG", log.toString());
      builder.environment().put("ACTIVE", active);
      Process process = builder.start();
      String stderr =
          new String(
              process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int exit = process.waitFor();
      List<String> calls = Files.readAllLines(log);
      if (active.equals("1")) {
        assertThat(exit).as("exit with a run in progress").isEqualTo(1);
        assertThat(stderr)
            .isEqualTo(
                "payments-etl-driver is running in payments-etl-prod: this deploy would kill it."
                    + " Wait until it ends (kubectl get job payments-etl-driver -n payments-etl-prod)"
                    + " or stop it on purpose (kubectl delete job payments-etl-driver -n"
                    + " payments-etl-prod), then deploy again.\n");
        assertThat(calls).singleElement().asString().startsWith("get job payments-etl-driver");
      } else {
        assertThat(exit).as("exit with active=%s", active).isZero();
        assertThat(calls)
            .as("with active=%s", active)
            .hasSize(2)
            .last()
            .asString()
            .startsWith("delete job payments-etl-driver --namespace payments-etl-prod");
      }
    }
  }

  /**
   * The hooks, run as skaffold runs them (its host hooks exec the command with
   * SKAFFOLD_KUBE_CONTEXT in the environment, at the repository root) against a kubectl stand-in
   * that records its arguments and renders what it is asked to apply with the real kubectl: the
   * context survives the shell whatever it holds, the shared/ path renders from the root, and the
   * one object deleted is the Job of that environment's overlay, in its namespace.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("projects")
  void hooksDeleteOnlyTheJobOfTheOverlayAndApplyTheSharedObjectsOfOwnedClusters(
      String name, List<String> envs, String registry, @TempDir Path work) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Plan plan =
        Fixtures.plan(name, b -> registry == null ? b.envs(envs) : b.envs(envs).registry(registry));
    Path repo = work.resolve(name);
    new PlanWriter().write(plan, repo);
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path log = work.resolve("kubectl.log");
    Path fake = bin.resolve("kubectl");
    Files.writeString(
        fake,
        """
        #!/bin/sh
        for a in "$@"; do printf '%s\\n' "$a"; done >> "$HOOK_LOG"
        echo '--' >> "$HOOK_LOG"
        if [ "$1" = apply ] && [ "$2" = -k ]; then exec "$REAL_KUBECTL" kustomize "$3" > /dev/null; fi
        """);
    fake.toFile().setExecutable(true);
    String context = "kind-my cluster";
    Map<String, Object> config = yaml(plan.file("skaffold.yaml").text());

    for (String entry : envs) {
      String env = entry.split(":")[0];
      String namespace = name + "-" + env;
      Files.deleteIfExists(log);
      for (List<String> command : hookCommands(SkaffoldProfiles.apply(config, env))) {
        ProcessBuilder hook =
            new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        hook.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        hook.environment().put("SKAFFOLD_KUBE_CONTEXT", context);
        hook.environment().put("HOOK_LOG", log.toString());
        hook.environment().put("REAL_KUBECTL", kubectl.toString());
        Process process = hook.start();
        String output =
            new String(
                process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s hook %s: %s", env, command, output).isZero();
      }
      List<List<String>> calls = new java.util.ArrayList<>();
      List<String> current = new java.util.ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (line.equals("--")) {
          calls.add(current);
          current = new java.util.ArrayList<>();
        } else {
          current.add(line);
        }
      }
      List<String> delete =
          List.of(
              "delete",
              "job",
              name + "-driver",
              "--namespace",
              namespace,
              "--context",
              context,
              "--ignore-not-found",
              "--cascade=foreground",
              "--wait");
      boolean local =
          entry.endsWith(":local")
              || (!entry.contains(":") && List.of("dev", "local", "development").contains(env));
      List<List<String>> expected = new java.util.ArrayList<>();
      if (local) {
        expected.add(
            List.of("apply", "-k", "k8s/overlays/" + env + "/shared", "--context", context));
      }
      if (!promoted(env)) {
        // The Job's session asked first; this kubectl answers nothing (no Job): it is deleted.
        expected.add(
            List.of(
                "--namespace",
                namespace,
                "--context",
                context,
                "get",
                "job",
                name + "-driver",
                "--ignore-not-found",
                "-o",
                "jsonpath={.metadata.labels.skaffold\\.dev/run-id}"));
        expected.add(
            List.of(
                "--namespace",
                namespace,
                "--context",
                context,
                "delete",
                "job",
                name + "-driver",
                "--ignore-not-found",
                "--cascade=foreground",
                "--wait"));
      }
      if (promoted(env)) {
        expected.add(
            List.of(
                "get",
                "job",
                name + "-driver",
                "--namespace",
                namespace,
                "--context",
                context,
                "--ignore-not-found",
                "-o",
                "jsonpath={.status.active}"));
        expected.add(delete);
      }
      assertThat(calls)
          .as("kubectl calls of the %s hooks", env)
          .containsExactlyElementsOf(expected);

      // The Job the hook deletes is the one skaffold deploys: same name, same namespace.
      String rendered =
          ExternalTools.run(repo, kubectl.toString(), "kustomize", "k8s/overlays/" + env)
              .assertSuccess("kubectl kustomize k8s/overlays/" + env)
              .stdout();
      List<Map<String, Object>> jobs = new java.util.ArrayList<>();
      new Load(LoadSettings.builder().build())
          .loadAllFromString(rendered)
          .forEach(
              d -> {
                if (d != null && "Job".equals(cast(d).get("kind"))) {
                  jobs.add(cast(d));
                }
              });
      assertThat(jobs)
          .singleElement()
          .satisfies(
              job -> {
                assertThat(at(job, "metadata.name")).isEqualTo(name + "-driver");
                assertThat(at(job, "metadata.namespace")).isEqualTo(namespace);
              });
    }
  }

  @SuppressWarnings("unchecked")
  static List<List<String>> hookCommands(Map<String, Object> config) {
    return hookCommands(config, "before");
  }

  @SuppressWarnings("unchecked")
  static List<List<String>> hookCommands(Map<String, Object> config, String when) {
    Object before = at(config, "deploy.kubectl.hooks." + when);
    if (before == null) {
      return List.of();
    }
    return ((List<?>) before)
        .stream().map(h -> (List<String>) at(cast(h), "host.command")).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void generatorRootConfigIsValidWithEveryProfile() throws IOException {
    Path root = Path.of(System.getProperty("sparkgen.root", "."));
    Map<String, Object> config = yaml(Files.readString(root.resolve("skaffold.yaml")));

    assertThat(JsonSchemas.validate(SCHEMA, config)).isEmpty();
    for (String profile : profileNames(config)) {
      assertThat(JsonSchemas.validate(SCHEMA, SkaffoldProfiles.apply(config, profile)))
          .as(profile)
          .isEmpty();
    }
    assertThat(at(config, "build.artifacts"))
        .asList()
        .singleElement()
        .satisfies(
            a ->
                assertThat(at(cast(a), "custom.dependencies.paths"))
                    .asList()
                    .contains("archetypes", "kustomize-base"));
    String buildCommand =
        (String) at(cast(((List<?>) at(config, "build.artifacts")).get(0)), "custom.buildCommand");
    assertThat(root.resolve(buildCommand)).isExecutable();

    // The same hooks as a job repository's, on the demo the build regenerates (`sparkgen new
    // demo`).
    assertThat(withoutComments(Files.readString(root.resolve("skaffold.yaml"))))
        .doesNotContain("--force");
    Plan demo = Fixtures.plan("demo", b -> b);
    Map<String, Object> generated = yaml(demo.file("skaffold.yaml").text());
    for (String profile : profileNames(config)) {
      Map<String, Object> applied = SkaffoldProfiles.apply(config, profile);
      assertThat(at(applied, "deploy.kubectl.flags")).as(profile).isNull();
      List<String> expected =
          hookCommands(SkaffoldProfiles.apply(generated, profile)).stream()
              .map(
                  c ->
                      String.join(" ", c)
                          .replace(" k8s/overlays/", " target/skaffold-demo/k8s/overlays/"))
              .toList();
      assertThat(hookCommands(applied).stream().map(c -> String.join(" ", c)).toList())
          .as(profile)
          .isEqualTo(expected);
      assertThat(at(applied, "manifests.hooks"))
          .as(profile + ": post-render hooks")
          .isEqualTo(at(SkaffoldProfiles.apply(generated, profile), "manifests.hooks"));
      assertThat(hookCommands(applied, "after"))
          .as(profile + ": after-deploy hooks")
          .isEqualTo(hookCommands(SkaffoldProfiles.apply(generated, profile), "after"));
      // The demo's object names and namespaces are written out here: they must be the generated
      // ones.
      assertThat(forwards(applied))
          .as("port forwards of %s", profile)
          .isEqualTo(forwards(SkaffoldProfiles.apply(generated, profile)));
      for (String path : (List<String>) at(applied, "manifests.kustomize.paths")) {
        String inDemo = path.replace("target/skaffold-demo/", "");
        assertThat(demo.files())
            .as(profile)
            .containsKey(inDemo + "/kustomization.yaml")
            .containsKey(inDemo + "/shared/kustomization.yaml");
      }
    }
  }

  static String withoutComments(String yaml) {
    return yaml.lines()
        .filter(l -> !l.strip().startsWith("#"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  static Map<String, Object> yaml(String text) {
    return cast(new Load(LoadSettings.builder().build()).loadFromString(text));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  static List<String> profileNames(Map<String, Object> config) {
    return ((List<?>) config.get("profiles"))
        .stream().map(p -> (String) cast(p).get("name")).toList();
  }

  static List<String> forwards(Map<String, Object> config) {
    return ((List<?>) config.get("portForward"))
        .stream()
            .map(SkaffoldConfigTest::cast)
            .map(f -> f.get("namespace") + "/" + f.get("resourceName") + ":" + f.get("port"))
            .toList();
  }

  private static Map<String, Object> withoutProfiles(Map<String, Object> config) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(config);
    copy.remove("profiles");
    return copy;
  }
}
