package dev.sparkgen.write;

import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a relative path of a plan or of the answers file lands in a repository, checked at the
 * moment of use: inside the repository, outside its {@code .git}, and through symbolic links only
 * when they lead to another place inside it. The spec layer validates the answers file too; this is
 * the writers' own check, so that nothing upstream can make them touch a file elsewhere.
 */
public final class RepositoryPaths {

  private final Path root;
  private final Path realRoot;

  private RepositoryPaths(Path root, Path realRoot) {
    this.root = root;
    this.realRoot = realRoot;
  }

  public static RepositoryPaths of(Path root) {
    try {
      return new RepositoryPaths(root, root.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the repository " + root, e);
    }
  }

  /**
   * The path of {@code relative} under the repository (as named, links not resolved), or a refusal
   * naming it when it leads out of the repository or into git's directory.
   */
  public Path resolve(String relative) {
    if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
      throw refused(relative, "is not a relative path inside the repository");
    }
    Path path = root;
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw refused(relative, "leads out of the repository (it has a '" + segment + "' segment)");
      }
      if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
        throw refused(relative, "is inside git's own directory .git");
      }
      path = path.resolve(segment);
      if (Files.isSymbolicLink(path)) {
        Path target;
        try {
          target = path.toRealPath();
        } catch (IOException e) {
          throw refused(
              root.relativize(path).toString().replace('\\', '/'),
              "is a symbolic link that leads nowhere");
        }
        if (!target.startsWith(realRoot) || target.startsWith(realRoot.resolve(".git"))) {
          throw refused(
              root.relativize(path).toString().replace('\\', '/'),
              "is a symbolic link to '" + target + "', outside the repository");
        }
      } else if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        break;
      }
    }
    return path;
  }

  /** The nearest ancestor of {@code relative} (inside the repository) that is not a directory. */
  public String fileInTheWay(String relative) {
    Path path = root;
    String[] segments = relative.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      path = path.resolve(segments[i]);
      if (!Files.exists(path)) {
        return null;
      }
      if (!Files.isDirectory(path)) {
        return String.join("/", java.util.Arrays.copyOf(segments, i + 1));
      }
    }
    return null;
  }

  private static InvalidInputException refused(String relative, String why) {
    return new InvalidInputException(
        "'"
            + relative
            + "' "
            + why
            + "; sparkgen reads and writes only inside the repository and never in .git, so nothing was changed (replace a link by what it points to, or remove the entry from .sparkgen.yaml).");
  }
}
