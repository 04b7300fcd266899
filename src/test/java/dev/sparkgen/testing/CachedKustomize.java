package dev.sparkgen.testing;

import dev.sparkgen.validate.Kustomize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  private static final Map<String, Kustomize.Result> RENDERS = new ConcurrentHashMap<>();

  private CachedKustomize() {}

  public static Kustomize kubectl() {
    Kustomize kubectl = Kustomize.kubectlOnPath();
    return dir -> {
      Path k8s = k8sRoot(dir.toAbsolutePath().normalize());
      if (k8s == null) {
        return kubectl.render(dir);
      }
      String key = key(k8s, dir.toAbsolutePath().normalize());
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

  private static String key(Path k8s, Path dir) {
    try (Stream<Path> walk = Files.walk(k8s)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(k8s.relativize(dir).toString().getBytes(StandardCharsets.UTF_8));
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path file : files) {
        sha.update((byte) 0);
        sha.update(k8s.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] bytes = Files.readAllBytes(file);
        sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
