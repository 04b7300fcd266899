package dev.sparkgen.skaffold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Skaffold's profile activation ({@code skaffold -p NAME}) on a parsed skaffold.yaml, as skaffold
 * does it (pkg/skaffold/schema/profiles.go, "applyProfile"): the profile's pipeline is laid over
 * the main one field by field. A struct field is merged recursively; a pointer, a list or a scalar
 * of the profile replaces the main one when set (a list when non-empty); the members of a "oneOf"
 * group (build's local / googleCloudBuild / cluster, the tag policies) replace the whole group.
 * JSON {@code patches} are not implemented: the generated files use none, and this refuses them.
 */
final class SkaffoldProfiles {

  /** Pipeline fields that are Go structs (merged field by field), by their YAML path. */
  private static final Set<String> STRUCTS =
      Set.of("build", "manifests", "deploy", "resourceSelector", "deploy.logs", "manifests.hooks");

  /** "oneOf" groups: setting any member in a profile replaces every member of the group. */
  private static final Map<String, Set<String>> ONE_OF =
      Map.of("build", Set.of("local", "googleCloudBuild", "cluster"));

  /**
   * The fields of a profile that overlay the pipeline (everything but its own name, activation...).
   */
  private static final Set<String> PIPELINE =
      Set.of(
          "build",
          "manifests",
          "deploy",
          "portForward",
          "resourceSelector",
          "test",
          "verify",
          "customActions");

  private SkaffoldProfiles() {}

  /**
   * The configuration skaffold runs with {@code -p name}; the profiles section removed, as skaffold
   * does.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> apply(Map<String, Object> config, String name) {
    List<Map<String, Object>> profiles =
        (List<Map<String, Object>>) config.getOrDefault("profiles", List.of());
    Map<String, Object> profile =
        profiles.stream()
            .filter(p -> name.equals(p.get("name")))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("couldn't find profile " + name));
    if (profile.containsKey("patches")) {
      throw new UnsupportedOperationException(
          "profile " + name + " uses patches, which this test helper does not apply");
    }
    Map<String, Object> merged = new LinkedHashMap<>(config);
    merged.remove("profiles");
    for (String field : PIPELINE) {
      if (profile.containsKey(field)) {
        merged.put(field, overlay(field, merged.get(field), profile.get(field)));
      }
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Object overlay(String path, Object base, Object over) {
    if (over == null) {
      return base;
    }
    if (STRUCTS.contains(path) && over instanceof Map<?, ?> overMap) {
      Map<String, Object> result =
          base instanceof Map<?, ?> baseMap
              ? new LinkedHashMap<>((Map<String, Object>) baseMap)
              : new LinkedHashMap<>();
      Set<String> group = ONE_OF.getOrDefault(path, Set.of());
      if (overMap.keySet().stream().anyMatch(group::contains)) {
        group.forEach(result::remove);
      }
      for (Map.Entry<String, Object> e : ((Map<String, Object>) overMap).entrySet()) {
        result.put(
            e.getKey(), overlay(path + "." + e.getKey(), result.get(e.getKey()), e.getValue()));
      }
      return result;
    }
    if (over instanceof List<?> list) {
      return list.isEmpty() ? base : new ArrayList<>(list);
    }
    if (over instanceof String s && s.isEmpty()) {
      return base;
    }
    // A pointer (a map here) or a non-zero scalar replaces the main value whole.
    return over;
  }
}
