package dev.sparkgen.testing;

import dev.sparkgen.validate.Kustomize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The real {@code kubectl kustomize}, run once per distinct input: a render is remembered by the
 * content of the repository's {@code k8s/} tree and the directory rendered within it. Tests that
 * validate many repositories run kubectl as before; a mutation run, which runs the same tests again
 * for every mutant of the rules, then pays for kubectl once instead of hundreds of times. Results
 * that name the temporary repository's path are not remembered, as they would be wrong for another.
 */
public final class CachedKustomize {

  private static final Map<Key, Kustomize.Result> RENDERS = new ConcurrentHashMap<>();

  private CachedKustomize() {}

  public static Kustomize kubectl() {
    Kustomize kubectl = Kustomize.kubectlOnPath();
    return dir -> {
      Path absolute = dir.toAbsolutePath().normalize();
      Path k8s = k8sRoot(absolute);
      if (k8s == null) {
        return kubectl.render(dir);
      }
      Key key = key(k8s, absolute);
      Kustomize.Result cached = RENDERS.get(key);
      if (cached != null) {
        return cached;
      }
      Kustomize.Result result = kubectl.render(dir);
      String repository = k8s.getParent().toString();
      if (!result.stdout().contains(repository) && !result.stderr().contains(repository)) {
        RENDERS.put(key, result);
      }
      return result;
    };
  }

  private static Path k8sRoot(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("k8s")) {
        return p;
      }
    }
    return null;
  }

  /** What a render depends on: the directory within k8s/ and every file of the tree. */
  private record Key(String dir, Map<String, String> files) {}

  private static Key key(Path k8s, Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(k8s)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        // Latin-1 maps each byte to one char: the key compares the bytes themselves.
        files.put(
            k8s.relativize(file).toString(),
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Key(k8s.relativize(dir).toString(), files);
  }
}
