package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.spec.ArchetypeDescriptor.UpgradePolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-file decisions of upgrade, on plans in memory. */
class ThreeWayMergeTest {

  static final String LINES = "a\nb\nc\nd\ne\nf\ng\n";

  static PlannedFile text(String s) {
    return PlannedFile.text(s);
  }

  static FileChange only(
      Map<String, PlannedFile> base,
      Map<String, PlannedFile> next,
      Map<String, PlannedFile> current,
      UpgradePolicy policy) {
    Set<String> paths = new java.util.TreeSet<>(base.keySet());
    paths.addAll(next.keySet());
    Changes changes = ThreeWayMerge.changes(base, Plan.of(next), current, p -> policy, paths);
    assertThat(changes.files()).hasSizeLessThanOrEqualTo(1);
    return changes.files().isEmpty() ? null : changes.files().get(0);
  }

  @Test
  void aFileTheTemplatesDropIsDeletedWhenUntouchedAndKeptWhenEdited() {
    assertThat(
            only(Map.of("x", text(LINES)), Map.of(), Map.of("x", text(LINES)), UpgradePolicy.MERGED)
                .action())
        .isEqualTo(Action.DELETE);
    assertThat(
            only(
                    Map.of("x", text(LINES)),
                    Map.of(),
                    Map.of("x", text(LINES + "ours\n")),
                    UpgradePolicy.MERGED)
                .action())
        .isEqualTo(Action.KEEP_EDITED);
  }

  @Test
  void editsOnBothSidesInDifferentPlacesMergeAndInTheSamePlaceConflictWithGitsMarkers() {
    FileChange clean =
        only(
            Map.of("x", text(LINES)),
            Map.of("x", text(LINES.replace("a\n", "A\n"))),
            Map.of("x", text(LINES.replace("g\n", "G\n"))),
            UpgradePolicy.MERGED);
    FileChange conflict =
        only(
            Map.of("x", text(LINES)),
            Map.of("x", text(LINES.replace("d\n", "template\n"))),
            Map.of("x", text(LINES.replace("d\n", "ours\n"))),
            UpgradePolicy.MERGED);

    assertThat(clean.action()).isEqualTo(Action.MERGE);
    assertThat(clean.content().orElseThrow().text()).isEqualTo("A\nb\nc\nd\ne\nf\nG\n");
    assertThat(conflict.action()).isEqualTo(Action.CONFLICT);
    assertThat(conflict.content().orElseThrow().text())
        .isEqualTo(
            "a\nb\nc\n<<<<<<< yours\nours\n=======\ntemplate\n>>>>>>> generated now\ne\nf\ng\n");
  }

  @Test
  void aManagedFileFollowsTheTemplatesAndATeamFileNeverChanges() {
    Map<String, PlannedFile> base = Map.of("x", text(LINES));
    Map<String, PlannedFile> next = Map.of("x", text(LINES.replace("a\n", "A\n")));
    Map<String, PlannedFile> edited = Map.of("x", text(LINES.replace("g\n", "G\n")));

    FileChange managed = only(base, next, edited, UpgradePolicy.MANAGED);
    FileChange team = only(base, next, edited, UpgradePolicy.TEAM);

    assertThat(managed.action()).isEqualTo(Action.REPLACE);
    assertThat(managed.content()).contains(next.get("x"));
    assertThat(team.action()).isEqualTo(Action.KEEP_TEAM_OWNED);
    assertThat(team.content()).isEmpty();
  }

  @Test
  void aPathTheTeamCreatedThatTheTemplatesNowGenerateConflictsWholeRatherThanBeingOverwritten() {
    FileChange change =
        only(
            Map.of(),
            Map.of("x", text("generated\n")),
            Map.of("x", text("ours\n")),
            UpgradePolicy.MERGED);

    assertThat(change.action()).isEqualTo(Action.CONFLICT);
    assertThat(change.content().orElseThrow().text())
        .contains("ours\n", "generated\n", "<<<<<<< yours");
  }

  @Test
  void theExecutableBitFollowsTheTemplatesUnlessTheTeamChangedIt() {
    PlannedFile script =
        new PlannedFile(LINES.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    PlannedFile executable =
        new PlannedFile(LINES.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    PlannedFile nextScript =
        new PlannedFile(
            LINES.replace("a\n", "A\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    PlannedFile ourExecutable =
        new PlannedFile(
            LINES.replace("g\n", "G\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), true);

    FileChange modeOnly =
        only(
            Map.of("x", script),
            Map.of("x", executable),
            Map.of("x", script),
            UpgradePolicy.MERGED);
    FileChange merged =
        only(
            Map.of("x", script),
            Map.of("x", nextScript),
            Map.of("x", ourExecutable),
            UpgradePolicy.MERGED);

    assertThat(modeOnly.action()).isEqualTo(Action.UPDATE);
    assertThat(modeOnly.content().orElseThrow().executable()).isTrue();
    assertThat(merged.action()).isEqualTo(Action.MERGE);
    assertThat(merged.content().orElseThrow().executable()).isTrue();
  }

  @Test
  void theAnswersFileIsTheLastChange() {
    Map<String, PlannedFile> next =
        new HashMap<>(Map.of("z", text("z2\n"), PlanRenderer.ANSWERS_FILE, text("new\n")));
    Changes changes =
        ThreeWayMerge.changes(
            Map.of("z", text("z1\n")),
            Plan.of(next),
            Map.of("z", text("z1\n"), PlanRenderer.ANSWERS_FILE, text("old\n")),
            p -> UpgradePolicy.MERGED,
            List.of(PlanRenderer.ANSWERS_FILE, "z"));

    assertThat(changes.files())
        .extracting(FileChange::path)
        .containsExactly("z", PlanRenderer.ANSWERS_FILE);
    assertThat(changes.files().get(1).content()).isEqualTo(Optional.of(text("new\n")));
  }

  @Test
  void aManagedFileIsReplacedWhenItsEditIsCommittedAndMergedWhenTheEditIsInNoCommit() {
    Map<String, PlannedFile> base = Map.of("x", text(LINES));
    Map<String, PlannedFile> next = Map.of("x", text(LINES.replace("a\n", "A\n")));
    Map<String, PlannedFile> current = Map.of("x", text(LINES.replace("g\n", "G\n")));

    Changes committed =
        ThreeWayMerge.changes(
            base, Plan.of(next), current, p -> UpgradePolicy.MANAGED, Set.of("x"), Set.of());
    Changes uncommitted =
        ThreeWayMerge.changes(
            base, Plan.of(next), current, p -> UpgradePolicy.MANAGED, Set.of("x"), Set.of("x"));

    assertThat(committed.files().get(0).action()).isEqualTo(Action.REPLACE);
    assertThat(uncommitted.files().get(0).action()).isEqualTo(Action.MERGE);
    assertThat(uncommitted.files().get(0).content().orElseThrow().text())
        .isEqualTo(LINES.replace("a\n", "A\n").replace("g\n", "G\n"));
    // The templates left it alone: the uncommitted edit stays, nothing is written.
    assertThat(
            ThreeWayMerge.changes(
                    base,
                    Plan.of(base),
                    current,
                    p -> UpgradePolicy.MANAGED,
                    Set.of("x"),
                    Set.of("x"))
                .files())
        .isEmpty();
  }

  @Test
  void binaryContentOnAnySideIsNeverMergedLineByLineButKeptAndReportedAsAConflict() {
    PlannedFile binary = new PlannedFile(new byte[] {'P', 'N', 'G', 0, 1, '\n', 2}, false);
    FileChange ours =
        only(
            Map.of("x", text(LINES)),
            Map.of("x", text(LINES.replace("a\n", "A\n"))),
            Map.of("x", binary),
            UpgradePolicy.MERGED);
    FileChange theirs =
        only(
            Map.of("x", text(LINES)),
            Map.of("x", binary),
            Map.of("x", text(LINES.replace("g\n", "G\n"))),
            UpgradePolicy.MERGED);

    assertThat(ours.action()).isEqualTo(Action.BINARY_CONFLICT);
    assertThat(ours.content()).isEmpty();
    assertThat(theirs.action()).isEqualTo(Action.BINARY_CONFLICT);
    assertThat(new Changes(List.of(ours)).conflicts()).containsExactly("x");
    assertThat(new Changes(List.of(ours)).writes()).isEmpty();
  }
}
