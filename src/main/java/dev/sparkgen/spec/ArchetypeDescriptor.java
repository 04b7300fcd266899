package dev.sparkgen.spec;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code archetypes/<id>/archetype.yaml} declares, checked field by field by {@link
 * DescriptorParser}. It lives in the spec package because the spec is validated against it; the
 * archetype package only finds and reads the files.
 *
 * @param mainClass the simple name of the application's main class, in the user's package; null for
 *     an archetype of {@code sparkgen init}, whose main class is the adopted project's own
 * @param executables generated paths that get mode 0755 (e.g. {@code mvnw})
 * @param upgrade how {@code sparkgen upgrade} treats generated paths, first matching rule wins; a
 *     path no rule matches is {@link UpgradePolicy#MERGED}
 * @param shared globs over the template paths of {@code archetypes/_shared/files/} that this
 *     archetype takes (its own {@code files/} win over them)
 * @param command the command the archetype serves: {@code new} makes a repository, {@code init}
 *     adds sparkgen's files to an existing Maven project
 * @param arguments the application's arguments in every environment's overlay (the Job's command
 *     line after the jar), each with {@code {env}} and {@code {params.NAME}} replaced ({@link
 *     #argumentsFor})
 * @param languages the languages {@code sparkgen new --language} offers, the first the default;
 *     empty for an archetype of {@code sparkgen init} (the adopted project's language is its own)
 * @param objectStore what the job's own data needs of an object store ({@link ObjectStoreUse})
 * @param success how the job's output begins when it succeeded ("Pi is roughly 3.14"), which the
 *     README tells the team to look for; empty when the descriptor does not say
 */
public record ArchetypeDescriptor(
    String id,
    String description,
    String mainClass,
    List<Parameter> parameters,
    Set<String> executables,
    List<FileRule> upgrade,
    List<String> shared,
    Command command,
    List<String> arguments,
    List<Language> languages,
    ObjectStoreUse objectStore,
    String success) {

  /** Placeholders of {@code arguments}: {@code {env}} or {@code {params.NAME}}. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{(env|params\\.([A-Za-z0-9]+))}");

  public ArchetypeDescriptor {
    parameters = List.copyOf(parameters);
    executables = Set.copyOf(executables);
    upgrade = List.copyOf(upgrade);
    shared = List.copyOf(shared);
    arguments = List.copyOf(arguments);
    languages = List.copyOf(languages);
  }

  /** An archetype in Java only, whose job keeps no data on an object store. */
  public ArchetypeDescriptor(
      String id,
      String description,
      String mainClass,
      List<Parameter> parameters,
      Set<String> executables,
      List<FileRule> upgrade,
      List<String> shared,
      Command command,
      List<String> arguments) {
    this(
        id,
        description,
        mainClass,
        parameters,
        executables,
        upgrade,
        shared,
        command,
        arguments,
        command == Command.NEW ? List.of(Language.JAVA) : List.of(),
        ObjectStoreUse.NONE,
        "");
  }

  /** An archetype whose job takes no arguments from the overlays. */
  public ArchetypeDescriptor(
      String id,
      String description,
      String mainClass,
      List<Parameter> parameters,
      Set<String> executables,
      List<FileRule> upgrade,
      List<String> shared,
      Command command) {
    this(id, description, mainClass, parameters, executables, upgrade, shared, command, List.of());
  }

  /** A {@code sparkgen new} archetype that shares no files. */
  public ArchetypeDescriptor(
      String id,
      String description,
      String mainClass,
      List<Parameter> parameters,
      Set<String> executables,
      List<FileRule> upgrade) {
    this(id, description, mainClass, parameters, executables, upgrade, List.of(), Command.NEW);
  }

  /** Which command an archetype is for. */
  public enum Command {
    NEW,
    INIT;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Whether {@code templatePath} of {@code archetypes/_shared/files/} is one this archetype takes.
   */
  public boolean takesShared(String templatePath) {
    return shared.stream()
        .anyMatch(glob -> new FileRule(glob, UpgradePolicy.MERGED).matches(templatePath));
  }

  /** The language of a repository generated without {@code --language}. */
  public Language defaultLanguage() {
    return languages.isEmpty() ? Language.JAVA : languages.get(0);
  }

  /**
   * What the job's own data needs of an object store ({@code objectStore:} in the descriptor).
   * Whatever it says, {@code --object-store} may add connectors (event logs on a store, say).
   */
  public enum ObjectStoreUse {
    /** The job reads and writes no data of its own on one (Spark Pi). */
    NONE,
    /**
     * Its data is on the store {@code --object-store} names, else on local paths: its parameters'
     * defaults follow the store ({@link Parameter#storeDefaults}), and its tests run against a real
     * S3-compatible server when the store is s3a.
     */
    OPTIONAL,
    /** As optional, but {@code sparkgen new} refuses to generate it without an object store. */
    REQUIRED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A value the user may set with {@code --param name=value}; the default matches the pattern.
   *
   * @param defaultValue the default without an object store
   * @param storeDefaults the default when the repository has an object store, by its key ({@link
   *     ObjectStore#key}); the first store of the spec that has one wins
   */
  public record Parameter(
      String name,
      String description,
      String defaultValue,
      String pattern,
      Map<String, String> storeDefaults) {

    public Parameter {
      storeDefaults = Map.copyOf(storeDefaults);
    }

    public Parameter(String name, String description, String defaultValue, String pattern) {
      this(name, description, defaultValue, pattern, Map.of());
    }

    /** The default for a repository with these object stores (in {@link ObjectStore} order). */
    public String defaultFor(List<ObjectStore> stores) {
      return stores.stream()
          .map(store -> storeDefaults.get(store.key()))
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .orElse(defaultValue);
    }
  }

  /** What an upgrade may do to a generated file the team may have edited. */
  public enum UpgradePolicy {
    /**
     * Always the template's current content; the team's edits are replaced (git still has them).
     */
    MANAGED,
    /** Three-way merge of the team's edits with the template's changes; conflicts are marked. */
    MERGED,
    /** Written once by {@code new}; the team owns it from then on and upgrades never touch it. */
    TEAM;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One {@code upgrade:} entry: a glob over generated paths ({@code src/main/java/**}) and its
   * policy.
   */
  public record FileRule(String glob, UpgradePolicy policy) {
    boolean matches(String path) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      return matcher.matches(Path.of(path));
    }
  }

  /**
   * The application's arguments in environment {@code env}, with the values of the parameters (a
   * name {@link DescriptorParser} checked is among them).
   */
  public List<String> argumentsFor(String env, Map<String, String> params) {
    return arguments.stream()
        .map(
            argument ->
                PLACEHOLDER
                    .matcher(argument)
                    .replaceAll(
                        m ->
                            Matcher.quoteReplacement(
                                m.group(2) == null ? env : params.getOrDefault(m.group(2), ""))))
        .toList();
  }

  public UpgradePolicy policyOf(String path) {
    return upgrade.stream()
        .filter(rule -> rule.matches(path))
        .map(FileRule::policy)
        .findFirst()
        .orElse(UpgradePolicy.MERGED);
  }
}
