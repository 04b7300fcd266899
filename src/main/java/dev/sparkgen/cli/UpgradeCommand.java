package dev.sparkgen.cli;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.plan.ThreeWayMerge;
import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen upgrade}: brings a job repository to the current templates, keeping the team's
 * edits.
 */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Re-renders the repository with this sparkgen (and changed answers, if given) and merges three ways: "
          + "what was generated last time (read back from git), what is generated now, and the repository's files.",
      "Conflicts get <<<<<<< markers and are listed (exit code 1); files you deleted stay deleted, files you added "
          + "and team-owned files are never touched; the answers file is written last. Offline."
    })
final class UpgradeCommand implements Callable<Integer> {

  @Option(
      names = "--dry-run",
      description = "Print a unified diff of everything that would change; write nothing.")
  boolean dryRun;

  @Option(
      names = "--spark",
      paramLabel = "VERSION",
      description = "Move to another Spark release, e.g. 4.2 or 3.5.8.")
  String spark;

  @Mixin RepositoryOptions repository;

  @Option(
      names = "--object-store",
      paramLabel = "s3a|gcs[,...]|none",
      description =
          "Change the object stores whose connectors the image gets (replaces the recorded list; 'none' removes them).")
  List<String> objectStores;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    // A dry run writes nothing, so it may run on uncommitted changes.
    try (JobRepository repo = repository.open("upgrade", dryRun)) {
      ArchetypeCatalog catalog = repository.catalog(repo);
      SpecBuilder builder = repo.answers.specBuilder();
      if (spark != null) {
        builder.spark(spark);
      }
      if (objectStores != null) {
        builder.objectStores(NewCommand.commaSeparated(objectStores));
      }
      // An adopted project's pom: sparkgen's parts of it are merged as a generated file.
      AdoptedPomFile pom =
          repo.answers.inputs().mainClass().isPresent() ? AdoptedPomFile.of(repo) : null;
      if (pom != null) {
        builder.adoptedFrom(pom.blob());
      }
      ProjectSpec spec = builder.build(catalog.descriptors());
      var archetype = catalog.load(spec.archetypeId());
      Plan next = new PlanRenderer(VersionProvider.version()).render(spec, archetype);
      if (pom != null) {
        next = pom.withPom(next, spec, archetype.source(), VersionProvider.version());
      }

      Set<String> paths = new TreeSet<>(repo.answers.files().keySet());
      paths.addAll(next.files().keySet());
      Map<String, PlannedFile> current = repo.git.readFiles(repo.root, paths);
      Map<String, PlannedFile> base = new TreeMap<>(repo.generated(current));
      if (pom != null && pom.unrecorded) {
        // No recorded base: the pom as it is, so that what adopting it again adds is an update.
        base.put(AdoptedPomFile.POM, current.get(AdoptedPomFile.POM));
      }
      ArchetypeDescriptor descriptor = archetype.descriptor();
      Changes changes =
          ThreeWayMerge.changes(base, next, current, descriptor::policyOf, paths, repo.uncommitted);
      List<String> needsAction = new ArrayList<>();
      changes = RemovedApiSources.withRewrites(repo, changes, needsAction);

      PrintWriter out = commandSpec.commandLine().getOut();
      if (dryRun && changes.writes().isEmpty()) {
        out.printf(
            "Already up to date with sparkgen %s; nothing would change.%n",
            VersionProvider.version());
        JobRepository.report(out, changes);
        notes(out, pom, needsAction);
        return ExitCodes.OK;
      }
      if (dryRun) {
        out.print(changes.unifiedDiff(current));
        out.printf(
            "Would upgrade from sparkgen %s to %s (nothing written):%n",
            repo.answers.generatorVersion(), VersionProvider.version());
        JobRepository.report(out, changes);
        notes(out, pom, needsAction);
        return ExitCodes.OK;
      }
      if (changes.writes().isEmpty()) {
        out.printf("Already up to date with sparkgen %s.%n", VersionProvider.version());
        JobRepository.report(out, changes);
        notes(out, pom, needsAction);
        return ExitCodes.OK;
      }
      // The branch keeps every generated version (a merged file's must outlive this run); it moves
      // last, once the files are in place.
      repo.apply(
          changes,
          pom != null ? pom.pristine(next) : next,
          "sparkgen "
              + VersionProvider.version()
              + ": generated files of "
              + spec.name()
              + " (upgrade from "
              + repo.answers.generatorVersion()
              + ")");
      out.printf(
          "Upgraded from sparkgen %s to %s:%n",
          repo.answers.generatorVersion(), VersionProvider.version());
      JobRepository.report(out, changes);
      notes(out, pom, needsAction);
      out.println("Review with 'git diff'; undo with 'git checkout -- .' and 'git clean -fd'.");
      return JobRepository.exitCode(changes, commandSpec.commandLine().getErr());
    }
  }

  /** What the team should know beyond the files: how the pom was read, what to fix by hand. */
  private static void notes(PrintWriter out, AdoptedPomFile pom, List<String> needsAction) {
    if (pom != null && pom.unrecorded) {
      out.println(AdoptedPomFile.unrecordedNote());
    }
    needsAction.forEach(line -> out.println("  needs action: " + line));
  }
}
