package dev.sparkgen.validate;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Renders a kustomization as the cluster will receive it: {@code kubectl kustomize DIR}. */
@FunctionalInterface
public interface Kustomize {

  /**
   * What kubectl left: its exit code, the rendered YAML, and whatever it printed on stderr (errors,
   * deprecations).
   */
  record Result(int exitCode, String stdout, String stderr) {}

  Result render(Path dir);

  /** The kubectl found on PATH; {@link ToolMissingException} when there is none. */
  static Kustomize kubectlOnPath() {
    Path kubectl =
        findOnPath("kubectl")
            .orElseThrow(
                () ->
                    new ToolMissingException(
                        "kubectl is not on PATH: validate renders the overlays with `kubectl kustomize` (kubectl 1.27 or newer, kustomize v5); install it and retry."));
    return dir -> run(kubectl, dir);
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

  private static Result run(Path kubectl, Path dir) {
    try {
      Process process =
          new ProcessBuilder(kubectl.toString(), "kustomize", dir.toAbsolutePath().toString())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      // Both streams drained at once, or a chatty kubectl blocks on a full pipe.
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      return new Result(process.waitFor(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering " + dir, e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
