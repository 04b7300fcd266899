package dev.sparkgen.spec;

import dev.sparkgen.spec.ArchetypeDescriptor.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Collects raw user input and turns it into a {@link ProjectSpec}. All input validation lives here:
 * {@link #build} either returns a spec that cannot be invalid or throws an {@link
 * InvalidInputException} whose message names the bad value and what is accepted.
 */
public final class SpecBuilder {

  public static final String DEFAULT_GROUP = "com.example";

  /**
   * Environment names, each optionally followed by {@code :local} or {@code :shared} (see {@link
   * Environment}).
   */
  public static final List<String> DEFAULT_ENVS = List.of("dev", "staging", "prod");

  /**
   * One package segment: ASCII Java identifiers only, so generated paths and Maven coordinates stay
   * portable. Matched segment by segment: a repeated group over a whole 5,000-character package
   * overflows the regex engine's stack.
   */
  private static final Pattern ASCII_SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A segment is a directory of the generated tree: NAME_MAX of ext4, XFS, btrfs, APFS, NTFS. */
  static final int MAX_SEGMENT_LENGTH = 255;

  /**
   * Leaves room under Linux's PATH_MAX (4,096 bytes) for the output directory and the files under
   * the package directory; the writer checks the exact lengths.
   */
  static final int MAX_PACKAGE_LENGTH = 1024;

  /** The class loader refuses to define classes in {@code java} and its subpackages. */
  private static final Pattern JDK_PACKAGE = Pattern.compile("java(\\..*)?");

  /** The distribution reference grammar (what registries and container runtimes accept). */
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");

  private static final Pattern PORT = Pattern.compile("[0-9]{1,9}");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");
  static final int MAX_HOST_LABEL = 63;
  static final int MAX_PORT = 65535;

  /** distribution/reference's NameTotalLengthMax, for registry/path/name together. */
  static final int MAX_IMAGE_NAME = 255;

  private final String name;
  private String group = DEFAULT_GROUP;
  private String packageName;
  private String archetype = "spark-pi";
  private String language;
  private String spark;
  private Integer java;
  private List<String> envs = DEFAULT_ENVS;

  /** Tiers given explicitly (answers file, add-env --tier), by environment name. */
  private Map<String, String> tiers = Map.of();

  private String registry;
  private String baseImage;
  private List<Map.Entry<String, String>> parameters = List.of();

  private List<String> parameterAssignments = List.of();
  private String mainClass;
  private String adoptedFrom;

  /**
   * A Standalone submission: the submit script and defaults files as read, or as recorded in the
   * answers file.
   */
  private String[] submit;

  private final List<String[]> defaults = new ArrayList<>();
  private StandaloneInputs standalone;
  private List<String> objectStores = List.of();

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

  /** {@code java} or {@code scala}; null for the archetype's default. Checked by {@link #build}. */
  public SpecBuilder language(String language) {
    this.language = language;
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

  /**
   * Explicit tiers by environment name; an environment not named here gets its tier from its name.
   */
  public SpecBuilder tiers(Map<String, String> tiers) {
    this.tiers = Map.copyOf(tiers);
    return this;
  }

  public SpecBuilder registry(String registry) {
    this.registry = registry;
    return this;
  }

  /**
   * Parameters as given on the command line, {@code KEY=VALUE} each; parsed and checked by {@link
   * #build}.
   */
  public SpecBuilder parameterAssignments(List<String> assignments) {
    this.parameterAssignments = List.copyOf(assignments);
    return this;
  }

  /**
   * The fully qualified main class of an adopted project; only {@code init} archetypes take one.
   */
  public SpecBuilder mainClass(String mainClass) {
    this.mainClass = mainClass;
    return this;
  }

  /**
   * The git blob id of the pom {@code init} adopted (the team's, before sparkgen edited it), or
   * null.
   */
  public SpecBuilder adoptedFrom(String blob) {
    this.adoptedFrom = blob;
    return this;
  }

  /**
   * Object stores whose connectors go into the image: {@link ObjectStore} keys, or the single item
   * {@code none}; checked by {@link #build}.
   */
  public SpecBuilder objectStores(List<String> objectStores) {
    this.objectStores = List.copyOf(objectStores);
    return this;
  }

  /**
   * A base image other than the official one (a mirror, a hardened build), by tag and/or digest.
   */
  public SpecBuilder baseImage(String baseImage) {
    this.baseImage = baseImage;
    return this;
  }

  /**
   * The shell file holding the team's spark-submit invocation; {@code label} names it in messages.
   */
  public SpecBuilder submit(String label, String text) {
    this.submit = new String[] {label, text};
    return this;
  }

  /** The spark-defaults.conf of one environment; {@code label} names it in messages. */
  public SpecBuilder defaults(String environment, String label, String text) {
    defaults.add(new String[] {environment, label, text});
    return this;
  }

  /**
   * A Standalone submission parsed before (the answers file), instead of {@link #submit} and {@link
   * #defaults}.
   */
  public SpecBuilder standalone(StandaloneInputs inputs) {
    this.standalone = inputs;
    return this;
  }

  /**
   * {@code --defaults ENV=FILE} split into the environment and the file; the environment is checked
   * against the environments by {@link #build}.
   */
  public static Map.Entry<String, String> defaultsAssignment(String given) {
    int equals = given.indexOf('=');
    if (equals <= 0 || equals == given.length() - 1) {
      throw new InvalidInputException(
          "--defaults '"
              + abbreviate(given)
              + "' is not ENV=FILE; name the environment and its "
              + "spark-defaults.conf, e.g. --defaults prod=conf/prod/spark-defaults.conf.");
    }
    return Map.entry(given.substring(0, equals), given.substring(equals + 1));
  }

  public SpecBuilder parameters(Map<String, String> parameters) {
    this.parameters = List.copyOf(new TreeMap<>(parameters).entrySet());
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
    if (JDK_PACKAGE.matcher(pkg).matches()) {
      throw new InvalidInputException(
          "The package '"
              + pkg
              + "' is reserved for the JDK (java and java.*): the JVM refuses to load classes in it; use your own package such as 'com.example.jobs'.");
    }
    ArchetypeDescriptor descriptor = archetypes.get(archetype);
    if (descriptor == null) {
      throw new InvalidInputException(
          "Archetype '"
              + archetype
              + "' does not exist; available: "
              + String.join(", ", new TreeMap<>(archetypes).keySet())
              + ".");
    }
    validateCommand(descriptor, archetypes);
    Language validLanguage = validLanguage(descriptor);
    SparkRelease release =
        spark == null ? SparkVersions.defaultRelease() : SparkVersions.find(spark);
    int javaVersion = java == null ? SparkVersions.DEFAULT_JAVA : java;
    validateJava(release, javaVersion);
    List<Environment> environments = environments();
    String validRegistry = validRegistry();
    Optional<ImageReference> customBase =
        baseImage == null
            ? Optional.empty()
            : Optional.of(ImageReference.parse("--base-image", baseImage));
    List<ObjectStore> stores = validObjectStores();
    if (descriptor.objectStore() == ArchetypeDescriptor.ObjectStoreUse.REQUIRED
        && stores.isEmpty()) {
      throw new InvalidInputException(
          "Archetype '"
              + descriptor.id()
              + "' keeps its data on an object store and needs one; pass --object-store with "
              + ObjectStore.accepted()
              + ".");
    }
    Map<String, String> resolvedParameters = parameters(descriptor, stores);
    Optional<StandaloneMigration> migration =
        standaloneInputs(environments)
            .map(
                inputs ->
                    StandaloneTranslator.translate(
                        inputs,
                        name,
                        environments,
                        release,
                        Optional.ofNullable(mainClass),
                        stores));
    return new ProjectSpec(
        name,
        group,
        pkg,
        archetype,
        release,
        javaVersion,
        environments,
        Optional.ofNullable(validRegistry),
        customBase,
        resolvedParameters,
        migration,
        Optional.ofNullable(mainClass),
        stores,
        Optional.ofNullable(adoptedFrom),
        validLanguage);
  }

  private Language validLanguage(ArchetypeDescriptor descriptor) {
    if (language == null) {
      return descriptor.defaultLanguage();
    }
    Language chosen =
        Language.of(language)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Language '"
                            + abbreviate(language)
                            + "' is not known; use one of "
                            + String.join(", ", Language.keys())
                            + "."));
    if (!descriptor.languages().contains(chosen)) {
      throw new InvalidInputException(
          descriptor.languages().isEmpty()
              ? "Archetype '"
                  + descriptor.id()
                  + "' adopts a project in its own language; remove --language."
              : "Archetype '"
                  + descriptor.id()
                  + "' is offered in "
                  + String.join(", ", descriptor.languages().stream().map(Language::key).toList())
                  + ", not in "
                  + chosen.key()
                  + "; see 'sparkgen archetypes'.");
    }
    return chosen;
  }

  private Optional<StandaloneInputs> standaloneInputs(List<Environment> environments) {
    List<String> names = environments.stream().map(Environment::name).toList();
    if (standalone != null) {
      standalone.defaults().keySet().stream()
          .filter(env -> !names.contains(env))
          .findFirst()
          .ifPresent(
              env -> {
                throw new InvalidInputException(
                    "The answers file records a defaults file for environment '"
                        + env
                        + "', which the repository does not have; restore .sparkgen.yaml from git.");
              });
      return Optional.of(standalone);
    }
    if (submit == null && defaults.isEmpty()) {
      return Optional.empty();
    }
    Map<String, StandaloneInputs.Source> byEnvironment = new java.util.LinkedHashMap<>();
    for (String[] d : defaults) {
      if (!names.contains(d[0])) {
        throw new InvalidInputException(
            "--defaults names the environment '"
                + abbreviate(d[0])
                + "' (for "
                + abbreviate(d[1])
                + "), which is not one of this repository's: "
                + String.join(", ", names)
                + ".");
      }
      if (byEnvironment.containsKey(d[0])) {
        throw new InvalidInputException(
            "--defaults is given twice for the environment '"
                + d[0]
                + "'; give one spark-defaults.conf per environment.");
      }
      byEnvironment.put(
          d[0], new StandaloneInputs.Source(fileName(d[1]), SparkDefaults.parse(d[1], d[2])));
    }
    Map<String, StandaloneInputs.Source> ordered = new java.util.LinkedHashMap<>();
    names.stream()
        .filter(byEnvironment::containsKey)
        .forEach(env -> ordered.put(env, byEnvironment.get(env)));
    Optional<StandaloneInputs.Source> script =
        submit == null
            ? Optional.empty()
            : Optional.of(
                new StandaloneInputs.Source(
                    fileName(submit[0]), SubmitScript.parse(submit[0], submit[1])));
    return Optional.of(new StandaloneInputs(script, ordered));
  }

  private static String fileName(String label) {
    return label.substring(label.lastIndexOf('/') + 1);
  }

  /** An init archetype adopts a project (it has a main class of its own); a new one makes one. */
  private void validateCommand(
      ArchetypeDescriptor descriptor, Map<String, ArchetypeDescriptor> archetypes) {
    boolean adopting = mainClass != null;
    if (adopting == (descriptor.command() == ArchetypeDescriptor.Command.INIT)) {
      if (adopting && (!SourceVersion.isName(mainClass) || !mainClass.contains("."))) {
        throw new InvalidInputException(
            "Main class '"
                + mainClass
                + "' is not a qualified Java class name in a package, such as 'com.example.etl.Main'.");
      }
      return;
    }
    List<String> fitting =
        new TreeMap<>(archetypes)
            .values().stream()
                .filter(d -> (d.command() == ArchetypeDescriptor.Command.INIT) == adopting)
                .map(ArchetypeDescriptor::id)
                .toList();
    if (adopting) {
      throw new InvalidInputException(
          "Archetype '"
              + archetype
              + "' makes new repositories ('sparkgen new'); an existing project is adopted with "
              + (fitting.isEmpty()
                  ? "an archetype of 'command: init'"
                  : "one of: " + String.join(", ", fitting))
              + ".");
    }
    throw new InvalidInputException(
        "Archetype '"
            + archetype
            + "' is for 'sparkgen init', which adds sparkgen's files to an existing Maven project; 'sparkgen new' takes one of: "
            + String.join(", ", fitting)
            + ".");
  }

  private void validateName() {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException(
          "The application name is empty; use a lowercase DNS-1123 label such as 'payments-etl'.");
    }
    if (!KubernetesNames.DNS_1123_LABEL.matcher(name).matches()) {
      throw new InvalidInputException(
          "Application name '"
              + name
              + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit.");
    }
    if (!KubernetesNames.DNS_1035_START.matcher(name).matches()) {
      throw new InvalidInputException(
          "Application name '"
              + name
              + "' starts with a digit; it must start with a letter, because Kubernetes Service names (such as '"
              + name
              + "-driver-svc') must.");
    }
    int max = KubernetesNames.maxAppNameLength();
    if (name.length() > max) {
      throw new InvalidInputException(
          "Application name '"
              + name
              + "' is "
              + name.length()
              + " characters long; at most "
              + max
              + " are accepted, because "
              + KubernetesNames.tightest().what()
              + " is built from it and is limited to "
              + KubernetesNames.tightest().limit()
              + ".");
    }
  }

  private String defaultPackage() {
    String segment = name.replace("-", "");
    String candidate = group + "." + segment;
    if (!SourceVersion.isName(candidate) || !ASCII_SEGMENT.matcher(segment).matches()) {
      throw new InvalidInputException(
          "Cannot derive a Java package from the name '"
              + name
              + "' ('"
              + candidate
              + "' is not valid); pass --package with a valid package name.");
    }
    return candidate;
  }

  private static void validateJavaPackage(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(
          "The " + what + " is empty; use a Java package name such as 'com.example.jobs'.");
    }
    if (value.length() > MAX_PACKAGE_LENGTH) {
      throw new InvalidInputException(
          "The "
              + what
              + " '"
              + abbreviate(value)
              + "' is "
              + value.length()
              + " characters long; at most "
              + MAX_PACKAGE_LENGTH
              + " are accepted, because it becomes the directories of the generated sources.");
    }
    for (String segment : value.split("\\.", -1)) {
      if (!ASCII_SEGMENT.matcher(segment).matches()) {
        throw new InvalidInputException(
            "The "
                + what
                + " '"
                + value
                + "' is not a valid Java package name; use dot-separated segments of ASCII letters, digits and '_', none empty and none starting with a digit.");
      }
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        throw new InvalidInputException(
            "The "
                + what
                + " '"
                + abbreviate(value)
                + "' has a segment of "
                + segment.length()
                + " characters; at most "
                + MAX_SEGMENT_LENGTH
                + " are accepted, because each segment is a directory name.");
      }
      if (SourceVersion.isKeyword(segment) || segment.equals("_")) {
        throw new InvalidInputException(
            "The "
                + what
                + " '"
                + value
                + "' contains the reserved word '"
                + segment
                + "'; Java package segments cannot be keywords or literals.");
      }
    }
  }

  private static void validateJava(SparkRelease release, int javaVersion) {
    if (!SparkVersions.JAVA_VERSIONS.contains(javaVersion)) {
      throw new InvalidInputException(
          "Java "
              + javaVersion
              + " is not supported; use one of "
              + SparkVersions.JAVA_VERSIONS
              + ".");
    }
    if (!release.javaVersions().contains(javaVersion)) {
      throw new InvalidInputException(
          "There is no official apache/spark image for Spark "
              + release.version()
              + " on Java "
              + javaVersion
              + "; Spark "
              + release.version()
              + " has images for Java "
              + release.javaVersions()
              + ".");
    }
  }

  private List<Environment> environments() {
    if (envs.isEmpty()) {
      throw new InvalidInputException(
          "No environments given; pass at least one, e.g. --envs dev,staging,prod.");
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Environment> result = new ArrayList<>();
    if (envs.contains("")) {
      throw new InvalidInputException(
          "The environment list '"
              + String.join(",", envs)
              + "' has an empty item; separate environment names with single commas, e.g. --envs dev,staging,prod.");
    }
    for (String entry : envs) {
      String[] envAndCluster = entry.split(":", 2);
      String env = envAndCluster[0];
      String cluster = envAndCluster.length > 1 ? envAndCluster[1] : null;
      if (cluster != null && !Environment.CLUSTERS.contains(cluster)) {
        throw new InvalidInputException(
            "Environment '"
                + entry
                + "' names the cluster '"
                + cluster
                + "'; use ENV:local for a cluster you own (kind, minikube: the namespace is created and nothing is pushed) or ENV:shared for a namespace you were given on a shared cluster (nothing namespace-wide is created and the image is pushed), e.g. --envs dev:shared,staging,prod.");
      }
      if (!KubernetesNames.DNS_1123_LABEL.matcher(env).matches()) {
        throw new InvalidInputException(
            "Environment name '"
                + env
                + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit.");
      }
      if (!seen.add(env)) {
        throw new InvalidInputException(
            "Environment '" + env + "' is given twice; each environment may appear once.");
      }
      String namespace = KubernetesNames.namespace(name, env);
      if (namespace.length() > KubernetesNames.LABEL_LIMIT) {
        throw new InvalidInputException(
            "Environment '"
                + env
                + "' would make the namespace '"
                + namespace
                + "', "
                + namespace.length()
                + " characters long; Kubernetes accepts at most "
                + KubernetesNames.LABEL_LIMIT
                + ", so shorten the environment or the application name.");
      }
      String tier = tiers.get(env);
      if (tier != null && !Tier.keys().contains(tier)) {
        throw new InvalidInputException(
            "Environment '"
                + env
                + "' has the tier '"
                + tier
                + "'; use one of "
                + String.join(", ", Tier.keys())
                + ".");
      }
      result.add(Environment.of(name, env, tier, cluster));
    }
    return result;
  }

  private List<ObjectStore> validObjectStores() {
    if (objectStores.equals(List.of("none"))) {
      return List.of();
    }
    if (objectStores.contains("")) {
      throw new InvalidInputException(
          "The object store list '"
              + String.join(",", objectStores)
              + "' has an empty item; separate object stores with single commas, e.g. --object-store s3a,gcs.");
    }
    if (objectStores.contains("none")) {
      throw new InvalidInputException(
          "The object store list '"
              + String.join(",", objectStores)
              + "' combines 'none' with object stores; give either 'none' or the object stores.");
    }
    Set<ObjectStore> stores = EnumSet.noneOf(ObjectStore.class);
    for (String key : objectStores) {
      ObjectStore store =
          Arrays.stream(ObjectStore.values())
              .filter(s -> s.key().equals(key))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "Object store '"
                              + key
                              + "' is not known; use "
                              + ObjectStore.accepted()
                              + ", several separated by commas, or 'none'."));
      if (!stores.add(store)) {
        throw new InvalidInputException(
            "Object store '" + key + "' is given twice; name each object store once.");
      }
    }
    return List.copyOf(stores);
  }

  private String validRegistry() {
    if (registry == null) {
      return null;
    }
    String[] hostAndPath = registry.split("/", 2);
    String[] hostAndPort = hostAndPath[0].split(":", 2);
    String host = hostAndPort[0];
    boolean wellFormed = hostAndPort.length == 1 || PORT.matcher(hostAndPort[1]).matches();
    for (String label : host.split("\\.", -1)) {
      wellFormed &= HOST_LABEL.matcher(label).matches();
    }
    if (!wellFormed) {
      throw malformedRegistry();
    }
    for (String label : host.split("\\.")) {
      if (label.length() > MAX_HOST_LABEL) {
        throw new InvalidInputException(
            "Registry '"
                + abbreviate(registry)
                + "' has a host name label of "
                + label.length()
                + " characters; DNS allows at most "
                + MAX_HOST_LABEL
                + ".");
      }
    }
    if (hostAndPort.length > 1) {
      int port = Integer.parseInt(hostAndPort[1]);
      if (port < 1 || port > MAX_PORT) {
        throw new InvalidInputException(
            "Registry '" + registry + "' has port " + port + "; a port is 1 to " + MAX_PORT + ".");
      }
    }
    String imageName = registry + "/" + name;
    if (imageName.length() > MAX_IMAGE_NAME) {
      throw new InvalidInputException(
          "Registry '"
              + abbreviate(registry)
              + "' is "
              + registry.length()
              + " characters long and makes the image name '"
              + abbreviate(imageName)
              + "' "
              + imageName.length()
              + " characters long; registries accept at most "
              + MAX_IMAGE_NAME
              + ".");
    }
    // Only now, on at most 255 characters: the component pattern repeats a group, which recurses.
    if (hostAndPath.length > 1) {
      for (String component : hostAndPath[1].split("/", -1)) {
        if (!PATH_COMPONENT.matcher(component).matches()) {
          throw malformedRegistry();
        }
      }
    }
    return registry;
  }

  private InvalidInputException malformedRegistry() {
    return new InvalidInputException(
        "Registry '"
            + abbreviate(registry)
            + "' is malformed; use HOST[:PORT][/PATH] without a scheme or tag, e.g. 'registry.example.com/team' or 'localhost:5000'.");
  }

  /** Long values are named by their start and length: a one-line error stays readable. */
  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 60) + "…";
  }

  private List<Map.Entry<String, String>> givenParameters() {
    List<Map.Entry<String, String>> given = new ArrayList<>(parameters);
    Map<String, String> firstByKey = new TreeMap<>();
    for (String assignment : parameterAssignments) {
      int equals = assignment.indexOf('=');
      if (equals < 0) {
        throw new InvalidInputException(
            "Parameter '"
                + assignment
                + "' has no value; use --param KEY=VALUE, e.g. --param partitions=20.");
      }
      if (equals == 0) {
        throw new InvalidInputException(
            "Parameter '"
                + assignment
                + "' has no name; use --param KEY=VALUE, e.g. --param partitions=20.");
      }
      String key = assignment.substring(0, equals);
      String earlier = firstByKey.putIfAbsent(key, assignment);
      if (earlier != null) {
        throw new InvalidInputException(
            "Parameter '"
                + key
                + "' is given twice ('"
                + earlier
                + "', '"
                + assignment
                + "'); give each parameter once.");
      }
      given.add(Map.entry(key, assignment.substring(equals + 1)));
    }
    return given;
  }

  private Map<String, String> parameters(ArchetypeDescriptor descriptor, List<ObjectStore> stores) {
    Map<String, String> resolved = new TreeMap<>();
    for (Parameter p : descriptor.parameters()) {
      resolved.put(p.name(), p.defaultFor(stores));
    }
    for (Map.Entry<String, String> given : givenParameters()) {
      Parameter p =
          descriptor.parameters().stream()
              .filter(candidate -> candidate.name().equals(given.getKey()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "Archetype '"
                              + descriptor.id()
                              + "' has no parameter '"
                              + given.getKey()
                              + "'; its parameters are "
                              + descriptor.parameters().stream().map(Parameter::name).toList()
                              + "."));
      if (!given.getValue().matches(p.pattern())) {
        throw new InvalidInputException(
            "Parameter '"
                + p.name()
                + "' = '"
                + given.getValue()
                + "' is not accepted; it must match "
                + p.pattern()
                + " ("
                + p.description()
                + ").");
      }
      resolved.put(p.name(), given.getValue());
    }
    return resolved;
  }
}
