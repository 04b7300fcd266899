package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.TemplateSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a spec and an archetype into a {@link Plan}. Pure: no disk, no clock, no environment;
 * the same inputs give the same plan byte for byte.
 *
 * <p>The plan is the sum of small contributors, in order: the archetype's files
 * ({@link ArchetypeFiles}, the template rules are there), the Kustomize base under
 * {@code k8s/base/} ({@link KustomizeBase}), and last the answers file, which records the others
 * ({@link AnswersFile}).
 */
public final class PlanRenderer {

  public static final String ANSWERS_FILE = Answers.FILE_NAME;

  private final List<PlanContributor> contributors;

  public PlanRenderer(String generatorVersion) {
    this.contributors = List.of(new ArchetypeFiles(generatorVersion), new KustomizeBase(), new AnswersFile(generatorVersion));
  }

  public Plan render(ProjectSpec spec, Archetype archetype) {
    Map<String, PlannedFile> files = new TreeMap<>();
    contributors.forEach(contributor -> contributor.contribute(spec, archetype, files));
    return Plan.of(files);
  }

  /**
   * The answers file for {@code spec} recording {@code files} as generated: for add-env, whose
   * repository keeps the files it does not touch as an earlier generator version made them.
   */
  public static PlannedFile answers(ProjectSpec spec, TemplateSource templates, String generatorVersion,
      Map<String, PlannedFile> files) {
    Map<String, PlannedFile> generated = new TreeMap<>(files);
    generated.remove(ANSWERS_FILE);
    return PlannedFile.text(AnswersFile.render(spec, templates, generatorVersion, generated));
  }

}
