package dev.sparkgen.plan;

import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.spec.ArchetypeDescriptor.UpgradePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;

/**
 * The three-way merge of copier and {@code jhipster upgrade}, file by file: <em>base</em> is what
 * was generated last time, <em>next</em> what is generated now, <em>current</em> what the
 * repository holds (the team's edits). Pure: all three come in as maps. Line merging and conflict
 * markers are JGit's ({@link MergeAlgorithm}, {@link MergeFormatter}), the same as {@code git
 * merge}.
 */
public final class ThreeWayMerge {

  private ThreeWayMerge() {}

  /**
   * @param base the generated files as last recorded (without the answers file)
   * @param next the plan rendered now, answers file included
   * @param current the repository's files at every path of base and next that exists
   * @param paths the paths to consider (all of base and next for upgrade; what add-env changes)
   */
  public static Changes changes(
      Map<String, PlannedFile> base,
      Plan next,
      Map<String, PlannedFile> current,
      Function<String, UpgradePolicy> policy,
      Collection<String> paths) {
    return changes(base, next, current, policy, paths, Set.of());
  }

  /**
   * As above, for a work tree with uncommitted changes at {@code uncommitted}: those edits are in
   * no commit, so a managed file edited there is merged as a team edit rather than replaced.
   */
  public static Changes changes(
      Map<String, PlannedFile> base,
      Plan next,
      Map<String, PlannedFile> current,
      Function<String, UpgradePolicy> policy,
      Collection<String> paths,
      Set<String> uncommitted) {
    List<FileChange> changes = new ArrayList<>();
    for (String path : new TreeSet<>(paths)) {
      if (path.equals(PlanRenderer.ANSWERS_FILE)) {
        continue;
      }
      FileChange change =
          change(
              path,
              base.get(path),
              next.files().get(path),
              current.get(path),
              uncommitted.contains(path) && policy.apply(path) == UpgradePolicy.MANAGED
                  ? UpgradePolicy.MERGED
                  : policy.apply(path));
      if (change != null) {
        changes.add(change);
      }
    }
    PlannedFile answers = next.files().get(PlanRenderer.ANSWERS_FILE);
    if (answers != null && !answers.equals(current.get(PlanRenderer.ANSWERS_FILE))) {
      changes.add(FileChange.write(PlanRenderer.ANSWERS_FILE, Action.UPDATE, answers));
    }
    return new Changes(changes);
  }

  /** One path's change, or null when there is nothing to do or say. */
  private static FileChange change(
      String path, PlannedFile base, PlannedFile next, PlannedFile current, UpgradePolicy policy) {
    if (base == null) {
      if (next == null || next.equals(current)) {
        return null;
      }
      if (current == null) {
        return FileChange.write(path, Action.CREATE, next);
      }
      if (policy == UpgradePolicy.TEAM) {
        return FileChange.none(path, Action.KEEP_TEAM_OWNED);
      }
      // The templates now generate a path the team had created on its own: nothing is common.
      return merged(path, new PlannedFile(new byte[0], next.executable()), current, next);
    }
    if (current == null) {
      return next == null ? null : FileChange.none(path, Action.KEEP_DELETED);
    }
    if (policy == UpgradePolicy.TEAM) {
      return next == null || next.equals(current)
          ? null
          : FileChange.none(path, Action.KEEP_TEAM_OWNED);
    }
    if (next == null) {
      return current.equals(base)
          ? FileChange.none(path, Action.DELETE)
          : FileChange.none(path, Action.KEEP_EDITED);
    }
    if (next.equals(current)) {
      return null;
    }
    if (current.equals(base)) {
      return FileChange.write(path, Action.UPDATE, next);
    }
    if (policy == UpgradePolicy.MANAGED) {
      return FileChange.write(path, Action.REPLACE, next);
    }
    if (next.equals(base)) {
      return null;
    }
    return merged(path, base, current, next);
  }

  private static FileChange merged(
      String path, PlannedFile base, PlannedFile current, PlannedFile next) {
    // Git's own test (a NUL in the first 8,000 bytes): such content is never merged as lines.
    if (RawText.isBinary(base.content())
        || RawText.isBinary(current.content())
        || RawText.isBinary(next.content())) {
      return FileChange.none(path, Action.BINARY_CONFLICT);
    }
    MergeResult<RawText> result =
        new MergeAlgorithm(DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM))
            .merge(
                RawTextComparator.DEFAULT,
                new RawText(base.content()),
                new RawText(current.content()),
                new RawText(next.content()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      // Names shown after <<<<<<< and >>>>>>>: the team's side first, as in `git merge`.
      new MergeFormatter()
          .formatMerge(
              out,
              result,
              List.of("generated before", "yours", "generated now"),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // An executable bit the team changed stays; otherwise the template's.
    boolean executable =
        current.executable() != base.executable() ? current.executable() : next.executable();
    PlannedFile merged = new PlannedFile(out.toByteArray(), executable);
    return FileChange.write(
        path, result.containsConflicts() ? Action.CONFLICT : Action.MERGE, merged);
  }
}
