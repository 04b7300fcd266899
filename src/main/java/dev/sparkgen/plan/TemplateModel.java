package dev.sparkgen.plan;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ImageReference;
import dev.sparkgen.spec.KubernetesNames;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.Tier;
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
    ImageReference base = spec.baseImage();
    model.put("spark", Map.of(
        "version", spec.spark().version(),
        "line", spec.spark().line(),
        "scalaBinary", spec.spark().scalaBinary(),
        "baseImage", base.toString(),
        "baseImageName", base.name(),
        "baseImageTag", base.tag().orElse(""),
        "baseImageDigest", base.digest().orElse(""),
        "officialBaseImage", spec.officialBaseImage(),
        "kubernetesClientVersion", spec.spark().kubernetesClient(),
        "kubernetesModuleVersion", spec.spark().kubernetesModule()));
    KubernetesNames.ObjectNames names = KubernetesNames.objectNames(spec.name());
    model.put("names", Map.of(
        "job", names.job(),
        "driverService", names.driverService(),
        "historyService", names.historyService()));

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
    Tier tier = env.tier();
    Tier.Executors x = tier.executors();
    Map<String, Object> executors = new LinkedHashMap<>();
    executors.put("dynamic", x.dynamic());
    executors.put("min", x.min());
    executors.put("initial", x.initial());
    executors.put("max", x.max());
    executors.put("cores", x.cores());
    executors.put("memory", x.memory());
    executors.put("memoryOverhead", x.memoryOverhead());
    executors.put("requestCores", x.requestCores());
    executors.put("limitCores", x.limitCores());
    return Map.of("name", env.name(), "namespace", env.namespace(), "tier", tier.key(), "cluster", env.cluster(),
        "executors", executors,
        "features", Map.of(
            "dynamicAllocation", x.dynamic(),
            "eventLogs", tier.eventLogs(),
            "monitoring", tier.monitoring(),
            "historyServer", tier.historyServer(),
            "promoted", tier.promoted()));
  }
}
