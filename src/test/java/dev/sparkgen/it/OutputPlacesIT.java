package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output} at places only a real process shows: the current directory, mount points, a
 * directory of another user, a race between two processes. The packaged CLI, as users run it.
 */
class OutputPlacesIT {

  static final String JAR = System.getProperty("sparkgen.jar");

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  @Test
  void fillsTheCurrentDirectoryInPlaceKeepingModeGroupAndTheShellsDirectory() throws Exception {
    for (String output : List.of(".", "")) {
      Path cwd = Files.createDirectory(dir.resolve("cwd" + output.length()));
      Files.setAttribute(cwd, "unix:mode", 02770);
      Files.setAttribute(cwd, "unix:gid", 65534);
      Object inode = Files.getAttribute(cwd, "unix:ino");

      // The printed next step runs in the same shell, in the directory it started in.
      Run run =
          run(
              cwd,
              "sh",
              "-c",
              "java -jar \"$0\" new job --output \"$1\" && ls pom.xml && test -x mvnw",
              JAR,
              output);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("Next: cd . && ./mvnw verify").contains("pom.xml");
      assertThat(Files.getAttribute(cwd, "unix:ino")).isEqualTo(inode);
      assertThat((int) Files.getAttribute(cwd, "unix:mode") & 07777).isEqualTo(02770);
      assertThat(Files.getAttribute(cwd, "unix:gid")).isEqualTo(65534);
      assertThat(names(cwd))
          .contains("pom.xml", ".sparkgen.yaml")
          .noneMatch(n -> n.startsWith(".sparkgen-staging"));
    }
  }

  @Test
  void fillsAnEmptyTmpfsOrBindMountPointAndRefusesAReadOnlyOne() throws Exception {
    ExternalTools.requireRoot("mount namespaces");
    ExternalTools.require("unshare");
    Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
    Path source = Files.createDirectory(dir.resolve("src"));
    String generate = " && java -jar \"$0\" new job --output \"$1\"";

    Run tmpfs =
        run(
            dir,
            "unshare",
            "-m",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64m none \"$1\"" + generate + " && test -f \"$1/pom.xml\"",
            JAR,
            mountPoint.toString());
    Run bind =
        run(
            dir,
            "unshare",
            "-m",
            "sh",
            "-c",
            "mount --bind \"$2\" \"$1\"" + generate,
            JAR,
            mountPoint.toString(),
            source.toString());
    Path readOnlySource = Files.createDirectory(dir.resolve("ro-src"));
    Run readOnly =
        run(
            dir,
            "unshare",
            "-m",
            "sh",
            "-c",
            "mount --bind \"$2\" \"$1\" && mount -o remount,bind,ro \"$1\"" + generate,
            JAR,
            mountPoint.toString(),
            readOnlySource.toString());

    assertThat(tmpfs.exitCode()).as(tmpfs.err()).isZero();
    assertThat(bind.exitCode()).as(bind.err()).isZero();
    assertThat(source.resolve("pom.xml")).exists();
    assertThat(readOnly.exitCode()).isEqualTo(2);
    assertThat(readOnly.err())
        .isEqualTo(
            "sparkgen: Output directory '"
                + mountPoint
                + "' is not writable (no permission, or a read-only file system); pass a writable empty directory or a new path.\n");
    assertThat(names(readOnlySource)).isEmpty();
    assertThat(names(mountPoint)).isEmpty();
  }

  @Test
  void refusesAnotherUsersEmptyDirectoryInAStickyDirectory() throws Exception {
    ExternalTools.requireRoot("setpriv to another user");
    ExternalTools.require("setpriv");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sticky = Files.createDirectory(dir.resolve("tmp"));
    Files.setAttribute(sticky, "unix:mode", 01777);
    Path rootOwned = Files.createDirectory(sticky.resolve("x"));

    Run run =
        run(
            dir,
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "java",
            "-jar",
            JAR,
            "new",
            "job",
            "--output",
            rootOwned.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "sparkgen: Output directory '"
                + rootOwned
                + "' is not writable (no permission, or a read-only file system); pass a writable empty directory or a new path.\n");
    assertThat(names(rootOwned)).isEmpty();
    assertThat(names(sticky)).containsExactly("x");
  }

  @Test
  void letsOneOfTwoConcurrentProcessesWinAndTheOtherExitWithTwo() throws Exception {
    for (int i = 0; i < 5; i++) {
      Path target = dir.resolve("job-" + i);
      List<Process> processes = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        processes.add(
            new ProcessBuilder("java", "-jar", JAR, "new", "job", "--output", target.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-" + i + "-" + p + ".log").toFile())
                .start());
      }
      List<Integer> exits = new ArrayList<>();
      for (Process process : processes) {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        exits.add(process.exitValue());
      }
      assertThat(exits)
          .as(
              Files.readString(dir.resolve("run-" + i + "-0.log"))
                  + Files.readString(dir.resolve("run-" + i + "-1.log")))
          .containsExactlyInAnyOrder(0, 2);
      assertThat(target.resolve("pom.xml")).exists();
    }
    assertThat(names(dir)).noneMatch(n -> n.startsWith(".sparkgen"));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
