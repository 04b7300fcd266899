package dev.sparkgen.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rendered objects rely on that depends on the API server's version: from which minor
 * version each feature is on by default, and what an older server does with the objects. The one
 * table of these facts; doctor reports each feature the overlay and its shared/ render.
 *
 * <p>Versions from the feature gates in kubernetes/kubernetes {@code
 * pkg/features/versioned_kube_features.go} (commit 0021731de5897e81f1d576a134db15c7c301eeff:
 * JobPodFailurePolicy and PodDisruptionConditions alpha 1.25, beta on by default 1.26, GA 1.31;
 * JobPodReplacementPolicy alpha 1.28, beta on by default 1.29; SidecarContainers alpha 1.28, beta
 * on by default 1.29) and the Kubernetes documentation: podReplacementPolicy GA in 1.34
 * (kubernetes.io/blog/2025/09/05/kubernetes-v1-34-pod-replacement-policy-for-jobs-goes-ga), its
 * default Failed with a podFailurePolicy
 * (kubernetes.io/blog/2023/08/21/kubernetes-1-28-jobapi-update: without it, "when a pod enters a
 * terminating state ... Kubernetes immediately creates a replacement Pod"); sidecar containers GA
 * in 1.33 (docs/concepts/workloads/pods/sidecar-containers); CronJob timeZone alpha 1.24, beta
 * 1.25, GA 1.27 (kubernetes/enhancements#3140); ttlSecondsAfterFinished beta on by default 1.21, GA
 * 1.23 (KEP-592, docs/concepts/workloads/controllers/ttlafterfinished); Pod Security admission beta
 * on by default 1.23, GA 1.25 (docs/concepts/security/pod-security-admission).
 */
final class ServerFeatures {

  private ServerFeatures() {}

  /**
   * One feature: {@code since} the minor version from which it is on by default; {@code used} what
   * of the rendered objects relies on it (empty when nothing does); {@code older} what happens on a
   * server before {@code since}, given that use.
   */
  record Feature(
      String name,
      int since,
      String stages,
      Function<List<KubeObject>, Optional<String>> used,
      Function<String, String> older) {}

  static final List<Feature> ALL =
      List.of(
          new Feature(
              "podFailurePolicy",
              26,
              "beta 1.26, GA 1.31",
              objects -> jobs(objects, s -> s.get("podFailurePolicy") != null),
              use ->
                  "the API server ignores (1.25) or refuses (older) "
                      + use
                      + "'s podFailurePolicy, and sets no DisruptionTarget condition: a driver"
                      + " lost to a drain, preemption or eviction uses up one of backoffLimit's"
                      + " retries"),
          new Feature(
              "podReplacementPolicy Failed",
              29,
              "beta 1.29, GA 1.34; the default with a podFailurePolicy",
              objects ->
                  jobs(
                      objects,
                      s ->
                          s.get("podFailurePolicy") != null
                              || "Failed".equals(s.get("podReplacementPolicy"))),
              use ->
                  "a replacement of "
                      + use
                      + "'s driver starts as soon as the old pod is terminating, not once it has"
                      + " terminated: for up to its terminationGracePeriodSeconds two drivers of one"
                      + " Job run at once"),
          new Feature(
              "native sidecars",
              29,
              "beta 1.29, GA 1.33",
              ServerFeatures::sidecars,
              use ->
                  "the API server ignores (1.28) or refuses (older) restartPolicy: Always of "
                      + use
                      + ": it runs as a plain init container, and the pod's other containers start"
                      + " only once it has exited"),
          new Feature(
              "CronJob timeZone",
              25,
              "beta 1.25, GA 1.27",
              objects ->
                  objects.stream()
                      .filter(
                          o ->
                              o.kind().equals("CronJob")
                                  && Yaml.at(o.body(), "spec.timeZone") != null)
                      .map(KubeObject::id)
                      .findFirst(),
              use ->
                  "the API server ignores (1.24) or refuses (older) "
                      + use
                      + "'s timeZone: the schedule runs in kube-controller-manager's time zone"),
          new Feature(
              "ttlSecondsAfterFinished",
              21,
              "beta 1.21, GA 1.23",
              objects -> jobs(objects, s -> s.get("ttlSecondsAfterFinished") != null),
              use -> "finished runs of " + use + " are never cleaned up"),
          new Feature(
              "Pod Security admission",
              23,
              "beta 1.23, GA 1.25",
              objects ->
                  objects.stream()
                      .filter(
                          o ->
                              o.kind().equals("Namespace")
                                  && Yaml.map(Yaml.at(o.body(), "metadata.labels"))
                                      .containsKey("pod-security.kubernetes.io/enforce"))
                      .map(KubeObject::id)
                      .findFirst(),
              use -> use + "'s pod-security.kubernetes.io labels enforce nothing"));

  /** A row of the table: a feature the objects use, and whether this server has it. */
  record Finding(Feature feature, String use, boolean supported) {}

  /** Every feature the objects use, against the server's minor version. */
  static List<Finding> examine(List<KubeObject> objects, int serverMinor) {
    List<Finding> findings = new ArrayList<>();
    for (Feature feature : ALL) {
      feature
          .used()
          .apply(objects)
          .ifPresent(
              use -> findings.add(new Finding(feature, use, serverMinor >= feature.since())));
    }
    return findings;
  }

  /** The minor version of a gitVersion such as v1.26.15-eks-1234, or -1. */
  static int minor(String gitVersion) {
    Matcher m = Pattern.compile("^v?1\\.(\\d+)").matcher(gitVersion == null ? "" : gitVersion);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The first Job (or CronJob's job template) whose spec passes {@code test}. */
  private static Optional<String> jobs(
      List<KubeObject> objects, java.util.function.Predicate<Map<String, Object>> test) {
    for (KubeObject o : objects) {
      Object spec =
          o.kind().equals("Job")
              ? o.body().get("spec")
              : o.kind().equals("CronJob") ? Yaml.at(o.body(), "spec.jobTemplate.spec") : null;
      if (spec != null && test.test(Yaml.map(spec))) {
        return Optional.of(o.id());
      }
    }
    return Optional.empty();
  }

  /** The first init container with restartPolicy Always, in any pod spec the objects carry. */
  private static Optional<String> sidecars(List<KubeObject> objects) {
    for (KubeObject o : objects) {
      for (String path :
          List.of(
              "spec",
              "spec.template.spec",
              "template.spec",
              "spec.jobTemplate.spec.template.spec")) {
        for (Object container : Yaml.list(Yaml.at(o.body(), path + ".initContainers"))) {
          if ("Always".equals(Yaml.at(container, "restartPolicy"))) {
            return Optional.of("init container " + Yaml.at(container, "name") + " of " + o.id());
          }
        }
      }
    }
    return Optional.empty();
  }
}
