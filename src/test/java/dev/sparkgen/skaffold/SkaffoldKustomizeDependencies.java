package dev.sparkgen.skaffold;

import dev.sparkgen.spec.BoundedYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files {@code skaffold dev} watches for a {@code manifests.kustomize.paths} entry: a change to
 * one of them re-renders and redeploys; a change to any other file does nothing. Ported from
 * skaffold's {@code DependenciesForKustomization} in
 * pkg/skaffold/render/renderer/kustomize/kustomize.go (GoogleContainerTools/skaffold at
 * 359a940c1b26e9aecfad508c1e87a679ec86e49b; the file, and pkg/skaffold/util/util.go's {@code
 * AbsolutePaths}, are the same at tag v2.15.0, bffbfe0d97299ca2c843a0b45ddd51b0e8f6c28b), which
 * {@code Kustomize.ManifestDeps} calls and pkg/skaffold/runner/dev.go registers with the file
 * monitor ("Watch render configuration": a change means {@code Redeploy}). The monitor
 * (pkg/skaffold/filemon/changes.go, {@code Stat}) silently ignores a listed path that does not
 * exist.
 *
 * <p>The rule, line for line: the kustomization file (kustomization.yaml, kustomization.yml or
 * Kustomization; none means "remote": nothing more); {@code bases}, {@code resources} and {@code
 * components} that exist locally, directories followed recursively, files listed; {@code
 * patchesStrategicMerge} and {@code crds} as written; {@code patches} and {@code patchesJson6902}
 * with a {@code path} that exists; each {@code configMapGenerator} and {@code secretGenerator}
 * entry's {@code files}, {@code envs} and {@code env} joined to the directory as written, so a
 * {@code key=path} file source becomes a path named "key=path", which never exists. Not followed at
 * all: {@code transformers}, {@code generators}, {@code validators}, {@code configurations}, {@code
 * openapi}, {@code replacements} with a path, {@code helmCharts}.
 */
final class SkaffoldKustomizeDependencies {

  /** constants.KustomizeFilePaths, in skaffold's order. */
  private static final List<String> KUSTOMIZE_FILE_PATHS =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private SkaffoldKustomizeDependencies() {}

  /** What skaffold lists for the kustomization in {@code dir}, paths normalised as Go's Join. */
  static List<Path> of(Path dir) throws IOException {
    List<Path> deps = new ArrayList<>();
    Path file = null;
    for (String candidate : KUSTOMIZE_FILE_PATHS) {
      if (Files.exists(dir.resolve(candidate))) {
        file = dir.resolve(candidate);
        break;
      }
    }
    if (file == null) {
      return deps;
    }
    Object loaded = BoundedYaml.load(Files.readString(file));
    Map<?, ?> content = loaded instanceof Map<?, ?> map ? map : Map.of();
    deps.add(join(dir, file.getFileName().toString()));

    List<String> candidates = new ArrayList<>();
    candidates.addAll(strings(content.get("bases")));
    candidates.addAll(strings(content.get("resources")));
    candidates.addAll(strings(content.get("components")));
    for (String candidate : candidates) {
      Path local = join(dir, candidate);
      if (!Files.exists(local)) {
        continue;
      }
      if (Files.isDirectory(local)) {
        deps.addAll(of(local));
      } else {
        deps.add(local);
      }
    }
    for (String patch : strings(content.get("patchesStrategicMerge"))) {
      deps.add(join(dir, patch));
    }
    for (String crd : strings(content.get("crds"))) {
      deps.add(join(dir, crd));
    }
    for (String field : List.of("patches", "patchesJson6902")) {
      for (Map<?, ?> patch : maps(content.get(field))) {
        if (patch.get("path") instanceof String path
            && !path.isEmpty()
            && Files.exists(join(dir, path))) {
          deps.add(join(dir, path));
        }
      }
    }
    for (String field : List.of("configMapGenerator", "secretGenerator")) {
      for (Map<?, ?> generator : maps(content.get(field))) {
        for (String source : strings(generator.get("files"))) {
          deps.add(join(dir, source));
        }
        List<String> envs = new ArrayList<>(strings(generator.get("envs")));
        if (generator.get("env") instanceof String env && !env.isEmpty()) {
          envs.add(env);
        }
        for (String env : envs) {
          deps.add(join(dir, env));
        }
      }
    }
    return deps;
  }

  /** Go's filepath.Join(dir, name): joined and cleaned, an absolute name included as it is. */
  private static Path join(Path dir, String name) {
    return Path.of(dir.toString(), name).normalize();
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static List<Map<?, ?>> maps(Object value) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map) {
          out.add(map);
        }
      }
    }
    return out;
  }
}
