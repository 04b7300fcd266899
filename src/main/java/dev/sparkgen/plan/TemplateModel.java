package dev.sparkgen.plan;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ImageReference;
import dev.sparkgen.spec.KubernetesNames;
import dev.sparkgen.spec.ObjectStore;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SparkRelease;
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
    SparkRelease.Hadoop hadoop = spec.spark().hadoop();
    SparkRelease.MavenArtifact gcs = hadoop.gcsConnector();
    model.put("spark", Map.ofEntries(
        Map.entry("version", spec.spark().version()),
        Map.entry("line", spec.spark().line()),
        Map.entry("scalaBinary", spec.spark().scalaBinary()),
        Map.entry("baseImage", base.toString()),
        Map.entry("baseImageName", base.name()),
        Map.entry("baseImageTag", base.tag().orElse("")),
        Map.entry("baseImageDigest", base.digest().orElse("")),
        Map.entry("officialBaseImage", spec.officialBaseImage()),
        Map.entry("kubernetesClientVersion", spec.spark().kubernetesClient()),
        Map.entry("hadoopVersion", hadoop.version()),
        Map.entry("gcsConnector", Map.of("groupId", gcs.groupId(), "artifactId", gcs.artifactId(),
            "version", gcs.version(), "classifier", gcs.classifier())),
        Map.entry("s3aWebIdentityProvider", hadoop.s3aWebIdentityProvider()),
        Map.entry("s3aEnvironmentProvider", hadoop.s3aEnvironmentProvider())));
    model.put("objectStores", Map.of(
        "s3a", spec.objectStores().contains(ObjectStore.S3A),
        "gcs", spec.objectStores().contains(ObjectStore.GCS),
        "keys", spec.objectStores().stream().map(ObjectStore::key).toList()));
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
