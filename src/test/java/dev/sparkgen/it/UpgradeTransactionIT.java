package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen upgrade} is one transaction, tested the way it fails: the real CLI is killed
 * (SIGTERM and SIGINT, alternately) at many instants of a large upgrade, half spread over its whole
 * run and half just after its staging directory appears (the swaps and the branch move). After each
 * kill: {@code git fsck} clean; the work tree (digest of every path, type, mode, content) and
 * {@code git status} either exactly as before or exactly as after an uninterrupted run; branch
 * {@code sparkgen-pristine} at its before or after state, the same one as the files; no staging
 * directory; no lock.
 */
class UpgradeTransactionIT {

  static final int BULK_FILES = 400;
  static final int INSTANTS = 16;

  @TempDir Path dir;

  record State(Map<String, String> tree, String status, String pristineTree) {}

  @Test
  void anUpgradeKilledAtAnyInstantLeavesEverythingAsBeforeOrAsAfter() throws Exception {
    Path fixture = dir.resolve("fixture");
    cli(dir, "new", "job", "--output", fixture.toString());
    ExternalTools.git(fixture, "init", "-q", "-b", "main");
    ExternalTools.commitAll(fixture, "sparkgen new");
    Path templates = dir.resolve("templates");
    Path readme = templates.resolve("archetypes/_shared/files/README.md.ftl");
    Files.createDirectories(readme.getParent());
    Files.writeString(readme, "# [=app.name], upgraded\n");
    Path bulk = Files.createDirectories(templates.resolve("archetypes/spark-pi/files/bulk"));
    for (int i = 0; i < BULK_FILES; i++) {
      Files.writeString(bulk.resolve("file-" + i + ".txt"), "x" + i + "\n");
    }
    Path repo = dir.resolve("job");
    State before = copyOfFixture(fixture, repo);
    List<String> upgrade =
        List.of(
            "java",
            "-jar",
            System.getProperty("sparkgen.jar"),
            "upgrade",
            "--templates",
            templates.toString());

    // The uninterrupted run, timed: in all, and from its staging directory's appearance to its end.
    long start = System.nanoTime();
    Process full =
        new ProcessBuilder(upgrade)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.log").toFile())
            .start();
    while (full.isAlive() && !hasStaging(repo)) {
      Thread.onSpinWait();
    }
    long staged = System.nanoTime();
    assertThat(full.waitFor()).as(Files.readString(dir.resolve("cli.log"))).isZero();
    long fullRunMillis = (System.nanoTime() - start) / 1_000_000;
    long transactionMillis = (System.nanoTime() - staged) / 1_000_000;
    State after = state(repo);
    assertThat(after.tree()).containsKey("bulk/file-0.txt").isNotEqualTo(before.tree());
    assertThat(after.pristineTree()).isNotEqualTo("none");
    checkInvariants(repo, before, after, "the uninterrupted run");

    int asBefore = 0;
    int asAfter = 0;
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < INSTANTS; i++) {
      copyOfFixture(fixture, repo);
      String signal = i % 2 == 0 ? "TERM" : "INT";
      Process cli =
          new ProcessBuilder(upgrade)
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("cli.log").toFile())
              .start();
      String when;
      if (i < INSTANTS / 2) {
        long delay = fullRunMillis * (i + 1) / (INSTANTS / 2 + 1);
        Thread.sleep(delay);
        when = delay + " ms after start";
      } else {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cli.isAlive() && !hasStaging(repo) && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        // Over the staging, the swaps and the branch move, and a little past the end.
        long offset = transactionMillis * (i - INSTANTS / 2) / (INSTANTS / 2 - 1);
        Thread.sleep(offset);
        when = offset + " ms after the staging directory appeared";
      }
      ExternalTools.run(dir, "kill", "-" + signal, Long.toString(cli.pid()));
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String what = "SIG" + signal + " " + when + " (exit " + cli.exitValue() + ")";
      State state = checkInvariants(repo, before, after, what);
      if (state.equals(before)) {
        asBefore++;
      } else {
        asAfter++;
      }
      seen.add(what + ": " + (state.equals(before) ? "before" : "after"));
    }
    System.out.println(String.join("\n", seen));
    assertThat(asBefore).as("some kills must interrupt the upgrade: %s", seen).isPositive();
  }

  /** Every invariant of one repository after a kill; returns its state, before's or after's. */
  private State checkInvariants(Path repo, State before, State after, String what)
      throws Exception {
    ExternalTools.Result fsck =
        ExternalTools.run(repo, "git", "fsck", "--no-dangling", "--no-progress");
    assertThat(fsck.exitCode()).as(what + ": git fsck: " + fsck.stdout() + fsck.stderr()).isZero();
    assertThat(fsck.stdout() + fsck.stderr()).as(what).doesNotContain("error", "missing", "broken");
    State state = state(repo);
    assertThat(state)
        .as(what + ": the state is the one before or the one after")
        .isIn(before, after);
    try (Stream<Path> list = Files.list(repo)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .as(what)
          .noneMatch(n -> n.startsWith(".sparkgen-staging"));
    }
    assertThat(repo.resolve(".git/sparkgen.lock")).as(what).doesNotExist();
    return state;
  }

  private State copyOfFixture(Path fixture, Path repo) throws Exception {
    if (Files.exists(repo)) {
      ExternalTools.run(dir, "rm", "-rf", repo.toString()).assertSuccess("rm");
    }
    ExternalTools.run(dir, "cp", "-a", fixture.toString(), repo.toString()).assertSuccess("cp");
    return state(repo);
  }

  private static State state(Path repo) throws Exception {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path path : walk.toList()) {
        String relative = repo.relativize(path).toString();
        if (relative.equals(".git") || relative.startsWith(".git/")) {
          continue;
        }
        tree.put(
            relative,
            Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                ? "dir"
                : PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
                    + " "
                    + HexFormat.of()
                        .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
      }
    }
    ExternalTools.Result pristine =
        ExternalTools.run(repo, "git", "rev-parse", "-q", "--verify", "sparkgen-pristine^{tree}");
    return new State(
        tree,
        ExternalTools.git(repo, "status", "--porcelain", "--untracked-files=all"),
        pristine.exitCode() == 0 ? pristine.stdout().strip() : "none");
  }

  private static boolean hasStaging(Path repo) {
    try (Stream<Path> list = Files.list(repo)) {
      return list.anyMatch(p -> p.getFileName().toString().startsWith(".sparkgen-staging"));
    } catch (IOException e) {
      return false;
    }
  }

  private void cli(Path workDir, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("java", "-jar", System.getProperty("sparkgen.jar")));
    command.addAll(List.of(args));
    ExternalTools.run(workDir, command.toArray(String[]::new))
        .assertSuccess(String.join(" ", args));
  }
}
