package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;

import java.util.Map;

/**
 * Disk, declared and bounded on every pod, the executors' included: an ephemeral-storage request
 * and limit on each container, so that a namespace LimitRange's default (ours: a 2Gi limit) never
 * decides it and the scheduler reserves what the pod uses; and the pod's size-limited emptyDirs,
 * which count against the same limit, below it. Otherwise a shuffle or a spill either gets the pod
 * evicted at a limit nobody chose or, with no limit, fills the node.
 */
final class DiskLimits {

  private DiskLimits() {}

  static void check(JobRepository repo, Environment env, Rule.Sink out) {
    env.job().podSpecs().forEach((pod, spec) -> checkPod(env, env.kustomization(), pod, spec, out));
    if (env.shared() != null) {
      String shared = env.overlay() + "/shared/kustomization.yaml";
      env.shared().podSpecs().forEach((pod, spec) -> checkPod(env, shared, pod, spec, out));
    }
  }

  private static void checkPod(
      Environment env, String file, String pod, Map<String, Object> spec, Rule.Sink out) {
    long limits = 0;
    boolean everyLimit = true;
    for (Map<String, Object> container : list(spec.get("containers"))) {
      Object request = at(container, "resources.requests.ephemeral-storage");
      Object limit = at(container, "resources.limits.ephemeral-storage");
      if (request == null || limit == null) {
        everyLimit = false;
        out.add(
            env.name(),
            file,
            pod,
            "container "
                + container.get("name")
                + " declares no ephemeral-storage "
                + (request == null && limit == null
                    ? "request or limit"
                    : request == null ? "request" : "limit")
                + ": a namespace LimitRange's default decides its disk, or nothing bounds it and a shuffle can fill the node.",
            "set resources.requests and resources.limits ephemeral-storage on the container (k8s/base/job.yaml, k8s/base/executor.yaml).");
        continue;
      }
      limits += Quantities.kubernetesMebibytes(limit);
    }
    if (!everyLimit) {
      return;
    }
    long volumes = 0;
    for (Map<String, Object> volume : list(spec.get("volumes"))) {
      Object size = at(volume, "emptyDir.sizeLimit");
      if (size != null) {
        volumes += Quantities.kubernetesMebibytes(size);
      }
    }
    if (volumes >= limits) {
      out.add(
          env.name(),
          file,
          pod,
          "its emptyDir volumes may hold "
              + Quantities.mebibytes(volumes)
              + ", not less than its containers' ephemeral-storage limits ("
              + Quantities.mebibytes(limits)
              + "), which also count its logs: the kubelet evicts the pod before a volume is full.",
          "raise the containers' ephemeral-storage limit above the volumes' sizeLimits, or lower those.");
    }
  }
}
