package dev.sparkgen.plan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run's diff, checked by the tool teams read it with: git applies it. */
@Tag("slow")
class ChangesTest {

  @TempDir Path dir;

  @Test
  void theDiffOfACreateAnUpdateAModeChangeAndADeleteAppliesWithGit() throws Exception {
    ExternalTools.require("git");
    Map<String, PlannedFile> current =
        Map.of(
            "README.md", PlannedFile.text("# job\n\nline\n"),
            "mvnw", new PlannedFile("#!/bin/sh\necho old\n".getBytes(UTF_8), false),
            "gone.txt", PlannedFile.text("bye\n"),
            "kept.txt", PlannedFile.text("same\n"));
    Changes changes =
        new Changes(
            List.of(
                FileChange.write(
                    "README.md", Action.UPDATE, PlannedFile.text("# job (k8s)\n\nline\n")),
                FileChange.write(
                    "mvnw",
                    Action.UPDATE,
                    new PlannedFile("#!/bin/sh\necho new\n".getBytes(UTF_8), true)),
                FileChange.write("k8s/new.yaml", Action.CREATE, PlannedFile.text("kind: Job\n")),
                FileChange.none("gone.txt", Action.DELETE),
                FileChange.none("kept.txt", Action.KEEP_TEAM_OWNED)));
    Path repo = Files.createDirectory(dir.resolve("repo"));
    for (Map.Entry<String, PlannedFile> file : current.entrySet()) {
      Files.write(repo.resolve(file.getKey()), file.getValue().content());
    }
    ExternalTools.run(repo, "git", "init", "-q");
    Path patch = Files.writeString(dir.resolve("changes.patch"), changes.unifiedDiff(current));

    ExternalTools.Result applied = ExternalTools.run(repo, "git", "apply", patch.toString());

    assertThat(applied.exitCode()).as(applied.stderr()).isZero();
    assertThat(Files.readString(repo.resolve("README.md"))).isEqualTo("# job (k8s)\n\nline\n");
    assertThat(Files.readString(repo.resolve("mvnw"))).isEqualTo("#!/bin/sh\necho new\n");
    assertThat(Files.isExecutable(repo.resolve("mvnw"))).isTrue();
    assertThat(Files.readString(repo.resolve("k8s/new.yaml"))).isEqualTo("kind: Job\n");
    assertThat(repo.resolve("gone.txt")).doesNotExist();
    assertThat(Files.readString(patch))
        .contains("diff --git a/mvnw b/mvnw\nold mode 100644\nnew mode 100755\n--- a/mvnw\n")
        .contains("new file mode 100644\n--- /dev/null\n+++ b/k8s/new.yaml\n")
        .contains("deleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n")
        .doesNotContain("kept.txt");
  }
}
