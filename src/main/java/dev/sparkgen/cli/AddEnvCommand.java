package dev.sparkgen.cli;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.plan.ThreeWayMerge;
import dev.sparkgen.spec.Answers.EnvironmentAnswer;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.spec.Tier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen add-env}: adds an environment to a job repository. Only what the new environment
 * changes is written (its overlay, its skaffold profile, the README's lines about it, the answers
 * file), merged with the team's edits; every other file stays byte for byte as it is, even if this
 * sparkgen would generate it differently (that is what upgrade is for).
 */
@Command(
    name = "add-env",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Adds an environment to this job repository: its overlay, its skaffold profile and the answers file, "
            + "merged with your edits; nothing else changes.")
final class AddEnvCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "NAME[:local|:shared]",
      description =
          "The new environment: a DNS-1123 label, optionally with where it runs (as in 'sparkgen new --envs').")
  String name;

  @Option(
      names = "--tier",
      paramLabel = "dev|staging|prod",
      description =
          "Its settings profile. Default: --like's, else from the name (prod, production: prod; dev, local, development: dev; else staging).")
  String tier;

  @Option(
      names = "--like",
      paramLabel = "ENV",
      description = "An existing environment whose tier and cluster it copies.")
  String like;

  @Mixin RepositoryOptions repository;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    try (JobRepository repo = repository.open("add-env", false)) {
      List<EnvironmentAnswer> envs = repo.answers.inputs().envs();
      int colon = name.indexOf(':');
      String envName = colon < 0 ? name : name.substring(0, colon);
      String cluster = colon < 0 ? null : name.substring(colon + 1);
      if (envs.stream().anyMatch(e -> e.name().equals(envName))) {
        throw new InvalidInputException(
            "Environment '"
                + envName
                + "' already exists in this repository ("
                + String.join(", ", envs.stream().map(EnvironmentAnswer::name).toList())
                + "); choose another name.");
      }
      EnvironmentAnswer model = null;
      if (like != null) {
        model =
            envs.stream()
                .filter(e -> e.name().equals(like))
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "--like '"
                                + like
                                + "' is not an environment of this repository; use one of "
                                + String.join(
                                    ", ", envs.stream().map(EnvironmentAnswer::name).toList())
                                + "."));
      }
      if (tier != null && !Tier.keys().contains(tier)) {
        throw new InvalidInputException(
            "--tier '"
                + tier
                + "' is not a tier; use one of "
                + String.join(", ", Tier.keys())
                + ".");
      }
      String newTier = tier != null ? tier : model != null ? model.tier() : null;
      String newCluster = cluster != null ? cluster : model != null ? model.cluster() : null;

      ArchetypeCatalog catalog = repository.catalog(repo);
      ProjectSpec before = repo.answers.specBuilder().build(catalog.descriptors());
      SpecBuilder builder = repo.answers.specBuilder();
      List<String> envSpecs =
          new ArrayList<>(envs.stream().map(e -> e.name() + ":" + e.cluster()).toList());
      envSpecs.add(newCluster == null ? envName : envName + ":" + newCluster);
      Map<String, String> tiers = new LinkedHashMap<>();
      envs.forEach(e -> tiers.put(e.name(), e.tier()));
      if (newTier != null) {
        tiers.put(envName, newTier);
      }
      ProjectSpec after = builder.envs(envSpecs).tiers(tiers).build(catalog.descriptors());

      Archetype archetype = catalog.load(after.archetypeId());
      PlanRenderer renderer = new PlanRenderer(VersionProvider.version());
      Plan without = renderer.render(before, archetype);
      Plan with = renderer.render(after, archetype);
      // What the new environment changes, by this generator's own rendering of both.
      Set<String> touched = new TreeSet<>();
      with.files()
          .forEach(
              (path, file) -> {
                if (!path.equals(PlanRenderer.ANSWERS_FILE)
                    && !Objects.equals(without.files().get(path), file)) {
                  touched.add(path);
                }
              });

      Set<String> paths = new TreeSet<>(repo.answers.files().keySet());
      paths.addAll(with.files().keySet());
      paths.add(PlanRenderer.ANSWERS_FILE);
      Map<String, PlannedFile> current = repo.git.readFiles(repo.root, paths);
      Map<String, PlannedFile> generated = repo.generated(current);
      // The repository as generated after this command: as before, plus what the new environment
      // changed.
      Map<String, PlannedFile> next = new TreeMap<>(generated);
      touched.forEach(path -> next.put(path, with.file(path)));
      next.put(
          PlanRenderer.ANSWERS_FILE,
          PlanRenderer.answers(after, archetype.source(), repo.answers.generatorVersion(), next));
      Plan nextPlan = Plan.of(next);

      Map<String, PlannedFile> base = new TreeMap<>();
      touched.forEach(
          path -> {
            if (without.files().containsKey(path)) {
              base.put(path, without.file(path));
            }
          });
      Changes changes =
          ThreeWayMerge.changes(
              base, nextPlan, current, archetype.descriptor()::policyOf, touched, repo.uncommitted);

      repo.apply(
          changes,
          nextPlan,
          "sparkgen "
              + VersionProvider.version()
              + ": generated files of "
              + after.name()
              + " (add-env "
              + envName
              + ")");
      Environment added = after.environments().get(after.environments().size() - 1);
      PrintWriter out = commandSpec.commandLine().getOut();
      out.printf(
          "Added environment %s (tier %s, %s cluster, namespace %s):%n",
          added.name(), added.tier().key(), added.cluster(), added.namespace());
      JobRepository.report(out, changes);
      out.printf(
          "Next: kubectl kustomize k8s/overlays/%s   (then: skaffold run -p %s)%n",
          added.name(), added.name());
      return JobRepository.exitCode(changes, commandSpec.commandLine().getErr());
    }
  }
}
