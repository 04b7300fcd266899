package dev.sparkgen.validate;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization as the cluster will receive it: {@code kubectl kustomize DIR}. */
@FunctionalInterface
public interface Kustomize {

  /**
   * What kubectl left: its exit code, the rendered YAML, and whatever it printed on stderr (errors,
   * deprecations).
   */
  record Result(int exitCode, String stdout, String stderr) {}

  Result render(Path dir);

  /**
   * How long one {@code kubectl kustomize} may run. A local render takes under a second; a remote
   * resource whose server accepts and never answers (plain http) makes kubectl wait forever, and
   * {@code sparkgen validate} must still end within a minute.
   */
  Duration TIME_LIMIT = Duration.ofSeconds(45);

  /** The kubectl found on PATH; {@link ToolMissingException} when there is none. */
  static Kustomize kubectlOnPath() {
    return kubectlOnPath(TIME_LIMIT);
  }

  /** As above, each render stopped after {@code limit} ({@link ToolTimeoutException}). */
  static Kustomize kubectlOnPath(Duration limit) {
    Path kubectl =
        findOnPath("kubectl")
            .orElseThrow(
                () ->
                    new ToolMissingException(
                        "kubectl is not on PATH: validate renders the overlays with `kubectl kustomize` (kubectl 1.27 or newer, kustomize v5); install it and retry."));
    return dir -> run(kubectl, dir, limit);
  }

  static Optional<Path> findOnPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Runs kubectl with its output in temporary files rather than pipes: git processes that kustomize
   * starts for a remote resource, and abandons on its own timeouts, keep a pipe open long after
   * kubectl exits, and reading to its end waited for them. Every process of the tree seen while
   * kubectl runs is killed when it ends or is stopped, so no git is left talking to a silent
   * server.
   */
  private static Result run(Path kubectl, Path dir, Duration limit) {
    Path out = null;
    Path err = null;
    Set<ProcessHandle> tree = new HashSet<>();
    Process process = null;
    try {
      out = Files.createTempFile("sparkgen-kustomize", ".out");
      err = Files.createTempFile("sparkgen-kustomize", ".err");
      process =
          new ProcessBuilder(kubectl.toString(), "kustomize", dir.toAbsolutePath().toString())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      long deadline = System.nanoTime() + limit.toNanos();
      // Children are listed while they are children: once kubectl is gone, orphans are not.
      while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(tree::add);
        if (System.nanoTime() - deadline > 0) {
          throw new ToolTimeoutException(
              "`kubectl kustomize "
                  + dir
                  + "` did not finish within "
                  + limit.toSeconds()
                  + " s, the limit validate gives it, and was stopped; a remote resource in that"
                  + " overlay whose server does not answer? Check its URLs, or render it without"
                  + " them.");
        }
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering " + dir, e);
    } finally {
      if (process != null) {
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
      }
      delete(out);
      delete(err);
    }
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A file left in the temporary directory is harmless; the render's result is not.
      }
    }
  }
}
