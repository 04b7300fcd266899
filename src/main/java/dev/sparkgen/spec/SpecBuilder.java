package dev.sparkgen.spec;

import dev.sparkgen.spec.ArchetypeDescriptor.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Collects raw user input and turns it into a {@link ProjectSpec}. All input validation lives
 * here: {@link #build} either returns a spec that cannot be invalid or throws an
 * {@link InvalidInputException} whose message names the bad value and what is accepted.
 */
public final class SpecBuilder {

  public static final String DEFAULT_GROUP = "com.example";
  /** Environment names, each optionally followed by {@code :local} or {@code :shared} (see {@link Environment}). */
  public static final List<String> DEFAULT_ENVS = List.of("dev", "staging", "prod");

  /** ASCII Java identifiers only: generated paths and Maven coordinates stay portable. */
  private static final Pattern ASCII_PACKAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /** Registry host (a DNS name, optionally with a port) and an optional repository path. */
  private static final Pattern REGISTRY = Pattern.compile(
      "(?<host>[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?)"
          + "(?<path>(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*)");

  private final String name;
  private String group = DEFAULT_GROUP;
  private String packageName;
  private String archetype = "spark-pi";
  private String spark;
  private Integer java;
  private List<String> envs = DEFAULT_ENVS;
  /** Tiers given explicitly (answers file, add-env --tier), by environment name. */
  private Map<String, String> tiers = Map.of();
  private String registry;
  private Map<String, String> parameters = Map.of();

  private SpecBuilder(String name) {
    this.name = name;
  }

  public static SpecBuilder named(String name) {
    return new SpecBuilder(name);
  }

  public SpecBuilder group(String group) {
    this.group = group;
    return this;
  }

  public SpecBuilder packageName(String packageName) {
    this.packageName = packageName;
    return this;
  }

  public SpecBuilder archetype(String archetype) {
    this.archetype = archetype;
    return this;
  }

  public SpecBuilder spark(String spark) {
    this.spark = spark;
    return this;
  }

  public SpecBuilder java(Integer java) {
    this.java = java;
    return this;
  }

  public SpecBuilder envs(List<String> envs) {
    this.envs = List.copyOf(envs);
    return this;
  }

  /** Explicit tiers by environment name; an environment not named here gets its tier from its name. */
  public SpecBuilder tiers(Map<String, String> tiers) {
    this.tiers = Map.copyOf(tiers);
    return this;
  }

  public SpecBuilder registry(String registry) {
    this.registry = registry;
    return this;
  }

  public SpecBuilder parameters(Map<String, String> parameters) {
    this.parameters = Map.copyOf(parameters);
    return this;
  }

  /**
   * Validates everything against the archetypes that exist.
   *
   * @param archetypes the available archetypes by id
   */
  public ProjectSpec build(Map<String, ArchetypeDescriptor> archetypes) {
    validateName();
    validateJavaPackage("group", group);
    String pkg = packageName != null ? packageName : defaultPackage();
    validateJavaPackage("package", pkg);
    ArchetypeDescriptor descriptor = archetypes.get(archetype);
    if (descriptor == null) {
      throw new InvalidInputException("Archetype '" + archetype + "' does not exist; available: "
          + String.join(", ", new TreeMap<>(archetypes).keySet()) + ".");
    }
    SparkRelease release = spark == null ? SparkVersions.defaultRelease() : SparkVersions.find(spark);
    int javaVersion = java == null ? SparkVersions.DEFAULT_JAVA : java;
    validateJava(release, javaVersion);
    List<Environment> environments = environments();
    return new ProjectSpec(name, group, pkg, archetype, release, javaVersion, environments,
        Optional.ofNullable(validRegistry()), parameters(descriptor));
  }

  private void validateName() {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException("The application name is empty; use a lowercase DNS-1123 label such as 'payments-etl'.");
    }
    if (!KubernetesNames.DNS_1123_LABEL.matcher(name).matches()) {
      throw new InvalidInputException("Application name '" + name + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit.");
    }
    if (!KubernetesNames.DNS_1035_START.matcher(name).matches()) {
      throw new InvalidInputException("Application name '" + name + "' starts with a digit; it must start with a letter, because Kubernetes Service names (such as '" + name + "-driver-svc') must.");
    }
    int max = KubernetesNames.maxAppNameLength();
    if (name.length() > max) {
      throw new InvalidInputException("Application name '" + name + "' is " + name.length()
          + " characters long; at most " + max + " are accepted, because "
          + KubernetesNames.tightest().what() + " is built from it and is limited to "
          + KubernetesNames.tightest().limit() + ".");
    }
  }

  private String defaultPackage() {
    String segment = name.replace("-", "");
    String candidate = group + "." + segment;
    if (!SourceVersion.isName(candidate) || !ASCII_PACKAGE.matcher(candidate).matches()) {
      throw new InvalidInputException("Cannot derive a Java package from the name '" + name
          + "' ('" + candidate + "' is not valid); pass --package with a valid package name.");
    }
    return candidate;
  }

  private static void validateJavaPackage(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException("The " + what + " is empty; use a Java package name such as 'com.example.jobs'.");
    }
    if (!ASCII_PACKAGE.matcher(value).matches()) {
      throw new InvalidInputException("The " + what + " '" + value + "' is not a valid Java package name; use dot-separated segments of ASCII letters, digits and '_', none empty and none starting with a digit.");
    }
    for (String segment : value.split("\\.")) {
      if (SourceVersion.isKeyword(segment) || segment.equals("_")) {
        throw new InvalidInputException("The " + what + " '" + value + "' contains the reserved word '" + segment + "'; Java package segments cannot be keywords or literals.");
      }
    }
  }

  private static void validateJava(SparkRelease release, int javaVersion) {
    if (!SparkVersions.JAVA_VERSIONS.contains(javaVersion)) {
      throw new InvalidInputException("Java " + javaVersion + " is not supported; use one of " + SparkVersions.JAVA_VERSIONS + ".");
    }
    if (!release.javaVersions().contains(javaVersion)) {
      throw new InvalidInputException("There is no official apache/spark image for Spark " + release.version()
          + " on Java " + javaVersion + "; Spark " + release.version() + " has images for Java "
          + release.javaVersions() + ".");
    }
  }

  private List<Environment> environments() {
    if (envs.isEmpty()) {
      throw new InvalidInputException("No environments given; pass at least one, e.g. --envs dev,staging,prod.");
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Environment> result = new ArrayList<>();
    for (String entry : envs) {
      int colon = entry.indexOf(':');
      String env = colon < 0 ? entry : entry.substring(0, colon);
      String cluster = colon < 0 ? null : entry.substring(colon + 1);
      if (cluster != null && !Environment.CLUSTERS.contains(cluster)) {
        throw new InvalidInputException("Environment '" + entry + "' names the cluster '" + cluster
            + "'; use ENV:local for a cluster you own (kind, minikube: the namespace is created and nothing is pushed) or ENV:shared for a namespace you were given on a shared cluster (nothing namespace-wide is created and the image is pushed), e.g. --envs dev:shared,staging,prod.");
      }
      if (!KubernetesNames.DNS_1123_LABEL.matcher(env).matches()) {
        throw new InvalidInputException("Environment name '" + env + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit.");
      }
      if (!seen.add(env)) {
        throw new InvalidInputException("Environment '" + env + "' is given twice; each environment may appear once.");
      }
      String namespace = KubernetesNames.namespace(name, env);
      if (namespace.length() > KubernetesNames.LABEL_LIMIT) {
        throw new InvalidInputException("Environment '" + env + "' would make the namespace '" + namespace
            + "', " + namespace.length() + " characters long; Kubernetes accepts at most "
            + KubernetesNames.LABEL_LIMIT + ", so shorten the environment or the application name.");
      }
      String tier = tiers.get(env);
      if (tier != null && !Environment.TIERS.contains(tier)) {
        throw new InvalidInputException("Environment '" + env + "' has the tier '" + tier + "'; use one of "
            + String.join(", ", Environment.TIERS) + ".");
      }
      result.add(Environment.of(name, env, tier, cluster));
    }
    return result;
  }

  private String validRegistry() {
    if (registry == null) {
      return null;
    }
    if (!REGISTRY.matcher(registry).matches()) {
      throw new InvalidInputException("Registry '" + registry + "' is malformed; use HOST[:PORT][/PATH] without a scheme or tag, e.g. 'registry.example.com/team' or 'localhost:5000'.");
    }
    return registry;
  }

  private Map<String, String> parameters(ArchetypeDescriptor descriptor) {
    Map<String, String> resolved = new TreeMap<>();
    for (Parameter p : descriptor.parameters()) {
      resolved.put(p.name(), p.defaultValue());
    }
    for (Map.Entry<String, String> given : parameters.entrySet()) {
      Parameter p = descriptor.parameters().stream()
          .filter(candidate -> candidate.name().equals(given.getKey()))
          .findFirst()
          .orElseThrow(() -> new InvalidInputException("Archetype '" + descriptor.id()
              + "' has no parameter '" + given.getKey() + "'; its parameters are "
              + descriptor.parameters().stream().map(Parameter::name).toList() + "."));
      if (!given.getValue().matches(p.pattern())) {
        throw new InvalidInputException("Parameter '" + p.name() + "' = '" + given.getValue()
            + "' is not accepted; it must match " + p.pattern() + " (" + p.description() + ").");
      }
      resolved.put(p.name(), given.getValue());
    }
    return resolved;
  }
}
