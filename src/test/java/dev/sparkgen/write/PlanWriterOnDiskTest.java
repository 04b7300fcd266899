package dev.sparkgen.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on the real file system: what Jimfs cannot show (inodes, links, kernel limits, races).
 */
class PlanWriterOnDiskTest {

  @TempDir Path dir;

  private final PlanWriter writer = new PlanWriter();

  private final Plan plan =
      Plan.of(
          Map.of(
              "pom.xml", PlannedFile.text("<project/>\n"),
              "mvnw", new PlannedFile("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true),
              "src/main/java/com/example/Job.java", PlannedFile.text("class Job {}\n")));

  @Test
  void fillsAnEmptyDirectoryInPlaceKeepingItsInodeModeAndGroup() throws IOException {
    Path target = Files.createDirectory(dir.resolve("job"));
    Files.setAttribute(target, "unix:mode", 02770);
    Object inode = Files.getAttribute(target, "unix:ino");

    writer.write(plan, target);

    assertThat(Files.getAttribute(target, "unix:ino")).isEqualTo(inode);
    assertThat((int) Files.getAttribute(target, "unix:mode") & 07777).isEqualTo(02770);
    assertThat(target.resolve("pom.xml")).hasContent("<project/>");
    assertThat(target.resolve("src/main/java/com/example/Job.java")).exists();
    assertThat(children(target)).containsExactly("mvnw", "pom.xml", "src");
    assertThat(children(dir)).containsExactly("job");
  }

  @Test
  void fillsAnEmptyDirectoryReachedThroughASymlink() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    writer.write(plan, link);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real.resolve("pom.xml")).hasContent("<project/>");
    assertThat(children(dir)).containsExactly("link", "real");
  }

  @Test
  void refusesADanglingSymlinkAndALoopOfLinksLeavingThemAlone() throws IOException {
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing"));
    Path loop = Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));

    for (Path target : List.of(dangling, loop, loop.resolve("job"))) {
      assertThatThrownBy(() -> writer.write(plan, target))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("symbolic link")
          .hasMessageContaining("'" + target + "'");
    }
    assertThat(children(dir)).containsExactly("dangling", "loop");
    assertThat(Files.readSymbolicLink(dangling)).isEqualTo(dir.resolve("missing"));
  }

  @Test
  void writesAValidNameOf240Characters() throws IOException {
    Path target = dir.resolve("j".repeat(240));

    writer.write(plan, target);

    assertThat(target.resolve("pom.xml")).exists();
    assertThat(children(dir)).containsExactly("j".repeat(240));
  }

  @Test
  void refusesAPlaceTheKernelDoesNotLetItCreateADirectory() {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self")) && Files.isDirectory(Path.of("/sys/kernel")));
    for (String target : List.of("/proc/x")) {
      assertThatThrownBy(() -> writer.write(plan, Path.of(target)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Output '" + target + "' cannot be created in '")
          .hasMessageContaining(
              "' (the file system does not let a directory be created there); pass a path under a writable directory.");
      assertThat(Path.of(target)).doesNotExist();
    }
    assertThatThrownBy(() -> writer.write(plan, Path.of("/sys/x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Output '/sys/x' cannot be created in '/sys' (Operation not permitted); pass a path under a writable directory.");
  }

  @Test
  void letsExactlyOneOfTwoConcurrentRunsWinAndTellsTheOtherItIsBadInput() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 25; i++) {
        Path fresh = dir.resolve("new-" + i);
        Path empty = Files.createDirectory(dir.resolve("empty-" + i));
        for (Path target : List.of(fresh, empty)) {
          CyclicBarrier start = new CyclicBarrier(2);
          Callable<Throwable> run =
              () -> {
                start.await();
                try {
                  writer.write(plan, target);
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              };
          List<Future<Throwable>> runs =
              new ArrayList<>(List.of(pool.submit(run), pool.submit(run)));
          List<Throwable> outcomes = new ArrayList<>();
          for (Future<Throwable> f : runs) {
            outcomes.add(f.get());
          }
          assertThat(outcomes).as(target.toString()).containsOnlyOnce((Throwable) null);
          assertThat(outcomes.stream().filter(o -> o != null).findFirst().orElseThrow())
              .as(target.toString())
              .isInstanceOf(InvalidInputException.class);
          assertThat(children(target))
              .as(target.toString())
              .containsExactly("mvnw", "pom.xml", "src");
        }
      }
      try (Stream<Path> list = Files.list(dir)) {
        assertThat(list.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith(".sparkgen"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leavesNoStagingInsideAnExistingDirectoryWhenWritingFails() throws IOException {
    Path target = Files.createDirectory(dir.resolve("job"));
    Plan clashing = Plan.of(Map.of("a", PlannedFile.text("x"), "a/b", PlannedFile.text("y")));

    assertThatThrownBy(() -> writer.write(clashing, target)).isInstanceOf(RuntimeException.class);

    assertThat(children(target)).isEmpty();
    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  private static List<String> children(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
