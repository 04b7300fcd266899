package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.strings;

import dev.sparkgen.spec.BoundedYaml;
import java.util.Map;

/**
 * The schedule component and its job-to-cronjob transformer go together. The component adds the
 * CronJob; the transformer, listed under the overlay's own {@code transformers:}, copies the Job
 * into it and removes the Job after everything else the overlay does, its {@code patches} included.
 * One without the other is a CronJob that runs an empty pod template beside a Job that runs at
 * once, or a Job removed with nothing in its place; Kustomize reports neither.
 */
final class ScheduleHalves {

  static final String COMPONENT = "components/schedule";
  static final String TRANSFORMER = "components/schedule/job-to-cronjob";

  private ScheduleHalves() {}

  static void check(JobRepository repo, Environment env, Rule.Sink out) {
    String file = env.kustomization();
    Object parsed;
    try {
      parsed = BoundedYaml.load(JobRepository.read(repo.root().resolve(file)));
    } catch (RuntimeException e) {
      return; // kustomize-build reports a kustomization that does not parse
    }
    Map<String, Object> kustomization = map(parsed);
    boolean component =
        strings(kustomization.get("components")).stream().anyMatch(c -> names(c, COMPONENT));
    boolean transformer =
        strings(kustomization.get("transformers")).stream().anyMatch(t -> names(t, TRANSFORMER));
    if (component && !transformer) {
      out.add(
          env.name(),
          file,
          "components: schedule",
          "adds the CronJob, but nothing copies the Job into it: its jobs run an empty pod template,"
              + " and the Job still runs at once on every deploy.",
          "add `transformers: [../../base/components/schedule/job-to-cronjob]` to the overlay"
              + " (commented at the end of the file).");
    }
    if (transformer && !component) {
      out.add(
          env.name(),
          file,
          "transformers: schedule/job-to-cronjob",
          "removes the Job, but there is no CronJob to copy it into: nothing runs.",
          "list ../../base/components/schedule under components:, or remove the transformer.");
    }
  }

  private static boolean names(String entry, String path) {
    return entry.replaceAll("/+$", "").endsWith(path);
  }
}
