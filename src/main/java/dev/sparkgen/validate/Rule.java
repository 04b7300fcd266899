package dev.sparkgen.validate;

import java.util.List;

/**
 * One check, with a stable id (in findings, the JSON output and docs/validate.md) and a one-line
 * summary. An environment rule runs once per rendered environment, a repository rule once. A
 * warning rule's findings are reported apart ({@link Report#warnings()}) and fail nothing: what
 * they point at is safe to deploy, and tighter once a team acts on it.
 */
public record Rule(
    String id,
    String summary,
    EnvironmentCheck environmentCheck,
    RepositoryCheck repositoryCheck,
    boolean warning) {

  Rule(
      String id,
      String summary,
      EnvironmentCheck environmentCheck,
      RepositoryCheck repositoryCheck) {
    this(id, summary, environmentCheck, repositoryCheck, false);
  }

  @FunctionalInterface
  interface EnvironmentCheck {
    void check(JobRepository repository, Environment environment, Sink findings);
  }

  @FunctionalInterface
  interface RepositoryCheck {
    void check(JobRepository repository, List<String> environments, Sink findings);
  }

  static Rule forEachEnvironment(String id, String summary, EnvironmentCheck check) {
    return new Rule(id, summary, check, null);
  }

  static Rule warnForEachEnvironment(String id, String summary, EnvironmentCheck check) {
    return new Rule(id, summary, check, null, true);
  }

  static Rule forRepository(String id, String summary, RepositoryCheck check) {
    return new Rule(id, summary, null, check);
  }

  /** Collects the findings of one rule. */
  interface Sink {
    void add(String environment, String file, String object, String message, String fix);
  }
}
