package dev.sparkgen.cli;

import dev.sparkgen.archetype.ArchetypeCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command that changes an existing job repository ({@code add-env}, {@code
 * upgrade}): which repository, which templates, and whether uncommitted changes may be mixed with
 * sparkgen's (by default they may not, so that git can always undo a run).
 */
final class RepositoryOptions {

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description =
          "A template folder layered over the built-in templates. Default: the folder the answers file records, if any.")
  Path templates;

  @Option(
      names = "--allow-dirty",
      description =
          "Run even with uncommitted changes: an uncommitted edit of a file sparkgen changes is merged as yours, never replaced (git then cannot tell sparkgen's changes from yours).")
  boolean allowDirty;

  @Option(
      names = "--directory",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The job repository. Default: the current directory.")
  Path directory;

  /**
   * The repository at {@code --directory}; refused with uncommitted changes unless {@code
   * --allow-dirty} or {@code readOnly}.
   */
  JobRepository open(String command, boolean readOnly) {
    JobRepository repo = JobRepository.at(directory, readOnly);
    try {
      if (!readOnly) {
        repo.requireClean(allowDirty, command);
      }
      return repo;
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  /**
   * The templates to render with: {@code --templates}, else the folder the answers file records,
   * else the built-in ones.
   */
  ArchetypeCatalog catalog(JobRepository repo) {
    return repo.catalog(templates);
  }
}
