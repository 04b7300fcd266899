package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.StandaloneInputs;
import dev.sparkgen.spec.StandaloneMigration;
import dev.sparkgen.spec.StandaloneMigration.EnvironmentMigration;
import dev.sparkgen.spec.StandaloneMigration.Outcome;
import dev.sparkgen.spec.StandaloneMigration.Row;
import dev.sparkgen.spec.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contributes {@code MIGRATION.md} when the spec carries a Standalone migration: one table per
 * environment with every input setting once and its outcome, then the next steps.
 */
final class MigrationReport implements PlanContributor {

  static final String FILE = "MIGRATION.md";

  @Override
  public void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files) {
    spec.migration().ifPresent(m -> files.put(FILE, PlannedFile.text(render(spec, m))));
  }

  static String render(ProjectSpec spec, StandaloneMigration migration) {
    StringBuilder out = new StringBuilder();
    StandaloneInputs inputs = migration.inputs();
    List<String> sources = new ArrayList<>();
    inputs.submit().ifPresent(s -> sources.add("`" + s.file() + "` (every environment)"));
    inputs.defaults().forEach((env, s) -> sources.add("`" + s.file() + "` (" + env + ")"));
    out.append("# Coming from Spark Standalone\n\n")
        .append("sparkgen translated ")
        .append(String.join(", ", sources))
        .append(" into this repository. Each environment's\n")
        .append(
            "table lists every setting of its inputs once, in the order written, with what became of it:\n\n")
        .append(
            "- **kept**: written as it was into the environment's `k8s/overlays/<env>/spark.properties`;\n")
        .append("- **translated**: replaced by what the table says;\n")
        .append("- **dropped**: not needed on Kubernetes, for the reason given;\n")
        .append("- **needs action**: something for you to do, described there.\n\n")
        .append(
            "Files a table names are in `k8s/overlays/<env>/` unless a path says otherwise. Where one setting is given\n")
        .append(
            "twice, Spark's precedence decides: an option over `--conf` over the defaults file, a later line over an\n")
        .append("earlier one.\n");
    int actions = 0;
    for (Environment env : spec.environments()) {
      EnvironmentMigration e = migration.environments().get(env.name());
      out.append("\n## ")
          .append(env.name())
          .append("\n\n")
          .append(summary(env, e))
          .append("\n\n")
          .append("| Where | Setting | Outcome | What became of it |\n| --- | --- | --- | --- |\n");
      for (Row row : e.rows()) {
        out.append("| ")
            .append(row.setting().where())
            .append(" | ")
            .append(code(row.setting().written()))
            .append(" | ")
            .append(
                row.outcome() == Outcome.NEEDS_ACTION ? "**needs action**" : row.outcome().label())
            .append(" | ")
            .append(cell(row.detail()))
            .append(" |\n");
        actions += row.outcome() == Outcome.NEEDS_ACTION ? 1 : 0;
      }
      if (e.rows().isEmpty()) {
        out.append("| — | (no settings) | — | — |\n");
      }
    }
    out.append("\n## Next steps\n\n");
    List<String> steps = new ArrayList<>();
    steps.add(entryPoint(spec, migration));
    if (actions > 0) {
      steps.add("Work through the " + actions + " rows marked **needs action** above.");
    }
    for (Environment env : spec.environments()) {
      EnvironmentMigration e = migration.environments().get(env.name());
      e.nextSteps().forEach(step -> steps.add(env.name() + ": " + step));
      if (!e.historyServer().isEmpty()) {
        steps.add(
            env.name()
                + ": the History Server reads the event logs where the drivers write them once you switch it on in "
                + "`k8s/overlays/"
                + env.name()
                + "/shared/kustomization.yaml`, together with the commented patch that carries its settings.");
      }
    }
    steps.add(
        "Check and try it: `sparkgen validate`, then `skaffold dev` on the first environment; compare a run's results "
            + "with the Standalone job's before promoting it (`skaffold run -p <env>`).");
    steps.add(
        "Retire the Standalone submission (its cron entry or scheduler job) once the last environment runs here: two "
            + "schedulers would run the job twice.");
    for (int i = 0; i < steps.size(); i++) {
      out.append(i + 1).append(". ").append(steps.get(i)).append("\n");
    }
    return out.toString();
  }

  /**
   * Where the Job's class comes from: an adopted project's own jar, the submission's class, or the
   * overlay's setting.
   */
  private static String entryPoint(ProjectSpec spec, StandaloneMigration migration) {
    if (spec.mainClass().isPresent()) {
      return "The Job runs `"
          + spec.mainClass().get()
          + "` from this project's own jar (`target/app.jar`, "
          + "`/opt/spark/app/classpath/app.jar` in the image) with the dependencies of `pom.xml`, those from `--packages` included; "
          + "`./mvnw verify` builds and tests it, and `k8s/README.md` tells how it runs on Kubernetes.";
    }
    return migration
        .mainClass()
        .map(
            mainClass ->
                "The Job runs `"
                    + mainClass
                    + "` from the jar this repository builds: its code belongs in `src/main/java` and its "
                    + "libraries in `pom.xml`; `./mvnw verify` builds and tests it.")
        .orElse(
            "The Job runs the class in `main-class` of each overlay's `kustomization.yaml`: put your application's code in "
                + "`src/main/java` and name its main class there.");
  }

  private static String summary(Environment env, EnvironmentMigration e) {
    Tier.Executors x = e.executors();
    String executors =
        x.dynamic()
            ? x.min()
                + " to "
                + x.max()
                + " executors (dynamic allocation, starting with "
                + x.initial()
                + ")"
            : x.min() + " static executor" + (x.min() == 1 ? "" : "s");
    String driver =
        e.driver()
            .map(
                d ->
                    "; the driver pod "
                        + d.memory().map(m -> m + " of memory").orElse("")
                        + (d.memory().isPresent() && d.cpu().isPresent() ? " and " : "")
                        + d.cpu().map(c -> c + " CPU").orElse(""))
            .orElse("");
    return "Tier "
        + env.tier().key()
        + ", namespace `"
        + env.namespace()
        + "` ("
        + (env.ownsNamespace() ? "a cluster you own" : "a shared cluster")
        + "): "
        + executors
        + " of "
        + x.cores()
        + " core"
        + (x.cores() == 1 ? "" : "s")
        + " and "
        + x.memory()
        + " + "
        + x.memoryOverhead()
        + " overhead"
        + driver
        + "."
        + (e.quota().isEmpty()
            ? ""
            : " Its namespace quota is raised to fit them (`shared/kustomization.yaml`).");
  }

  /** Inline code that survives any content: a backtick run longer than any inside. */
  private static String code(String text) {
    String fence = "`";
    while (text.contains(fence)) {
      fence += "`";
    }
    String padded = text.startsWith("`") || text.endsWith("`") ? " " + text + " " : text;
    return fence + cell(padded) + fence;
  }

  /**
   * A table cell: one line, no column break (GitHub's tables split at a bare pipe even in code).
   */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }
}
