package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.strings;

import java.util.Map;

/**
 * Patches of the Job that Kustomize silently drops. The schedule component copies the Job into a
 * CronJob and removes it while the overlay's components are applied; the overlay's own {@code
 * patches} run after its components, when there is no Job left to patch, and a patch whose target
 * matches nothing is no error to Kustomize. A patch in a component listed before schedule (as the
 * tier components are) does reach the CronJob.
 */
final class JobPatches {

  private JobPatches() {}

  static void check(JobRepository repo, Environment env, Rule.Sink out) {
    String file = env.kustomization();
    Object parsed;
    try {
      parsed = dev.sparkgen.spec.BoundedYaml.load(JobRepository.read(repo.root().resolve(file)));
    } catch (RuntimeException e) {
      return; // kustomize-build reports a kustomization that does not parse
    }
    Map<String, Object> kustomization = map(parsed);
    boolean scheduled =
        strings(kustomization.get("components")).stream()
            .anyMatch(c -> c.replaceAll("/+$", "").endsWith("components/schedule"));
    if (!scheduled) {
      return;
    }
    int index = 0;
    for (Map<String, Object> patch : list(kustomization.get("patches"))) {
      index++;
      Object kind = map(patch.get("target")).get("kind");
      String text = String.valueOf(patch.get("patch"));
      if ("Job".equals(kind) || (kind == null && text.contains("kind: Job"))) {
        out.add(
            env.name(),
            file,
            "patches[" + index + "]",
            "patches the Job, which the schedule component has already replaced by a CronJob when"
                + " the overlay's patches run: Kustomize drops the patch without a word, and the"
                + " scheduled runs go without it.",
            "move the patch into a component (a directory next to this file holding a"
                + " kustomization.yaml of kind: Component with the patch) and list it under"
                + " components: before schedule.");
      }
    }
  }
}
