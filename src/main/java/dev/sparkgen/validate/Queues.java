package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.map;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A queue names the driver in the manifests and the executors in Spark's settings (components kueue
 * and yunikorn), two places a team changes by hand: executors in another queue than their driver,
 * or outside any, are admitted against another quota or none, and a run never waits as a whole.
 * Both queues at once hold the Job for Kueue and schedule its pods by YuniKorn: one admits what the
 * other does not account for.
 */
final class Queues {

  static final String ID = "queues";
  static final String KUEUE = "kueue.x-k8s.io/queue-name";
  static final String KUEUE_EXECUTORS = "spark.kubernetes.executor.label." + KUEUE;
  static final String YUNIKORN_QUEUE = "yunikorn.apache.org/queue";
  static final String YUNIKORN_EXECUTORS = "spark.kubernetes.executor.annotation." + YUNIKORN_QUEUE;

  private Queues() {}

  static void check(JobRepository repo, Environment env, Rule.Sink out) {
    Map<String, Object> workload = env.driverWorkload().orElse(null);
    if (workload == null) {
      return;
    }
    Map<String, Object> job =
        "CronJob".equals(workload.get("kind")) ? map(at(workload, "spec.jobTemplate")) : workload;
    String object = workload.get("kind") + " " + Rendered.name(workload);
    Properties spark = env.spark();
    String file = env.overlay() + "/spark.properties";

    String kueue = (String) map(at(job, "metadata.labels")).get(KUEUE);
    String kueueExecutors = spark.getProperty(KUEUE_EXECUTORS);
    if (kueue != null && !kueue.equals(kueueExecutors)) {
      out.add(
          env.name(),
          file,
          "setting " + KUEUE_EXECUTORS,
          "is "
              + (kueueExecutors == null ? "not set" : "\"" + kueueExecutors + "\"")
              + " while the "
              + object
              + " waits in Kueue's LocalQueue \""
              + kueue
              + "\", so its executors are admitted "
              + (kueueExecutors == null ? "by no queue" : "by another queue")
              + ".",
          "set " + KUEUE_EXECUTORS + "=" + kueue + ".");
    }

    Map<String, Object> pod = map(at(job, "spec.template"));
    boolean yunikornDriver = "yunikorn".equals(at(pod, "spec.schedulerName"));
    String executorScheduler =
        spark.getProperty(
            "spark.kubernetes.executor.scheduler.name",
            spark.getProperty("spark.kubernetes.scheduler.name"));
    boolean yunikornExecutors = "yunikorn".equals(executorScheduler);
    if (yunikornDriver != yunikornExecutors) {
      out.add(
          env.name(),
          file,
          "setting spark.kubernetes.scheduler.name",
          yunikornDriver
              ? "does not name yunikorn while the driver's pod does: the executors would wait outside YuniKorn's queue."
              : "names yunikorn while the driver's pod does not: the driver would be scheduled outside YuniKorn's queue.",
          "switch on component yunikorn, which sets both, or neither.");
    } else if (yunikornDriver) {
      String queue = (String) map(at(pod, "metadata.annotations")).get(YUNIKORN_QUEUE);
      String executors = spark.getProperty(YUNIKORN_EXECUTORS);
      if (!Objects.equals(queue, executors)) {
        out.add(
            env.name(),
            file,
            "setting " + YUNIKORN_EXECUTORS,
            "is "
                + (executors == null ? "not set" : "\"" + executors + "\"")
                + " while the driver waits in YuniKorn's queue "
                + (queue == null ? "of its namespace" : "\"" + queue + "\"")
                + ": a run's pods belong in one queue.",
            queue == null
                ? "annotate the driver's pod with " + YUNIKORN_QUEUE + " too."
                : "set " + YUNIKORN_EXECUTORS + "=" + queue + ".");
      }
    }

    if (kueue != null && (yunikornDriver || yunikornExecutors)) {
      out.add(
          env.name(),
          env.kustomization(),
          "components: kueue, yunikorn",
          "are both on: Kueue admits the Job against its quota while YuniKorn schedules the pods against another.",
          "keep the one queue your cluster runs.");
    }
  }
}
