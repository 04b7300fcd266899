package dev.sparkgen.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.plan.PlannedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepositoryUpdaterTest {

  final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  final Path repo = fs.getPath("/repo");

  @Test
  void writesUpdatesCreatesAndDeletesAndLeavesNoStagingDirectory() throws IOException {
    write("pom.xml", "old pom");
    write("gone.txt", "bye");
    write("notes.md", "ours");

    new RepositoryUpdater()
        .apply(
            new Changes(
                List.of(
                    FileChange.write("pom.xml", Action.MERGE, PlannedFile.text("new pom")),
                    FileChange.write(
                        "k8s/overlays/qa/kustomization.yaml",
                        Action.CREATE,
                        PlannedFile.text("qa")),
                    FileChange.none("gone.txt", Action.DELETE),
                    FileChange.none("README.md", Action.KEEP_DELETED))),
            repo);

    assertThat(tree())
        .isEqualTo(
            Map.of(
                "pom.xml", "new pom",
                "k8s/overlays/qa/kustomization.yaml", "qa",
                "notes.md", "ours"));
  }

  @Test
  void aFailureHalfWayPutsEveryFileBackAndRemovesTheDirectoriesItCreated() throws IOException {
    write("pom.xml", "old pom");
    write("README.md", "old readme");
    write("blocked", "a file where the next change needs a directory");
    Map<String, String> before = tree();

    // Sorted like a real plan: pom.xml and README.md are swapped in before blocked/x fails.
    assertThatThrownBy(
            () ->
                new RepositoryUpdater()
                    .apply(
                        new Changes(
                            List.of(
                                FileChange.write(
                                    "README.md", Action.UPDATE, PlannedFile.text("new readme")),
                                FileChange.write(
                                    "k8s/overlays/qa/kustomization.yaml",
                                    Action.CREATE,
                                    PlannedFile.text("qa")),
                                FileChange.write(
                                    "pom.xml", Action.UPDATE, PlannedFile.text("new pom")),
                                FileChange.write(
                                    "blocked/x", Action.CREATE, PlannedFile.text("x")))),
                        repo))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nothing was changed");

    assertThat(tree()).isEqualTo(before);
    assertThat(repo.resolve("k8s")).doesNotExist();
  }

  private void write(String path, String content) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** Every file and directory entry under the repository, staging directories included. */
  private Map<String, String> tree() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path p : walk.filter(p -> !p.equals(repo)).toList()) {
        String relative = repo.relativize(p).toString();
        if (Files.isRegularFile(p)) {
          files.put(relative, Files.readString(p));
        } else if (relative.startsWith(".sparkgen-staging-")) {
          files.put(relative, "(staging directory)");
        }
      }
    }
    return files;
  }
}
