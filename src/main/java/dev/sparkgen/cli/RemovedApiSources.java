package dev.sparkgen.cli;

import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.plan.RemovedApis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The team's sources that call a class sparkgen no longer generates, once upgrade leaves the
 * repository without it: each rewritten ({@link RemovedApis}) as part of the same changes, or
 * reported with the exact fix, so that the repository still compiles or says why not.
 */
final class RemovedApiSources {

  private RemovedApiSources() {}

  /**
   * {@code changes} plus a rewrite of each team source using {@code ExecutorImage} when no such
   * class is left after them; what cannot be rewritten is added to {@code needsAction}.
   */
  static Changes withRewrites(JobRepository repo, Changes changes, List<String> needsAction) {
    Set<String> touched =
        changes.files().stream()
            .filter(c -> c.content().isPresent())
            .map(FileChange::path)
            .collect(Collectors.toSet());
    Set<String> deleted =
        changes.files().stream()
            .filter(c -> c.action() == Action.DELETE)
            .map(FileChange::path)
            .collect(Collectors.toSet());
    List<String> sources = sources(repo.root);
    boolean classLeft =
        sources.stream()
            .filter(p -> !deleted.contains(p))
            .anyMatch(
                p ->
                    p.endsWith("/" + RemovedApis.EXECUTOR_IMAGE + ".java")
                        || p.endsWith("/" + RemovedApis.EXECUTOR_IMAGE + ".scala"));
    if (classLeft) {
      return changes;
    }
    Set<String> candidates = new TreeSet<>();
    for (String path : sources) {
      if (!touched.contains(path) && mentions(repo.root.resolve(path))) {
        candidates.add(path);
      }
    }
    if (candidates.isEmpty()) {
      return changes;
    }
    Map<String, PlannedFile> files = repo.git.readFiles(repo.root, candidates);
    List<FileChange> rewrites = new ArrayList<>();
    files.forEach(
        (path, file) ->
            RemovedApis.rewrite(path, file.text())
                .ifPresent(
                    result -> {
                      result
                          .text()
                          .ifPresent(
                              text ->
                                  rewrites.add(
                                      FileChange.write(
                                          path,
                                          Action.REWRITE,
                                          new PlannedFile(
                                              text.getBytes(StandardCharsets.UTF_8),
                                              file.executable()))));
                      needsAction.addAll(result.needsAction());
                    }));
    if (rewrites.isEmpty()) {
      return changes;
    }
    // The answers file stays the last change.
    List<FileChange> all = new ArrayList<>();
    changes.files().stream()
        .filter(c -> !c.path().equals(PlanRenderer.ANSWERS_FILE))
        .forEach(all::add);
    all.addAll(rewrites);
    changes.files().stream()
        .filter(c -> c.path().equals(PlanRenderer.ANSWERS_FILE))
        .forEach(all::add);
    return new Changes(all);
  }

  /**
   * The Java and Scala files under src/ (sparkgen's own src/sparkgen aside), links not followed.
   */
  private static List<String> sources(Path root) {
    Path src = root.resolve("src");
    if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(src)) {
      return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .map(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
          .filter(p -> p.endsWith(".java") || p.endsWith(".scala"))
          .filter(p -> !p.startsWith("src/sparkgen/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the sources under " + src + " failed", e);
    }
  }

  private static boolean mentions(Path file) {
    try {
      return Files.size(file) <= InitCommand.MAX_SOURCE_BYTES
          && Files.readString(file, StandardCharsets.UTF_8).contains(RemovedApis.EXECUTOR_IMAGE);
    } catch (CharacterCodingException e) {
      return false; // not UTF-8 text: not a source this can rewrite
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed", e);
    }
  }
}
