package dev.sparkgen.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What init reads of a project's sources when it looks for the main class. */
class InitSourcesTest {

  @TempDir Path dir;

  @Test
  void readsJavaAndScalaSourcesOfBothRootsOnly() throws Exception {
    Path project = dir.resolve("p");
    write(project.resolve("src/main/java/com/acme/Job.java"), "class Job {}");
    write(project.resolve("src/main/scala/com/acme/Etl.scala"), "object Etl");
    write(project.resolve("src/main/java/com/acme/notes.txt"), "not a source");
    write(project.resolve("src/test/java/com/acme/JobTest.java"), "class JobTest {}");

    assertThat(InitCommand.sources(project))
        .containsOnlyKeys("src/main/java/com/acme/Job.java", "src/main/scala/com/acme/Etl.scala")
        .containsEntry("src/main/java/com/acme/Job.java", "class Job {}");
  }

  /** A link could bring in a file from outside the project; it is not the team's source. */
  @Test
  void doesNotFollowALinkToASourceElsewhere() throws Exception {
    Path project = dir.resolve("p");
    write(project.resolve("src/main/java/com/acme/Job.java"), "class Job {}");
    Path elsewhere = write(dir.resolve("elsewhere/Other.java"), "class Other {}");
    Files.createSymbolicLink(project.resolve("src/main/java/com/acme/Other.java"), elsewhere);

    assertThat(InitCommand.sources(project)).containsOnlyKeys("src/main/java/com/acme/Job.java");
  }

  /** The size limit (1 MiB) is inclusive. */
  @Test
  void readsASourceOfExactly1MiBAndSkipsALargerOne() throws Exception {
    Path project = dir.resolve("p");
    int limit = (int) InitCommand.MAX_SOURCE_BYTES;
    write(project.resolve("src/main/java/At.java"), "/" + "*".repeat(limit - 1));
    write(project.resolve("src/main/java/Over.java"), "/" + "*".repeat(limit));

    assertThat(InitCommand.sources(project)).containsOnlyKeys("src/main/java/At.java");
  }

  private static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, UTF_8);
  }
}
