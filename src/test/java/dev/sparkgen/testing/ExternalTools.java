package dev.sparkgen.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds external tools (kubectl, ...) for tests. On a developer's laptop a missing tool skips the
 * test; under CI (CI=true) it fails it, because a skipped check must never pass for a green run.
 */
public final class ExternalTools {

  private ExternalTools() {}

  /** The tool's path on PATH; skips the calling test if absent, fails it under CI. */
  public static Path require(String tool) {
    Path found = find(tool);
    if (found == null) {
      String message = tool + " is not on PATH";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + ", and CI must run every test that needs it (.ci/run installs it)");
      }
      assumeTrue(false, message + ": test skipped on this machine");
    }
    return found;
  }

  /** Skips the calling test unless it runs as root, and fails it under CI, which runs as root. */
  public static void requireRoot(String why) {
    if (!"root".equals(System.getProperty("user.name"))) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("this test needs root (" + why + "), and CI must run it");
      }
      assumeTrue(false, "this test needs root (" + why + "): skipped");
    }
  }

  static Path find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  /**
   * The environment under which a generated project's own tests run: its KubernetesManifestsTest
   * runs the sparkgen that $SPARKGEN names, and fails without one under CI=true.
   */
  public static final java.util.Map<String, String> GENERATED_PROJECT_ENV =
      java.util.Map.of("SPARKGEN", System.getProperty("sparkgen.jar", ""));

  /** Runs git in {@code repo}; fails the test unless it succeeds. Returns its output, stripped. */
  public static String git(Path repo, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    return run(repo, command).assertSuccess("git " + String.join(" ", args)).stdout().strip();
  }

  /** Commits everything in {@code repo}'s work tree, as a team member would. */
  public static void commitAll(Path repo, String message) throws IOException, InterruptedException {
    git(repo, "add", "-A");
    git(
        repo,
        "-c",
        "user.name=Team",
        "-c",
        "user.email=team@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message);
  }

  /** Runs a command, returns its result; the caller asserts on it. */
  public static Result run(Path workDir, String... command)
      throws IOException, InterruptedException {
    return run(workDir, java.util.Map.of(), command);
  }

  /** Runs a command with these environment variables added to the test's own. */
  public static Result run(
      Path workDir, java.util.Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("sparkgen-out", ".txt");
    Path err = Files.createTempFile("sparkgen-err", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      int exit = process.waitFor();
      return new Result(exit, Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What a finished command left: exit code, standard output, standard error. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result assertSuccess(String what) {
      if (exitCode != 0) {
        fail(what + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }
}
