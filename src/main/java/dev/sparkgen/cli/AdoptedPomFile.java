package dev.sparkgen.cli;

import dev.sparkgen.plan.AdoptedPom;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.TemplateSource;
import dev.sparkgen.write.GitRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An adopted project's pom as a generated file, so that upgrade merges sparkgen's parts of it by
 * the same three-way rules as every generated file. What sparkgen owns in it is what adopting the
 * team's pom adds: init records that pom's blob ({@code inputs.adoptedFrom}) and the pom it wrote
 * ({@code files: pom.xml}); upgrade adopts the recorded pom again with today's sparkgen, and merges
 * the difference into the team's current pom, which keeps every edit of the team's.
 *
 * <p>A pom adopted before sparkgen recorded it has no base: its sparkgen parts are found by
 * identity (plugins by artifactId, executions by id, dependencies by groupId and artifactId,
 * properties by name), as adopting an adopted pom finds them, and the missing ones are added; that
 * pom is then recorded, and later upgrades merge three ways.
 */
final class AdoptedPomFile {

  static final String POM = MavenProject.POM;

  /**
   * Where the adopted pom is kept in the generated tree of branch sparkgen-pristine (never in the
   * work tree): that keeps its blob reachable through gc, push and clone.
   */
  static final String ADOPTED_FROM = ".sparkgen-adopted-from/pom.xml";

  final PlannedFile original;

  /** Adopted before sparkgen recorded the pom: no base, found by identity. */
  final boolean unrecorded;

  private AdoptedPomFile(PlannedFile original, boolean unrecorded) {
    this.original = original;
    this.unrecorded = unrecorded;
  }

  /** The adopted pom of {@code repo}, an adopted repository (its answers name a main class). */
  static AdoptedPomFile of(JobRepository repo) {
    Optional<String> from = repo.answers.inputs().adoptedFrom();
    if (from.isEmpty() || !repo.answers.files().containsKey(POM)) {
      PlannedFile current = repo.git.readFiles(repo.root, List.of(POM)).get(POM);
      if (current == null) {
        throw new InvalidInputException(
            "This repository was adopted by 'sparkgen init', but has no "
                + POM
                + "; restore it from git.");
      }
      return new AdoptedPomFile(current, true);
    }
    byte[] original =
        repo.git
            .blob(from.get())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "The pom sparkgen init adopted (blob "
                            + from.get()
                            + ", inputs.adoptedFrom in "
                            + Answers.FILE_NAME
                            + ") is not in this repository's git objects, so sparkgen's parts of "
                            + POM
                            + " cannot be told from yours; fetch branch "
                            + GitRepository.PRISTINE_BRANCH
                            + " from the repository where sparkgen last ran."));
    return new AdoptedPomFile(new PlannedFile(original, false), false);
  }

  /** The blob id to record as {@code inputs.adoptedFrom}. */
  String blob() {
    return original.gitBlobId();
  }

  /** The pom adopted from the recorded one by this sparkgen, for {@code spec}. */
  PlannedFile adopted(ProjectSpec spec) {
    return PlannedFile.text(AdoptedPom.adopt(original.text(), spec).text());
  }

  /** {@code plan} with the adopted pom, and an answers file that records it. */
  Plan withPom(Plan plan, ProjectSpec spec, TemplateSource templates, String version) {
    Map<String, PlannedFile> files = new TreeMap<>(plan.files());
    files.put(POM, adopted(spec));
    files.put(PlanRenderer.ANSWERS_FILE, PlanRenderer.answers(spec, templates, version, files));
    return Plan.of(files);
  }

  /** What branch sparkgen-pristine holds for {@code generated}: the adopted-from pom too. */
  Plan pristine(Plan generated) {
    return pristine(generated, original);
  }

  static Plan pristine(Plan generated, PlannedFile adoptedFrom) {
    Map<String, PlannedFile> files = new TreeMap<>(generated.files());
    files.put(ADOPTED_FROM, adoptedFrom);
    return Plan.of(files);
  }

  /** The note upgrade prints for a pom adopted before sparkgen recorded it. */
  static String unrecordedNote() {
    return "  note: "
        + POM
        + " was adopted before sparkgen recorded its parts, so they were found by identity (plugins by artifactId,"
        + " executions by id, dependencies by groupId:artifactId, properties by name) and the missing ones added;"
        + " "
        + Answers.FILE_NAME
        + " now records them, and the next upgrade merges them three ways.";
  }
}
