package dev.sparkgen.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepositoryUpdaterTest {

  final FileSystem fs =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
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

  /** Sorted like a real plan: README.md and pom.xml are swapped in before the last step fails. */
  static Changes threeWrites() {
    return new Changes(
        List.of(
            FileChange.write("README.md", Action.UPDATE, PlannedFile.text("new readme")),
            FileChange.write(
                "k8s/overlays/qa/kustomization.yaml", Action.CREATE, PlannedFile.text("qa")),
            FileChange.write("pom.xml", Action.UPDATE, PlannedFile.text("new pom"))));
  }

  @Test
  void aFailureOfTheLastStepPutsEveryFileBackAndRemovesTheDirectoriesItCreated()
      throws IOException {
    write("pom.xml", "old pom");
    write("README.md", "old readme");
    Map<String, String> before = tree();

    assertThatThrownBy(
            () ->
                new RepositoryUpdater()
                    .apply(
                        threeWrites(),
                        repo,
                        null,
                        () -> {
                          throw new IllegalStateException("the branch could not move");
                        }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(tree()).isEqualTo(before);
    assertThat(repo.resolve("k8s")).doesNotExist();
  }

  @Test
  void aFullDiskFailsBeforeAnyFileIsSwappedAndNeverRunsTheLastStep() throws IOException {
    FileSystem small =
        Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(64 * 1024).build());
    Path root = small.getPath("/repo");
    Files.createDirectories(root);
    Files.writeString(root.resolve("README.md"), "old readme");
    boolean[] moved = {false};

    assertThatThrownBy(
            () ->
                new RepositoryUpdater()
                    .apply(
                        new Changes(
                            List.of(
                                FileChange.write(
                                    "README.md", Action.UPDATE, PlannedFile.text("new readme")),
                                FileChange.write(
                                    "big.bin",
                                    Action.CREATE,
                                    new PlannedFile(new byte[1024 * 1024], false)))),
                        root,
                        null,
                        () -> moved[0] = true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nothing was changed");

    assertThat(moved[0]).as("the pristine branch moves only when the files are in place").isFalse();
    assertThat(Files.readString(root.resolve("README.md"))).isEqualTo("old readme");
    try (Stream<Path> list = Files.list(root)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("README.md");
    }
  }

  @Test
  void refusesEveryPathOutsideTheRepositoryOrInGitBeforeWritingAnything() throws IOException {
    write("pom.xml", "old pom");
    Files.createDirectories(fs.getPath("/outside"));
    Files.writeString(fs.getPath("/outside/notes.txt"), "keep");
    write(".git/HEAD", "ref: refs/heads/main\n");
    Files.createDirectories(fs.getPath("/elsewhere"));
    Files.createDirectories(repo.resolve("k8s"));
    Files.createSymbolicLink(repo.resolve("k8s/overlays"), fs.getPath("/elsewhere"));
    Map<String, String> before = tree();

    for (String path :
        List.of(
            "../outside/notes.txt",
            "k8s/../../outside/notes.txt",
            "/outside/notes.txt",
            ".git/HEAD",
            ".GIT/HEAD",
            "k8s/overlays/qa/kustomization.yaml")) {
      for (FileChange change :
          List.of(
              FileChange.none(path, Action.DELETE),
              FileChange.write(path, Action.CREATE, PlannedFile.text("x")))) {
        assertThatThrownBy(
                () ->
                    new RepositoryUpdater()
                        .apply(
                            new Changes(
                                List.of(
                                    FileChange.write(
                                        "pom.xml", Action.UPDATE, PlannedFile.text("new")),
                                    change)),
                            repo))
            .as(path)
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("nothing was changed");
      }
    }
    assertThat(tree()).isEqualTo(before);
    assertThat(Files.readString(fs.getPath("/outside/notes.txt"))).isEqualTo("keep");
    try (Stream<Path> list = Files.list(fs.getPath("/elsewhere"))) {
      assertThat(list).isEmpty();
    }
  }

  @Test
  void aReplacedFileKeepsTheModeTheTeamGaveItAndOnlyTheExecutableBitsFollow() throws IOException {
    write("README.md", "old");
    write("run.sh", "old");
    Files.setPosixFilePermissions(
        repo.resolve("README.md"), PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(
        repo.resolve("run.sh"), PosixFilePermissions.fromString("rw-r-----"));

    new RepositoryUpdater()
        .apply(
            new Changes(
                List.of(
                    FileChange.write("README.md", Action.UPDATE, PlannedFile.text("new")),
                    FileChange.write(
                        "run.sh", Action.UPDATE, new PlannedFile("new".getBytes(UTF_8), true)),
                    FileChange.write("fresh.txt", Action.CREATE, PlannedFile.text("new")))),
            repo);

    assertThat(mode("README.md")).isEqualTo("rw-------");
    assertThat(mode("run.sh")).isEqualTo("rwxr-x---");
    assertThat(mode("fresh.txt")).isEqualTo("rw-r--r--");
  }

  private String mode(String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve(path)));
  }

  @Test
  void aFileWhereADirectoryIsNeededIsRefusedBeforeAnythingIsWritten() throws IOException {
    write("pom.xml", "old pom");
    write("k8s/overlays/qa", "a file of the team's");
    Map<String, String> before = tree();

    assertThatThrownBy(() -> new RepositoryUpdater().apply(threeWrites(), repo))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "'k8s/overlays/qa' is a file, where sparkgen needs a directory for k8s/overlays/qa/kustomization.yaml; move it aside and run again (nothing was changed).");
    assertThat(tree()).isEqualTo(before);
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
