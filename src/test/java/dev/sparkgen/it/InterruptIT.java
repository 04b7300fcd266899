package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator stopped by a signal while it writes leaves no partial repository: the CLI is
 * terminated (SIGTERM, as Ctrl-C or a CI timeout would) the moment its staging directory appears.
 */
class InterruptIT {

  static final int BULK_FILES = 40_000;

  @TempDir Path dir;

  @Test
  void terminationWhileWritingLeavesNeitherTheRepositoryNorItsStagingBehind() throws Exception {
    Path templates = dir.resolve("templates");
    Path bulk = Files.createDirectories(templates.resolve("archetypes/spark-pi/files/bulk"));
    byte[] kilobyte = new byte[1024];
    for (int i = 0; i < BULK_FILES; i++) {
      Files.write(bulk.resolve("file-" + i + ".txt"), kilobyte);
    }
    Path out = Files.createDirectories(dir.resolve("out"));
    Path target = out.resolve("job");

    Process cli =
        new ProcessBuilder(
                "java",
                "-jar",
                System.getProperty("sparkgen.jar"),
                "new",
                "job",
                "--templates",
                templates.toString(),
                "--output",
                target.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.log").toFile())
            .start();
    boolean sawStaging = false;
    while (cli.isAlive() && !sawStaging) {
      sawStaging = !staging(out).isEmpty();
    }
    cli.destroy();
    cli.waitFor(60, TimeUnit.SECONDS);

    assertThat(sawStaging)
        .as("the CLI finished before it could be interrupted; make the plan bigger")
        .isTrue();
    assertThat(cli.exitValue()).as(Files.readString(dir.resolve("cli.log"))).isNotZero();
    assertThat(target).doesNotExist();
    assertThat(staging(out)).isEmpty();
  }

  private static List<Path> staging(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith(".sparkgen-staging-")).toList();
    }
  }
}
