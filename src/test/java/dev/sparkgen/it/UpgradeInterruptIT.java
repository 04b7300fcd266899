package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade stopped by SIGTERM while it swaps files into the repository puts every file back: the
 * CLI is terminated the moment the first new file appears in the work tree.
 */
class UpgradeInterruptIT {

  static final int BULK_FILES = 20_000;

  @TempDir Path dir;

  @Test
  void terminationWhileSwappingLeavesTheRepositoryAsItWas() throws Exception {
    Path repo = dir.resolve("job");
    run(
        dir,
        "java",
        "-jar",
        System.getProperty("sparkgen.jar"),
        "new",
        "job",
        "--output",
        repo.toString());
    run(repo, "git", "init", "-q", "-b", "main");
    ExternalTools.commitAll(repo, "sparkgen new");
    // The next templates change the README and add many files, so that swapping takes a while.
    Path templates = dir.resolve("templates");
    Path readme = templates.resolve("archetypes/_shared/files/README.md.ftl");
    Files.createDirectories(readme.getParent());
    Files.writeString(readme, "# [=app.name], upgraded\n");
    Path bulk = Files.createDirectories(templates.resolve("archetypes/spark-pi/files/bulk"));
    for (int i = 0; i < BULK_FILES; i++) {
      Files.writeString(bulk.resolve("file-" + i + ".txt"), "x");
    }
    String readmeBefore = Files.readString(repo.resolve("README.md"));

    Process cli =
        new ProcessBuilder(
                "java",
                "-jar",
                System.getProperty("sparkgen.jar"),
                "upgrade",
                "--templates",
                templates.toString())
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.log").toFile())
            .start();
    boolean sawSwap = false;
    while (cli.isAlive() && !sawSwap) {
      sawSwap = Files.isDirectory(repo.resolve("bulk"));
    }
    cli.destroy();
    cli.waitFor(60, TimeUnit.SECONDS);

    assertThat(sawSwap)
        .as("the upgrade finished before it could be interrupted; add files")
        .isTrue();
    assertThat(cli.exitValue()).as(Files.readString(dir.resolve("cli.log"))).isNotZero();
    assertThat(repo.resolve("bulk")).doesNotExist();
    assertThat(repo.resolve("README.md")).hasContent(readmeBefore);
    assertThat(run(repo, "git", "status", "--porcelain", "--untracked-files=all")).isEmpty();
    try (Stream<Path> list = Files.list(repo)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sparkgen-staging-"));
    }
  }

  private String run(Path workDir, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "cmd", ".log");
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor())
        .as(String.join(" ", command) + ": " + Files.readString(log))
        .isZero();
    String out = Files.readString(log);
    Files.delete(log);
    return out.strip();
  }
}
