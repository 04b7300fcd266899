package dev.sparkgen.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a job repository: renders each selected overlay (and its shared/) with {@link
 * Kustomize} and applies every rule of {@link Rules#ALL}. Reads files and runs kubectl; writes
 * nothing.
 */
public final class Validator {

  private final Kustomize kustomize;
  private final List<Rule> rules;

  public Validator(Kustomize kustomize) {
    this(kustomize, TenantRights.BUILT_IN);
  }

  /** With the roles tenants hold on the clusters the repository deploys to (tenant-rights). */
  public Validator(Kustomize kustomize, TenantRights rights) {
    this.kustomize = kustomize;
    this.rules = Rules.with(rights);
  }

  /**
   * The findings for {@code environments} (all when empty); an environment without an overlay is
   * bad input.
   */
  public Report validate(JobRepository repository, List<String> environments) {
    environments.forEach(repository::requireEnvironment);
    List<String> selected =
        environments.isEmpty() ? repository.environments() : List.copyOf(environments);
    List<Finding> findings = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    for (String name : selected) {
      String overlay = JobRepository.OVERLAYS + "/" + name;
      Rendered job = render(repository, name, overlay, findings);
      Rendered shared =
          Files.isRegularFile(
                  repository.root().resolve(overlay).resolve("shared/kustomization.yaml"))
              ? render(repository, name, overlay + "/shared", findings)
              : null;
      if (job == null) {
        continue;
      }
      Environment environment = new Environment(name, overlay, job, shared);
      for (Rule rule : rules) {
        if (rule.environmentCheck() != null) {
          rule.environmentCheck()
              .check(repository, environment, sink(rule, rule.warning() ? warnings : findings));
        }
      }
    }
    try {
      repository.skaffold();
    } catch (RuntimeException notYaml) {
      // The skaffold rules then see no skaffold.yaml; this says why.
      findings.add(
          new Finding(
              "skaffold-schema",
              null,
              "skaffold.yaml",
              null,
              "is not readable YAML: " + firstLine(notYaml.getMessage()) + ".",
              "correct the YAML syntax."));
    }
    for (Rule rule : rules) {
      if (rule.repositoryCheck() != null) {
        rule.repositoryCheck()
            .check(repository, selected, sink(rule, rule.warning() ? warnings : findings));
      }
    }
    return new Report(repository.root(), selected, findings, warnings);
  }

  private Rendered render(
      JobRepository repository, String env, String dir, List<Finding> findings) {
    Path path = repository.root().resolve(dir);
    Kustomize.Result result = kustomize.render(path);
    String file = dir + "/kustomization.yaml";
    if (result.exitCode() != 0) {
      findings.add(
          new Finding(
              Rules.KUSTOMIZE_BUILD,
              env,
              file,
              null,
              "does not render: " + firstLine(result.stderr()) + ".",
              "fix the kustomization (try `kubectl kustomize " + dir + "`)."));
      return null;
    }
    if (!result.stderr().isBlank()) {
      findings.add(
          new Finding(
              Rules.KUSTOMIZE_WARNINGS,
              env,
              file,
              null,
              "renders with warnings: " + firstLine(result.stderr()) + ".",
              "replace the deprecated fields kustomize names (e.g. commonLabels by labels, patchesStrategicMerge by patches)."));
    }
    try {
      Rendered rendered = Rendered.parse(result.stdout());
      // Parsed here too, so that a template YAML cannot read is this finding, not a failure later.
      rendered.executorTemplate();
      return rendered;
    } catch (RuntimeException e) {
      findings.add(
          new Finding(
              Rules.KUSTOMIZE_BUILD,
              env,
              file,
              null,
              "renders YAML that cannot be read: " + firstLine(e.getMessage()) + ".",
              "fix the kustomization (try `kubectl kustomize " + dir + "`)."));
      return null;
    }
  }

  private static Rule.Sink sink(Rule rule, List<Finding> findings) {
    return (environment, file, object, message, fix) ->
        findings.add(new Finding(rule.id(), environment, file, object, message, fix));
  }

  private static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    String line = stripped.lines().findFirst().orElse("no message");
    return line.replaceAll("^[Ee]rror: ", "").replaceAll("\\.$", "");
  }
}
