package dev.sparkgen.plan;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ProjectSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values templates see. Kept as plain maps and strings so that template authors read one
 * flat vocabulary ({@code app.name}, {@code spark.baseImage}, {@code env.tier}, ...) documented in
 * docs/templates.md, independent of the Java classes behind it.
 */
final class TemplateModel {

  private TemplateModel() {}

  static Map<String, Object> of(ProjectSpec spec, ArchetypeDescriptor archetype, String generatorVersion) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("app", Map.of(
        "name", spec.name(),
        "groupId", spec.groupId(),
        "artifactId", spec.name(),
        "packageName", spec.packageName(),
        "packagePath", spec.packageName().replace('.', '/'),
        "mainClass", spec.packageName() + "." + archetype.mainClass()));
    model.put("spark", Map.of(
        "version", spec.spark().version(),
        "line", spec.spark().line(),
        "scalaBinary", spec.spark().scalaBinary(),
        "baseImage", spec.baseImage()));
    model.put("java", Map.of("release", String.valueOf(spec.javaVersion())));
    model.put("image", Map.of("repository", spec.imageRepository()));
    model.put("registry", spec.registry().orElse(""));
    List<Map<String, Object>> envs = spec.environments().stream().map(TemplateModel::env).toList();
    model.put("envs", envs);
    model.put("defaultEnv", envs.get(0));
    model.put("params", spec.parameters());
    model.put("generator", Map.of("version", generatorVersion));
    return model;
  }

  static Map<String, Object> env(Environment env) {
    return Map.of("name", env.name(), "namespace", env.namespace(), "tier", env.tier(), "cluster", env.cluster());
  }
}
