package dev.sparkgen.skaffold;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.k8s.Render;
import dev.sparkgen.spec.BoundedYaml;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hundred settings changes in one {@code skaffold dev} session, and a hundred {@code skaffold run
 * -p prod}, leave the same number of ConfigMaps in the namespace, within its quota, and stopping
 * {@code skaffold dev} leaves only what shared/ owns. Seen on a real skaffold 2.15: each change
 * left the previous hash-suffixed ConfigMap, still there after Ctrl-C, and about 14 changes
 * exhausted the quota of 20.
 *
 * <p>Every version of the overlay is rendered by a real {@code kubectl kustomize}; the generated
 * skaffold.yaml's after-deploy hook runs as the real shell command it is, against a kubectl that
 * answers from the model of the namespace. What the model does is skaffold's, read from its source
 * (GoogleContainerTools/skaffold at 359a940c1b26e9aecfad508c1e87a679ec86e49b, the same at v2.15.0):
 *
 * <ul>
 *   <li>deploy (pkg/skaffold/deploy/deploy_mux.go, {@code Deploy}): the before-deploy hooks, then
 *       the kubectl deployer, then the after-deploy hooks;
 *   <li>apply (pkg/skaffold/deploy/kubectl/cli.go, {@code Apply}, and
 *       pkg/skaffold/kubernetes/manifest/manifests.go, {@code Diff}): only the objects whose
 *       manifest differs from the previous apply of the same session are applied; nothing is
 *       pruned, so objects accumulate by kind and name;
 *   <li>cleanup when {@code skaffold dev} stops (cmd/skaffold/app/cmd/dev.go and
 *       pkg/skaffold/deploy/kubectl/kubectl.go, {@code Cleanup}): {@code kubectl delete} of the
 *       manifests of the last deploy, nothing else.
 * </ul>
 */
@Tag("slow")
class SkaffoldNothingPilesUpTest {

  private static final String APP = "demo";
  private static final int CHANGES = 100;

  @TempDir Path work;
  private Path kubectl;
  private Path repo;
  private Path state;

  /** The namespace: kind/name to object. */
  private final Map<String, Map<String, Object>> namespace = new LinkedHashMap<>();

  @BeforeEach
  void generate() throws Exception {
    kubectl = ExternalTools.require("kubectl");
    repo = work.resolve(APP);
    new PlanWriter().write(Fixtures.plan(APP, b -> b), repo);
    state = Files.createDirectories(work.resolve("kubectl-state"));
    Path fakeBin = Files.createDirectories(work.resolve("bin"));
    // The hook's kubectl, answering from the model: what `get` prints is what the real kubectl
    // prints for the objects the model holds (below); every call is logged.
    Path fake = fakeBin.resolve("kubectl");
    Files.writeString(
        fake,
        """
        #!/bin/sh
        echo "$*" >> "$STATE/calls"
        while [ "$1" = --namespace ] || [ "$1" = --context ]; do shift 2; done
        case "$1 $2" in
          "get jobs,cronjobs") cat "$STATE/used" ;;
          "get configmaps") cat "$STATE/configmaps" ;;
          "delete configmap/"*) echo "${2#configmap/}" >> "$STATE/deleted" ;;
          "apply -k") echo "$3" >> "$STATE/applied-k" ;;
          "get job") cat "$STATE/job-run-id" ;;
          "diff -f") cp "$3" "$STATE/diffed"; exit "$(cat "$STATE/diff-exit")" ;;
          "delete job") echo "$3" >> "$STATE/job-deleted" ;;
          *) echo "unexpected kubectl $*" >&2; exit 9 ;;
        esac
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aHundredSettingsChangesInOneDevSessionKeepTheConfigMapsConstantAndStoppingLeavesShared()
      throws Exception {
    String env = "dev";
    Rendered shared = Render.kustomize(kubectl, repo.resolve("k8s/overlays/dev/shared"));
    int quota =
        Integer.parseInt(
            String.valueOf(
                at(shared.one("ResourceQuota", APP + "-quota"), "spec.hard.configmaps")));
    String afterHook = afterDeployHook(env);

    List<Map<String, Object>> previousApply = null;
    List<Map<String, Object>> lastRender = List.of();
    Integer jobConfigMaps = null;
    for (int change = 0; change <= CHANGES; change++) {
      if (change > 0) {
        Files.writeString(
            repo.resolve("k8s/overlays/dev/spark.properties"),
            "spark.sparkgen.test.change=" + change + "\n",
            java.nio.file.StandardOpenOption.APPEND);
      }
      // Every tenth change a code change too: a new image tag, the ConfigMaps as they were.
      String tag = "tag-" + (change / 10);
      lastRender = render(env, tag);
      previousApply = deploy(env, shared, lastRender, previousApply, "session-1");
      runAfterHook(afterHook);
      assertThat(Files.readAllLines(state.resolve("job-deleted")))
          .as("change %d changed the Job: the before-deploy hook deleted it", change)
          .containsExactly(APP + "-driver");

      assertThat(namespace)
          .as("change %d: the Job is there again", change)
          .containsKey("Job/" + APP + "-driver");
      assertThat(configMapsNamedByJobs())
          .as("change %d: every ConfigMap the Job names exists", change)
          .isSubsetOf(configMapNames());
      int mine = jobConfigMapNames().size();
      if (jobConfigMaps == null) {
        jobConfigMaps = mine;
      }
      assertThat(mine).as("change %d: the job's ConfigMaps", change).isEqualTo(jobConfigMaps);
      // kube-root-ca.crt, which Kubernetes puts in every namespace, and one to spare (Spark
      // creates none: spark.kubernetes.executor.disableConfigMap, SparkOnKubernetesIT): the rest
      // is the model's.
      assertThat(configMapNames().size() + 2)
          .as("change %d: ConfigMaps within the quota of %d", change, quota)
          .isLessThanOrEqualTo(quota);
    }
    assertThat(jobConfigMaps).isEqualTo(4);

    // Ctrl-C: skaffold deletes what the last deploy contained.
    for (Map<String, Object> document : lastRender) {
      namespace.remove(key(document));
    }
    assertThat(namespace.keySet())
        .as("after skaffold dev stops, only what shared/ owns")
        .containsExactlyInAnyOrderElementsOf(
            shared.documents().stream().map(SkaffoldNothingPilesUpTest::key).toList());
  }

  @Test
  void aHundredPromotionsWithChangedSettingsKeepTheConfigMapsConstant() throws Exception {
    String env = "prod";
    Rendered shared = Render.kustomize(kubectl, repo.resolve("k8s/overlays/prod/shared"));
    shared.documents().forEach(this::put);
    String afterHook = afterDeployHook(env);
    Integer jobConfigMaps = null;
    for (int run = 0; run <= CHANGES; run++) {
      Files.writeString(
          repo.resolve("k8s/overlays/prod/spark.properties"),
          "spark.sparkgen.test.run=" + run + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      // Each `skaffold run` is a new process: nothing of the previous apply is remembered.
      List<Map<String, Object>> render = render(env, "release-" + run);
      namespace.remove("Job/" + APP + "-driver");
      apply(null, render);
      runAfterHook(afterHook);
      assertThat(configMapsNamedByJobs()).isSubsetOf(configMapNames());
      int mine = jobConfigMapNames().size();
      if (jobConfigMaps == null) {
        jobConfigMaps = mine;
      }
      assertThat(mine).as("run %d: the job's ConfigMaps", run).isEqualTo(jobConfigMaps);
    }
    assertThat(jobConfigMaps).isEqualTo(4);
    String calls = Files.readString(state.resolve("calls"));
    assertThat(calls)
        .contains("get configmaps -l sparkgen.dev/job-config,app.kubernetes.io/name=" + APP)
        .contains("--namespace " + APP + "-prod");
  }

  /**
   * Seen before: touching kustomization.yaml redeployed, the before-deploy hook deleted the Job,
   * and skaffold, which applies only what changed in the session, never applied it again: the job
   * was gone until the next real change. Now a deploy that leaves the Job as it was keeps it (and
   * does not run it again), a changed Job is replaced, and a new session runs it again.
   */
  @Test
  void aSaveThatLeavesTheJobAsItWasKeepsItAndANewSessionRunsItAgain() throws Exception {
    String env = "dev";
    Rendered shared = Render.kustomize(kubectl, repo.resolve("k8s/overlays/dev/shared"));
    String job = "Job/" + APP + "-driver";

    List<Map<String, Object>> before = render(env, "tag-0");
    List<Map<String, Object>> previous = deploy(env, shared, before, null, "session-1");
    assertThat(jobRuns).isEqualTo(1);
    Map<String, Object> first = namespace.get(job);

    // kustomization.yaml saved unchanged: the same manifests.
    Path kustomization = repo.resolve("k8s/overlays/dev/kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization) + "# saved again\n");
    previous = deploy(env, shared, render(env, "tag-0"), previous, "session-1");
    assertThat(namespace.get(job)).as("the Job after an unchanged save").isSameAs(first);
    assertThat(state.resolve("job-deleted")).doesNotExist();

    // A NetworkPolicy edited: skaffold applies it, the Job stays as it was.
    Path policies = repo.resolve("k8s/base/networkpolicy.yaml");
    Files.writeString(
        policies,
        Files.readString(policies)
            .replaceFirst("metadata:\n", "metadata:\n  annotations:\n    team: edited\n"));
    List<Map<String, Object>> edited = render(env, "tag-0");
    assertThat(edited).isNotEqualTo(before);
    previous = deploy(env, shared, edited, previous, "session-1");
    assertThat(namespace.get(job)).as("the Job after a NetworkPolicy edit").isSameAs(first);
    assertThat(jobRuns).isEqualTo(1);

    // Code saved: a new tag, a changed Job, replaced and run again.
    previous = deploy(env, shared, render(env, "tag-1"), previous, "session-1");
    assertThat(Files.readAllLines(state.resolve("job-deleted"))).containsExactly(APP + "-driver");
    assertThat(jobRuns).isEqualTo(2);
    assertThat(namespace).containsKey(job);

    // skaffold dev started again, nothing changed: the job runs again, as it always did.
    deploy(env, shared, render(env, "tag-1"), null, "session-2");
    assertThat(Files.readAllLines(state.resolve("job-deleted"))).containsExactly(APP + "-driver");
    assertThat(jobRuns).isEqualTo(3);
    assertThat(namespace).containsKey(job);
  }

  /** How many times the Job was created, that is how many times the job ran. */
  private int jobRuns;

  /**
   * One deploy as skaffold does it: the post-render hooks given the rendered manifests on stdin,
   * the before-deploy hooks (against the model), the apply of what changed in the session, each
   * object labelled with the session's run id (pkg/skaffold/kubernetes/manifest/labels.go; a Job's
   * pod template is left alone, TransformDenylist in visitor.go).
   */
  private List<Map<String, Object>> deploy(
      String env,
      Rendered shared,
      List<Map<String, Object>> rendered,
      List<Map<String, Object>> previous,
      String runId)
      throws Exception {
    Map<String, Object> config =
        SkaffoldProfiles.apply(
            map(BoundedYaml.load(Files.readString(repo.resolve("skaffold.yaml")))), env);
    Path stdin = work.resolve("rendered.yaml");
    Files.writeString(stdin, renderedText.get(rendered));
    for (Object hook :
        at(config, "manifests.hooks.after") instanceof List<?> hooks ? hooks : List.of()) {
      runHook(hook, Map.of(), stdin, "a post-render hook");
    }
    Map<String, Object> renderedJob =
        rendered.stream().filter(d -> "Job".equals(d.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> live = namespace.get(key(renderedJob));
    Files.writeString(
        state.resolve("job-run-id"), live == null ? "" : String.valueOf(runIdOf(live)));
    // The API server's answer to kubectl diff: a Job's pod template is immutable.
    int diffExit =
        live == null
            ? 1
            : !Objects.equals(at(live, "spec.template"), at(renderedJob, "spec.template"))
                ? 2
                : labelled(renderedJob, runIdOf(live)).equals(live) ? 0 : 1;
    Files.writeString(state.resolve("diff-exit"), String.valueOf(diffExit));
    Files.deleteIfExists(state.resolve("job-deleted"));
    Files.deleteIfExists(state.resolve("diffed"));
    Files.deleteIfExists(state.resolve("applied-k"));
    for (Object hook : (List<?>) at(config, "deploy.kubectl.hooks.before")) {
      runHook(hook, Map.of("SKAFFOLD_RUN_ID", runId), null, "a before-deploy hook");
    }
    if (Files.exists(state.resolve("applied-k"))) {
      assertThat(Files.readAllLines(state.resolve("applied-k")))
          .containsExactly("k8s/overlays/" + env + "/shared");
      shared.documents().forEach(this::put);
    }
    if (Files.exists(state.resolve("diffed"))) {
      assertThat(Rendered.parse(Files.readString(state.resolve("diffed"))).documents())
          .as("what the hook asked the API server about: the rendered Job, tag included")
          .containsExactly(renderedJob);
    }
    if (Files.exists(state.resolve("job-deleted"))) {
      namespace.remove(key(renderedJob));
    }
    List<Map<String, Object>> labelled = rendered.stream().map(d -> labelled(d, runId)).toList();
    for (Map<String, Object> manifest : labelled) {
      if (previous == null || !previous.contains(manifest)) {
        if ("Job".equals(manifest.get("kind")) && !namespace.containsKey(key(manifest))) {
          jobRuns++;
        }
        assertThat(
                "Job".equals(manifest.get("kind"))
                    && namespace.containsKey(key(manifest))
                    && !Objects.equals(
                        at(namespace.get(key(manifest)), "spec.template"),
                        at(manifest, "spec.template")))
            .as("kubectl apply of a Job whose pod template changed is refused")
            .isFalse();
        put(manifest);
      }
    }
    return labelled;
  }

  private static Object runIdOf(Map<String, Object> document) {
    return at(document, "metadata.labels") instanceof Map<?, ?> labels
        ? labels.get("skaffold.dev/run-id")
        : null;
  }

  /** The manifest as skaffold applies it: its own labels and the session's run id. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> labelled(Map<String, Object> document, Object runId) {
    Map<String, Object> copy = (Map<String, Object>) copy(document);
    Map<String, Object> metadata = (Map<String, Object>) copy.get("metadata");
    Map<String, Object> labels =
        new LinkedHashMap<>((Map<String, Object>) metadata.getOrDefault("labels", Map.of()));
    labels.put("skaffold.dev/run-id", runId);
    metadata.put("labels", labels);
    return copy;
  }

  private static Object copy(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(k, copy(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(SkaffoldNothingPilesUpTest::copy).toList());
    }
    return node;
  }

  private void runHook(Object hook, Map<String, String> env, Path stdin, String what)
      throws Exception {
    List<String> command =
        ((List<?>) at(hook, "host.command")).stream().map(String::valueOf).toList();
    assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
    Map<String, String> environment = new LinkedHashMap<>(env);
    environment.put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
    environment.put("STATE", state.toString());
    environment.put("SKAFFOLD_KUBE_CONTEXT", "kind-dev");
    environment.put("HOOK", command.get(2));
    environment.put("STDIN", stdin == null ? "/dev/null" : stdin.toString());
    ExternalTools.run(repo, environment, "sh", "-c", "sh -c \"$HOOK\" < \"$STDIN\"")
        .assertSuccess(what);
  }

  /** The text of each render, as skaffold gives it to the post-render hooks. */
  private final Map<List<Map<String, Object>>, String> renderedText =
      new java.util.IdentityHashMap<>();

  /** The overlay as skaffold renders it: kubectl kustomize, then the built tag on the image. */
  private List<Map<String, Object>> render(String env, String tag) {
    Rendered rendered = Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env));
    String text =
        rendered.text().replace("image: " + APP + "\n", "image: " + APP + ":" + tag + "\n");
    List<Map<String, Object>> documents = Rendered.parse(text).documents();
    renderedText.put(documents, text);
    return documents;
  }

  /** skaffold's kubectl apply: what differs from the previous apply of the session. */
  private List<Map<String, Object>> apply(
      List<Map<String, Object>> previous, List<Map<String, Object>> manifests) {
    for (Map<String, Object> manifest : manifests) {
      if (previous == null || !previous.contains(manifest)) {
        put(manifest);
      }
    }
    return manifests;
  }

  private void put(Map<String, Object> document) {
    namespace.put(key(document), document);
  }

  private static String key(Map<String, Object> document) {
    return document.get("kind") + "/" + Rendered.name(document);
  }

  private String afterDeployHook(String env) throws Exception {
    Map<String, Object> config =
        SkaffoldProfiles.apply(
            map(BoundedYaml.load(Files.readString(repo.resolve("skaffold.yaml")))), env);
    List<?> after = (List<?>) at(config, "deploy.kubectl.hooks.after");
    assertThat(after).hasSize(1);
    List<String> command =
        ((List<?>) at(after.get(0), "host.command")).stream().map(String::valueOf).toList();
    assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
    return command.get(2);
  }

  /** Runs the hook's own command, as skaffold does, against the model. */
  private void runAfterHook(String command) throws Exception {
    Files.writeString(state.resolve("used"), String.join(" ", configMapsNamedByJobs()));
    Files.writeString(
        state.resolve("configmaps"),
        String.join("\n", jobConfigMapNames().stream().map(n -> "configmap/" + n).toList()));
    Files.deleteIfExists(state.resolve("deleted"));
    ExternalTools.run(
            repo,
            Map.of(
                "PATH",
                work.resolve("bin") + ":" + System.getenv("PATH"),
                "STATE",
                state.toString(),
                "SKAFFOLD_KUBE_CONTEXT",
                "kind-dev"),
            "sh",
            "-c",
            command)
        .assertSuccess("the after-deploy hook");
    if (Files.exists(state.resolve("deleted"))) {
      for (String name : Files.readAllLines(state.resolve("deleted"))) {
        assertThat(namespace.remove("ConfigMap/" + name)).as("deleted %s", name).isNotNull();
      }
    }
  }

  private Set<String> configMapNames() {
    Set<String> names = new TreeSet<>();
    namespace.keySet().stream()
        .filter(k -> k.startsWith("ConfigMap/"))
        .forEach(k -> names.add(k.substring("ConfigMap/".length())));
    return names;
  }

  /** The ConfigMaps the hook may delete: labelled as the job's, of this application. */
  private List<String> jobConfigMapNames() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> document : namespace.values()) {
      Object labels = at(document, "metadata.labels");
      if ("ConfigMap".equals(document.get("kind"))
          && labels instanceof Map<?, ?> l
          && l.containsKey("sparkgen.dev/job-config")
          && APP.equals(l.get("app.kubernetes.io/name"))) {
        names.add(Rendered.name(document));
      }
    }
    return names;
  }

  /**
   * What {@code kubectl get jobs,cronjobs -l app.kubernetes.io/name=APP -o
   * jsonpath="{..configMap.name} {..configMapKeyRef.name}"} prints: every such name anywhere in
   * them.
   */
  private Set<String> configMapsNamedByJobs() {
    Set<String> names = new HashSet<>();
    for (Map<String, Object> document : namespace.values()) {
      Object labels = at(document, "metadata.labels");
      if (("Job".equals(document.get("kind")) || "CronJob".equals(document.get("kind")))
          && labels instanceof Map<?, ?> l
          && APP.equals(l.get("app.kubernetes.io/name"))) {
        collect(document, names);
      }
    }
    return names;
  }

  private static void collect(Object node, Set<String> names) {
    if (node instanceof Map<?, ?> m) {
      for (String field : List.of("configMap", "configMapKeyRef")) {
        if (m.get(field) instanceof Map<?, ?> ref && ref.get("name") instanceof String name) {
          names.add(name);
        }
      }
      m.values().forEach(v -> collect(v, names));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, names));
    }
  }
}
