package dev.sparkgen.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlanWriterTest {

  private final FileSystem fs =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
  private final Path work = fs.getPath("/work");
  private final PlanWriter writer = new PlanWriter();

  private final Plan plan =
      Plan.of(
          Map.of(
              "pom.xml", PlannedFile.text("<project/>\n"),
              "mvnw", new PlannedFile("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true),
              "src/main/java/com/example/Job.java", PlannedFile.text("class Job {}\n")));

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void writesEveryFileWithItsMode() throws IOException {
    Files.createDirectories(work);
    Path target = work.resolve("job");

    writer.write(plan, target);

    assertThat(target.resolve("pom.xml")).hasContent("<project/>");
    assertThat(target.resolve("src/main/java/com/example/Job.java")).hasContent("class Job {}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("mvnw"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("pom.xml"))))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rwxr-xr-x");
    assertThat(children(work)).containsExactly("job");
  }

  @Test
  void createsMissingParentsInTheSameSingleMove() throws IOException {
    Files.createDirectories(work);

    writer.write(plan, work.resolve("a/b/job"));

    assertThat(work.resolve("a/b/job/pom.xml")).exists();
    assertThat(children(work)).containsExactly("a");
  }

  @Test
  void fillsAnExistingEmptyDirectory() throws IOException {
    Path target = Files.createDirectories(work.resolve("job"));

    writer.write(plan, target);

    assertThat(target.resolve("mvnw")).exists();
    assertThat(children(work)).containsExactly("job");
  }

  @Test
  void refusesANonEmptyDirectoryAndLeavesItsContentAlone() throws IOException {
    Path target = Files.createDirectories(work.resolve("job"));
    Files.writeString(target.resolve("pom.xml"), "mine");

    assertThatThrownBy(() -> writer.write(plan, target))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exists and is not empty");

    assertThat(target.resolve("pom.xml")).hasContent("mine");
    assertThat(children(target)).containsExactly("pom.xml");
    assertThat(children(work)).containsExactly("job");
  }

  @Test
  void aTargetFilledBetweenTheCheckAndTheWriteIsLeftAlone() throws IOException {
    Files.createDirectories(work);
    Path fresh = work.resolve("job");
    PlanWriter.Target checkedNew = writer.checkTarget(fresh);
    Path empty = Files.createDirectories(work.resolve("empty"));
    PlanWriter.Target checkedEmpty = writer.checkTarget(empty);
    // What rendering's seconds allow: something else creates or fills the target.
    Files.createDirectories(fresh);
    Files.writeString(empty.resolve("pom.xml"), "mine");

    assertThatThrownBy(() -> writer.write(plan, checkedNew))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("was filled by something else");
    assertThatThrownBy(() -> writer.write(plan, checkedEmpty))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("was filled by something else");

    assertThat(children(fresh)).isEmpty();
    assertThat(children(empty)).containsExactly("pom.xml");
    assertThat(empty.resolve("pom.xml")).hasContent("mine");
    assertThat(children(work)).containsExactly("empty", "job");
  }

  @Test
  void refusesATargetThatIsAFile() throws IOException {
    Files.createDirectories(work);
    Path target = Files.writeString(work.resolve("job"), "a file");

    assertThatThrownBy(() -> writer.write(plan, target))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exists and is a file");
    assertThat(target).hasContent("a file");
  }

  @Test
  void refusesATargetUnderAFile() throws IOException {
    Files.createDirectories(work);
    Files.writeString(work.resolve("file"), "x");

    assertThatThrownBy(() -> writer.write(plan, work.resolve("file/job")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a directory");
    assertThat(children(work)).containsExactly("file");
  }

  @Test
  void leavesNothingBehindWhenWritingFailsHalfway() throws IOException {
    Files.createDirectories(work);
    // "a" is written as a file, then "a/b" needs it to be a directory: the write fails midway.
    Plan clashing =
        Plan.of(
            Map.of(
                "a",
                PlannedFile.text("x"),
                "a/b",
                PlannedFile.text("y"),
                "0-first",
                PlannedFile.text("z")));

    assertThatThrownBy(() -> writer.write(clashing, work.resolve("job")))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(children(work)).isEmpty();
  }

  @Test
  void refusesBeforeWritingAFileNameOrPathTheFileSystemCannotHold() throws IOException {
    Files.createDirectories(work);
    Plan longName = Plan.of(Map.of("src/" + "n".repeat(256) + ".java", PlannedFile.text("x")));
    Plan deep =
        Plan.of(Map.of(("d".repeat(200) + "/").repeat(21) + "Job.java", PlannedFile.text("x")));

    assertThatThrownBy(() -> writer.write(longName, work.resolve("job")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("file name '" + "n".repeat(60))
        .hasMessageContaining("is 261 bytes long; file systems accept at most 255");
    assertThatThrownBy(() -> writer.write(deep, work.resolve("job")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Output '/work/job' is too deep for the generated tree")
        .hasMessageContaining("at most 4095");
    assertThat(children(work)).isEmpty();
  }

  @Test
  void acceptsAFileNameOfExactly255Bytes() throws IOException {
    Files.createDirectories(work);
    String name = "é".repeat(127) + "x"; // 255 bytes in UTF-8, 128 characters

    writer.write(Plan.of(Map.of(name, PlannedFile.text("x"))), work.resolve("job"));

    assertThat(work.resolve("job").resolve(name)).exists();
  }

  @Test
  void acceptsAPathOfExactlyTheLimitAndRefusesOneByteMore() throws IOException {
    Files.createDirectories(work);
    // Staged as "/work/.sparkgen-staging-" + 16 hex digits + "/" + path: 41 bytes before the
    // path, longer than the final "/work/job/". 4,095 bytes in all with 254 e's.
    String path = ("d".repeat(199) + "/").repeat(19) + "e".repeat(4095 - 41 - 3800);

    writer.write(Plan.of(Map.of(path, PlannedFile.text("x"))), work.resolve("job"));
    assertThatThrownBy(
            () ->
                writer.write(
                    Plan.of(Map.of(path + "e", PlannedFile.text("x"))), work.resolve("other")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("would have a path of 4096 bytes");

    assertThat(work.resolve("job").resolve(path)).exists();
    assertThat(children(work)).containsExactly("job");
  }

  private static List<String> children(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
