package dev.sparkgen.validate;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One environment of a job repository, rendered: what skaffold deploys ({@code k8s/overlays/ENV})
 * and, when the overlay has one, its long-lived objects ({@code k8s/overlays/ENV/shared}).
 *
 * @param name the overlay's directory name
 * @param overlay the overlay's path relative to the repository, e.g. {@code k8s/overlays/dev}
 * @param job the overlay rendered
 * @param shared {@code shared/} rendered, or null when there is none or it does not render
 */
public record Environment(String name, String overlay, Rendered job, Rendered shared) {

  /** The namespace the overlay deploys to: the driver Job's (or CronJob's), else any object's. */
  public String namespace() {
    return job.documents().stream()
        .sorted((a, b) -> Boolean.compare(!isDriverWorkload(a), !isDriverWorkload(b)))
        .map(d -> (String) Rendered.map(d.get("metadata")).get("namespace"))
        .filter(n -> n != null)
        .findFirst()
        .orElse(null);
  }

  private static boolean isDriverWorkload(Map<String, Object> d) {
    return "Job".equals(d.get("kind")) || "CronJob".equals(d.get("kind"));
  }

  public Properties spark() {
    return job.sparkProperties();
  }

  /** The spark-submit workload: the Job, or the CronJob of the schedule component. */
  public Optional<Map<String, Object>> driverWorkload() {
    return job.documents().stream().filter(Environment::isDriverWorkload).findFirst();
  }

  /** The file a reader edits for the overlay's objects. */
  public String kustomization() {
    return overlay + "/kustomization.yaml";
  }
}
