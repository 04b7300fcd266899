package dev.sparkgen.archetype;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.TemplateSource;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An archetype loaded into memory: its descriptor, its template tree ({@code files/}, relative path
 * → bytes) and the Kustomize base every archetype ships under {@code k8s/base/}.
 *
 * @param userFiles the paths of {@code files} that came from a user's {@code --templates} folder: a
 *     template among them that fails to render is the user's bad input, any other is a bug
 * @param source where the templates came from, for the answers file
 */
public record Archetype(
    ArchetypeDescriptor descriptor,
    SortedMap<String, byte[]> files,
    SortedMap<String, byte[]> kustomizeBase,
    Set<String> userFiles,
    TemplateSource source) {

  public Archetype {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    kustomizeBase = Collections.unmodifiableSortedMap(new TreeMap<>(kustomizeBase));
    userFiles = Set.copyOf(userFiles);
  }

  /** An archetype whose every file is the user's (a template folder made by hand, as in tests). */
  public static Archetype of(
      ArchetypeDescriptor descriptor,
      Map<String, byte[]> files,
      Map<String, byte[]> kustomizeBase) {
    return new Archetype(
        descriptor,
        new TreeMap<>(files),
        new TreeMap<>(kustomizeBase),
        files.keySet(),
        TemplateSource.folder("test", "sha256:0"));
  }

  public boolean isUserFile(String templatePath) {
    return userFiles.contains(templatePath);
  }
}
