package dev.sparkgen.archetype;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An archetype loaded into memory: its descriptor, its template tree ({@code files/}, relative path
 * → bytes) and the Kustomize base every archetype ships under {@code k8s/base/}.
 */
public record Archetype(
    ArchetypeDescriptor descriptor,
    SortedMap<String, byte[]> files,
    SortedMap<String, byte[]> kustomizeBase) {

  public Archetype {
    files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    kustomizeBase = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(kustomizeBase));
  }

  public static Archetype of(
      ArchetypeDescriptor descriptor, Map<String, byte[]> files, Map<String, byte[]> kustomizeBase) {
    return new Archetype(descriptor, new TreeMap<>(files), new TreeMap<>(kustomizeBase));
  }
}
