package dev.sparkgen.cli;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.Answers.RecordedFile;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.write.GitRepository;
import dev.sparkgen.write.RepositoryLock;
import dev.sparkgen.write.RepositoryPaths;
import dev.sparkgen.write.RepositoryUpdater;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job repository that upgrade and add-env work on: its answers file, its git, and what it was
 * generated as (the base of the three-way merge), read back from its own git objects by the blob
 * ids the answers file records.
 */
final class JobRepository implements AutoCloseable {

  final Path root;
  final Answers answers;
  final GitRepository git;

  /** Held from before the answers are read until the command ends; null for a read-only run. */
  final RepositoryLock lock;

  /** Paths (relative to root) with uncommitted changes, known when --allow-dirty let them in. */
  Set<String> uncommitted = Set.of();

  private JobRepository(Path root, Answers answers, GitRepository git, RepositoryLock lock) {
    this.root = root;
    this.answers = answers;
    this.git = git;
    this.lock = lock;
  }

  static JobRepository at(Path root) {
    return at(root, true);
  }

  /** The repository at {@code root}, locked against other runs unless {@code readOnly}. */
  static JobRepository at(Path root, boolean readOnly) {
    Path file = root.resolve(Answers.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "'"
              + root.toAbsolutePath().normalize()
              + "' has no "
              + Answers.FILE_NAME
              + "; run this inside a repository made by 'sparkgen new' (or pass --directory DIR).");
    }
    // The answers file is read through the same check as every other path: not through a link
    // that leads out of the repository.
    RepositoryPaths.of(root).resolve(Answers.FILE_NAME);
    GitRepository git = GitRepository.open(root);
    RepositoryLock lock = null;
    try {
      if (!readOnly) {
        lock = RepositoryLock.acquire(git.gitDirectory());
      }
      Answers answers = Answers.read(file);
      return new JobRepository(root, answers, git, lock);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      git.close();
      throw e;
    }
  }

  /** Refuses uncommitted changes: with them, git could not undo what sparkgen writes. */
  void requireClean(boolean allowDirty, String command) {
    requireClean(git, allowDirty, command);
    if (allowDirty) {
      uncommitted = git.uncommittedUnder(root);
      if (uncommitted.contains(Answers.FILE_NAME)) {
        throw new InvalidInputException(
            "'"
                + Answers.FILE_NAME
                + "' has uncommitted changes, and sparkgen "
                + command
                + " rewrites it (even with --allow-dirty, it never writes over an edit that is in no commit); commit or stash them first.");
      }
    }
  }

  /** The changes with line ends as a checkout of this repository has them. */
  Changes forWorkTree(Changes changes) {
    return new Changes(
        changes.files().stream()
            .map(
                c ->
                    c.content().isEmpty()
                        ? c
                        : FileChange.write(
                            c.path(), c.action(), git.toWorkTree(c.path(), c.content().get())))
            .toList());
  }

  /**
   * Writes {@code changes} and then moves branch sparkgen-pristine to {@code generated}, as one:
   * the branch moves last, only once every file is in place.
   */
  void apply(Changes changes, Plan generated, String message) {
    GitRepository.PendingCommit pending = git.prepareGenerated(generated, message);
    new RepositoryUpdater()
        .apply(forWorkTree(changes), root, lock, () -> git.movePristine(pending));
  }

  /** As above, for a repository that has no answers file yet (init). */
  static void requireClean(GitRepository git, boolean allowDirty, String command) {
    if (allowDirty) {
      return;
    }
    Set<String> dirty = git.uncommitted();
    if (!dirty.isEmpty()) {
      List<String> shown = dirty.stream().limit(5).toList();
      throw new InvalidInputException(
          "The git work tree has uncommitted changes ("
              + String.join(", ", shown)
              + (dirty.size() > shown.size()
                  ? ", and " + (dirty.size() - shown.size()) + " more"
                  : "")
              + "); commit or stash them first, so that 'git checkout' can undo 'sparkgen "
              + command
              + "', or pass --allow-dirty.");
    }
  }

  /**
   * The templates to render with: the folder given now, else the folder the answers record (it must
   * still exist), else the built-in ones.
   */
  ArchetypeCatalog catalog(Path templates) {
    if (templates != null) {
      return ArchetypeCatalog.withOverrides(templates);
    }
    if (answers.templates().builtIn()) {
      return ArchetypeCatalog.builtIn();
    }
    String recorded = answers.templates().folder().orElseThrow();
    if (!Files.isDirectory(Path.of(recorded))) {
      throw new InvalidInputException(
          "This repository was generated with --templates "
              + recorded
              + ", which does not exist here; pass --templates DIR with that folder (or its newer version).");
    }
    return ArchetypeCatalog.withOverrides(Path.of(recorded));
  }

  /**
   * Every recorded file as it was generated: from git's objects by blob id, or from the work tree
   * when the file there is still exactly that. Refuses when an edited file's generated version is
   * in neither place (generated, edited, and never committed as generated).
   */
  Map<String, PlannedFile> generated(Map<String, PlannedFile> current) {
    Map<String, PlannedFile> base = new TreeMap<>();
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, RecordedFile> entry : answers.files().entrySet()) {
      String path = entry.getKey();
      RecordedFile recorded = entry.getValue();
      PlannedFile now = current.get(path);
      var content = git.blob(recorded.blob());
      if (content.isPresent()) {
        base.put(path, new PlannedFile(content.get(), recorded.executable()));
      } else if (now == null || now.gitBlobId().equals(recorded.blob())) {
        // Deleted by the team (stays deleted whatever it was), or still exactly as generated.
        base.put(path, now != null ? now : new PlannedFile(new byte[0], recorded.executable()));
      } else {
        lost.add(path);
      }
    }
    if (!lost.isEmpty()) {
      throw new InvalidInputException(
          "The generated version of "
              + String.join(", ", lost.stream().limit(5).toList())
              + (lost.size() > 5 ? " and " + (lost.size() - 5) + " more" : "")
              + " is not in this repository's git objects (edited before the first commit, or branch "
              + GitRepository.PRISTINE_BRANCH
              + " was not fetched), so your edits cannot be told from the templates; fetch "
              + GitRepository.PRISTINE_BRANCH
              + " from the repository where sparkgen last ran, or merge by hand.");
    }
    return base;
  }

  /** One line per file that changes or that the team keeps on purpose. */
  /** 1 with the conflicts listed on {@code err} when any were left, else 0. */
  static int exitCode(Changes changes, PrintWriter err) {
    if (changes.conflicts().isEmpty()) {
      return ExitCodes.OK;
    }
    List<String> binary =
        changes.files().stream()
            .filter(c -> c.action() == FileChange.Action.BINARY_CONFLICT)
            .map(FileChange::path)
            .toList();
    err.println(
        "sparkgen: conflicts in "
            + String.join(", ", changes.conflicts())
            + (binary.isEmpty()
                ? ": resolve the <<<<<<< markers, then commit."
                : ": resolve them ("
                    + String.join(", ", binary)
                    + " binary: yours kept as it was, the generated version is in branch "
                    + GitRepository.PRISTINE_BRANCH
                    + "), then commit."));
    return ExitCodes.FAILURE;
  }

  static void report(PrintWriter out, Changes changes) {
    for (FileChange change : changes.files()) {
      String reason = change.action().reason();
      out.printf(
          "  %-10s %s%s%n",
          change.action().verb(), change.path(), reason.isEmpty() ? "" : "  (" + reason + ")");
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.close();
      }
    } finally {
      git.close();
    }
  }
}
