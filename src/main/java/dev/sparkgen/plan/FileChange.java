package dev.sparkgen.plan;

import java.util.Optional;

/**
 * What an upgrade or add-env does to one path of an existing repository, and why.
 *
 * @param content the bytes and mode to write, for the actions that write
 */
public record FileChange(String path, Action action, Optional<PlannedFile> content) {

  public enum Action {
    /** A new generated file the repository does not have yet. */
    CREATE("created", ""),
    /** The team left the file as generated: it becomes what is generated now. */
    UPDATE("updated", ""),
    /** Both sides changed it in different places: the merged content. */
    MERGE("merged", ""),
    /**
     * Both sides changed the same lines: written with conflict markers, for the team to resolve.
     */
    CONFLICT("conflict", "resolve the <<<<<<< markers"),
    /**
     * Binary content on some side, which git never merges line by line: the team's file is kept as
     * it is and reported as a conflict, as {@code git merge} does.
     */
    BINARY_CONFLICT(
        "conflict",
        "binary: yours kept as it is; the generated version is in branch sparkgen-pristine"),
    /** The templates dropped a file the team left as generated. */
    DELETE("deleted", "no longer generated"),
    /**
     * A {@code managed} file the team edited and committed: the team's edit is replaced (its last
     * commit keeps it). An uncommitted edit is merged instead, never replaced.
     */
    REPLACE("replaced", "managed by sparkgen; your committed edit is in git history"),
    /**
     * A team's source that called a class sparkgen no longer generates ({@link RemovedApis}): the
     * call replaced by what does the same now.
     */
    REWRITE(
        "rewritten",
        "it called ExecutorImage.sameAsDriver(conf), which sparkgen no longer generates: now conf itself;"
            + " sparkgen's executor feature step gives the executors the driver's image"),
    /** Owned by the team after the first write: never rewritten. */
    KEEP_TEAM_OWNED("skipped", "team-owned"),
    /** The team deleted it: it stays deleted. */
    KEEP_DELETED("skipped", "you deleted it: it stays deleted"),
    /** The templates dropped it, but the team edited it: kept. */
    KEEP_EDITED("kept", "no longer generated, but you edited it");

    private final String verb;
    private final String reason;

    Action(String verb, String reason) {
      this.verb = verb;
      this.reason = reason;
    }

    /** What happened, one word: the first column of the report. */
    public String verb() {
      return verb;
    }

    /** Why, when the verb alone does not say it; else empty. */
    public String reason() {
      return reason;
    }

    public boolean writes() {
      return this == CREATE
          || this == UPDATE
          || this == MERGE
          || this == CONFLICT
          || this == REPLACE
          || this == REWRITE;
    }
  }

  public static FileChange write(String path, Action action, PlannedFile content) {
    return new FileChange(path, action, Optional.of(content));
  }

  public static FileChange none(String path, Action action) {
    return new FileChange(path, action, Optional.empty());
  }
}
