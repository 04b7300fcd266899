package dev.sparkgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./sparkgen}) as users install and run it: through links, odd shells, odd
 * locales.
 */
class LauncherIT {

  static final Path LAUNCHER =
      Path.of(System.getProperty("sparkgen.root", "."), "sparkgen").toAbsolutePath();

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  Run run(Path workDir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().remove("JAVA_HOME");
    env.forEach(
        (key, value) -> {
          if (value == null) {
            builder.environment().remove(key);
          } else {
            builder.environment().put(key, value);
          }
        });
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  @Test
  void runsThroughAChainOfSymbolicLinks() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("home/bin"));
    Files.createSymbolicLink(bin.resolve("sparkgen-real"), LAUNCHER);
    Files.createSymbolicLink(bin.resolve("sparkgen"), Path.of("sparkgen-real"));

    Run run = run(dir, Map.of(), bin.resolve("sparkgen").toString(), "--version");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("sparkgen ");
  }

  @Test
  void saysInOneSentenceThatJavaIsMissing() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("sh", "dirname", "readlink", "find", "touch", "locale", "uname")) {
      Path found = ExternalTools.require(tool);
      Files.createSymbolicLink(bin.resolve(tool), found);
    }

    Run run = run(dir, Map.of("PATH", bin.toString()), "sh", LAUNCHER.toString(), "--version");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "sparkgen: no java on PATH and JAVA_HOME is not set; install Java 17 or newer.\n");
  }

  @Test
  void saysInOneSentenceThatTheCurrentDirectoryIsGone() throws Exception {
    Path gone = Files.createDirectory(dir.resolve("gone"));

    Run run =
        run(
            dir,
            Map.of(),
            "sh",
            "-c",
            "cd gone && rmdir ../gone && exec \"$0\" new job",
            LAUNCHER.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    // The shell itself warns first ("getcwd() failed"); what follows is the launcher's one
    // sentence, no JVM trace.
    assertThat(run.err())
        .endsWith(
            "\nsparkgen: the current directory no longer exists; cd to an existing directory and run again.\n")
        .doesNotContain("java.lang");
    assertThat(gone).doesNotExist();
  }

  @Test
  void takesNonAsciiPathsInTheCLocale() throws Exception {
    Path templates = Files.createDirectories(dir.resolve("modèles/archetypes/spark-pi/files"));
    Files.writeString(templates.resolve("README.md.ftl"), "# [=app.name], été\n");

    Run run =
        run(
            dir,
            Map.of("LC_ALL", "C"),
            LAUNCHER.toString(),
            "new",
            "job",
            "--output",
            "café",
            "--templates",
            "modèles");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(dir.resolve("café/README.md")).hasContent("# job, été");
  }

  @Test
  void runsWithAClassDataArchiveThatHoldsPicocli() throws Exception {
    // The launcher's default options plus a log of where each class came from.
    String logged =
        "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CompileThresholdScaling=3 -Xlog:class+load=info";

    Run run =
        run(
            dir,
            Map.of("SPARKGEN_JAVA_OPTS", logged),
            LAUNCHER.toString(),
            "new",
            "job",
            "--output",
            "job");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // A dynamic archive (-XX:ArchiveClassesAtExit) of JDK 17 leaves out picocli's Java 5 classes.
    assertThat(run.out())
        .contains(
            "picocli.CommandLine source: shared objects file",
            "freemarker.template.Configuration source: shared objects file",
            "dev.sparkgen.cli.NewCommand source: shared objects file");
    assertThat(LAUNCHER.resolveSibling("target/sparkgen.jsa")).isRegularFile();
  }
}
