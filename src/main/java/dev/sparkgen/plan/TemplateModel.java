package dev.sparkgen.plan;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ImageLayout;
import dev.sparkgen.spec.ImageReference;
import dev.sparkgen.spec.KubernetesNames;
import dev.sparkgen.spec.ObjectStore;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SkaffoldConfig;
import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.spec.StandaloneMigration;
import dev.sparkgen.spec.StandaloneMigration.DriverPod;
import dev.sparkgen.spec.StandaloneMigration.EnvironmentMigration;
import dev.sparkgen.spec.StandaloneMigration.MavenDependency;
import dev.sparkgen.spec.StandaloneMigration.Property;
import dev.sparkgen.spec.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values templates see. Kept as plain maps and strings so that template authors read one flat
 * vocabulary ({@code app.name}, {@code spark.baseImage}, {@code env.tier}, ...) documented in
 * docs/templates.md, independent of the Java classes behind it.
 */
final class TemplateModel {

  private TemplateModel() {}

  static Map<String, Object> of(
      ProjectSpec spec, ArchetypeDescriptor archetype, String generatorVersion) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(
        "app",
        Map.of(
            "name", spec.name(),
            "groupId", spec.groupId(),
            "artifactId", spec.name(),
            "packageName", spec.packageName(),
            "packagePath", spec.packageName().replace('.', '/'),
            // The team's sources: src/main/LANGUAGE/.../Job.LANGUAGE (java or scala).
            "language", spec.language().key(),
            // An adopted project's own class, else the one the Standalone submission named, else
            // the archetype's.
            "mainClass",
                spec.mainClass()
                    .or(() -> spec.migration().flatMap(StandaloneMigration::mainClass))
                    .orElseGet(() -> spec.packageName() + "." + archetype.mainClass())));
    ImageReference base = spec.baseImage();
    SparkRelease.Hadoop hadoop = spec.spark().hadoop();
    SparkRelease.MavenArtifact gcs = hadoop.gcsConnector();
    model.put(
        "spark",
        Map.ofEntries(
            Map.entry("version", spec.spark().version()),
            Map.entry("line", spec.spark().line()),
            Map.entry("scalaBinary", spec.spark().scalaBinary()),
            Map.entry("scalaVersion", spec.spark().scalaVersion()),
            Map.entry("baseImage", base.toString()),
            Map.entry("baseImageName", base.name()),
            Map.entry("baseImageTag", base.tag().orElse("")),
            Map.entry("baseImageDigest", base.digest().orElse("")),
            Map.entry("officialBaseImage", spec.officialBaseImage()),
            Map.entry("kubernetesClientVersion", spec.spark().kubernetesClient()),
            Map.entry("kubernetesModuleVersion", spec.spark().kubernetesModule()),
            Map.entry("kubernetesMockServerVersion", spec.spark().kubernetesMockServer()),
            Map.entry("hadoopVersion", hadoop.version()),
            Map.entry(
                "gcsConnector",
                Map.of(
                    "groupId",
                    gcs.groupId(),
                    "artifactId",
                    gcs.artifactId(),
                    "version",
                    gcs.version(),
                    "classifier",
                    gcs.classifier())),
            Map.entry("s3aWebIdentityProvider", hadoop.s3aWebIdentityProvider()),
            Map.entry("s3aEnvironmentProvider", hadoop.s3aEnvironmentProvider())));
    model.put(
        "objectStores",
        Map.of(
            "s3a", spec.objectStores().contains(ObjectStore.S3A),
            "gcs", spec.objectStores().contains(ObjectStore.GCS),
            "keys", spec.objectStores().stream().map(ObjectStore::key).toList()));
    KubernetesNames.ObjectNames names = KubernetesNames.objectNames(spec.name());
    model.put(
        "names",
        Map.of(
            "job", names.job(),
            "driverService", names.driverService(),
            "historyService", names.historyService()));

    model.put("java", Map.of("release", String.valueOf(spec.javaVersion())));
    model.put(
        "jib",
        Map.of(
            "version",
            ImageLayout.JIB_VERSION,
            "jarPluginVersion",
            ImageLayout.JAR_PLUGIN_VERSION,
            "buildHelperVersion",
            ImageLayout.BUILD_HELPER_VERSION));
    model.put(
        "image",
        Map.of(
            "repository", spec.imageRepository(),
            "placeholder", ImageLayout.PLACEHOLDER,
            "user", ImageLayout.USER,
            "appRoot", ImageLayout.APP_ROOT,
            "workingDirectory", ImageLayout.WORKING_DIRECTORY));
    model.put("skaffold", Map.of("apiVersion", SkaffoldConfig.API_VERSION));
    model.put("scala", Map.of("pluginVersion", SparkVersions.SCALA_MAVEN_PLUGIN));
    model.put("registry", spec.registry().orElse(""));
    model.put("migration", migration(spec));
    model.put(
        "archetype",
        Map.of(
            "id",
            archetype.id(),
            // The job's class without its package, which names its source file and its test.
            "mainClassName",
            String.valueOf(archetype.mainClass()),
            // none, optional or required: whether the job's own data is on an object store, so
            // its tests run against a real one (archetype.yaml, field objectStore).
            "objectStore",
            archetype.objectStore().key(),
            // How the driver's output begins when the job succeeded (field success), or empty.
            "success",
            archetype.success()));
    List<Map<String, Object>> envs =
        spec.environments().stream().map(e -> env(spec, archetype, e)).toList();
    model.put("envs", envs);
    model.put("defaultEnv", envs.get(0));
    model.put("params", spec.parameters());
    model.put("generator", Map.of("version", generatorVersion));
    return model;
  }

  /**
   * The id of the pom's repository for the {@code index}th URL of {@code --repositories}, from 0.
   */
  static String repositoryId(int index) {
    return "standalone-" + (index + 1);
  }

  /** What the Standalone migration adds to the pom (none without one). */
  private static Map<String, Object> migration(ProjectSpec spec) {
    List<Map<String, Object>> dependencies = new ArrayList<>();
    List<Map<String, Object>> repositories = new ArrayList<>();
    spec.migration()
        .ifPresent(
            m -> {
              for (MavenDependency d : m.dependencies()) {
                List<Map<String, String>> exclusions =
                    d.exclusions().stream()
                        .map(
                            e ->
                                Map.of(
                                    "groupId",
                                    e.substring(0, e.indexOf(':')),
                                    "artifactId",
                                    e.substring(e.indexOf(':') + 1)))
                        .toList();
                dependencies.add(
                    Map.of(
                        "groupId",
                        d.groupId(),
                        "artifactId",
                        d.artifactId(),
                        "version",
                        d.version(),
                        "provided",
                        d.provided(),
                        "exclusions",
                        exclusions));
              }
              for (int i = 0; i < m.repositories().size(); i++) {
                repositories.add(Map.of("id", repositoryId(i), "url", m.repositories().get(i)));
              }
            });
    return Map.of(
        "active",
        spec.migration().isPresent(),
        "dependencies",
        dependencies,
        "repositories",
        repositories);
  }

  static Map<String, Object> env(ProjectSpec spec, ArchetypeDescriptor archetype, Environment env) {
    Tier tier = env.tier();
    Optional<EnvironmentMigration> migrated =
        spec.migration().map(m -> m.environments().get(env.name()));
    Tier.Executors x = migrated.map(EnvironmentMigration::executors).orElse(tier.executors());
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
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("active", migrated.isPresent());
    migration.put("properties", migrated.map(m -> lines(m.properties())).orElse(List.of()));
    migration.put("historyServer", migrated.map(m -> lines(m.historyServer())).orElse(List.of()));
    migration.put(
        "arguments",
        migrated
            .map(m -> m.arguments().stream().map(TemplateModel::quoted).toList())
            .orElse(List.of()));
    Optional<DriverPod> driver = migrated.flatMap(EnvironmentMigration::driver);
    migration.put("driverMemory", driver.flatMap(DriverPod::memory).orElse(""));
    migration.put("driverCpu", driver.flatMap(DriverPod::cpu).orElse(""));
    migration.put(
        "quota",
        migrated
            .map(
                m ->
                    m.quota().entrySet().stream()
                        .map(e -> Map.of("resource", e.getKey(), "value", e.getValue()))
                        .toList())
            .orElse(List.of()));
    // A Standalone submission's own arguments, else the archetype's for this environment.
    List<String> migratedArguments =
        migrated.map(EnvironmentMigration::arguments).orElse(List.of());
    List<String> arguments =
        (migratedArguments.isEmpty()
                ? archetype.argumentsFor(env.name(), spec.parameters())
                : migratedArguments)
            .stream().map(TemplateModel::quoted).toList();
    return Map.of(
        "name",
        env.name(),
        "arguments",
        arguments,
        "namespace",
        env.namespace(),
        "tier",
        tier.key(),
        "cluster",
        env.cluster(),
        "executors",
        executors,
        "migration",
        migration,
        "features",
        Map.of(
            "dynamicAllocation", x.dynamic(),
            "promoted", tier.promoted()));
  }

  /**
   * Lines of a properties file, escaped as {@link java.util.Properties#load(java.io.Reader)} reads
   * them back.
   */
  static List<String> lines(List<Property> properties) {
    return properties.stream()
        .map(p -> escape(p.key(), true) + "=" + escape(p.value(), false))
        .toList();
  }

  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        default -> {
          boolean special = key ? " =:#!".indexOf(c) >= 0 : c == ' ' && i == 0;
          out.append(special ? "\\" + c : String.valueOf(c));
        }
      }
    }
    return out.toString();
  }

  /** A YAML double-quoted scalar (JSON's string syntax, which YAML reads alike). */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default ->
            out.append(
                c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
