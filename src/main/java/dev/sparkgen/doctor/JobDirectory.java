package dev.sparkgen.doctor;

import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The job repository doctor looks at: its top directory and the environments that have an overlay
 * ({@code k8s/overlays/<env>/kustomization.yaml}). Doctor's own reader: doctor imports spec only.
 */
record JobDirectory(Path root, List<String> environments) {

  static final String OVERLAYS = "k8s/overlays";

  /** Refuses (bad input) a directory that holds no overlay. */
  static JobDirectory open(Path root) {
    Path overlays = root.resolve(OVERLAYS);
    if (!Files.isDirectory(overlays)) {
      throw new InvalidInputException(
          "'"
              + root
              + "' is not a job repository: it has no "
              + OVERLAYS
              + "/ directory; run doctor in (or name) the repository's top directory.");
    }
    List<String> environments;
    try (Stream<Path> dirs = Files.list(overlays)) {
      environments =
          dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
              .map(d -> d.getFileName().toString())
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (environments.isEmpty()) {
      throw new InvalidInputException(
          "'" + root + "' has no overlay: no " + OVERLAYS + "/<env>/kustomization.yaml.");
    }
    return new JobDirectory(root, environments);
  }

  /** Refuses {@code env} unless the repository has its overlay. */
  void requireEnvironment(String env) {
    if (!environments.contains(env)) {
      throw new InvalidInputException(
          "Environment '"
              + env
              + "' has no overlay in "
              + root.resolve(OVERLAYS)
              + "; the repository's environments are "
              + environments
              + ".");
    }
  }

  Path overlay(String env) {
    return root.resolve(OVERLAYS).resolve(env);
  }
}
