package dev.sparkgen.spec;

import dev.sparkgen.spec.ArchetypeDescriptor.Command;
import dev.sparkgen.spec.ArchetypeDescriptor.FileRule;
import dev.sparkgen.spec.ArchetypeDescriptor.ObjectStoreUse;
import dev.sparkgen.spec.ArchetypeDescriptor.Parameter;
import dev.sparkgen.spec.ArchetypeDescriptor.UpgradePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;

/**
 * Turns the bytes of an {@code archetype.yaml} into an {@link ArchetypeDescriptor}, checking every
 * field. A template folder is user input, so every problem is one sentence naming the file and the
 * field (exit 2), never a cast error.
 */
public final class DescriptorParser {

  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "description",
          "mainClass",
          "parameters",
          "executables",
          "upgrade",
          "shared",
          "command",
          "arguments",
          "languages",
          "objectStore",
          "success");
  private static final Set<String> PARAMETER_FIELDS =
      Set.of("name", "description", "default", "pattern", "storeDefaults");

  /** Parameters are read in templates as {@code params.NAME}: a plain FreeMarker identifier. */
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

  private static final Pattern SIMPLE_JAVA_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  private final String file;

  private DescriptorParser(String file) {
    this.file = file;
  }

  /**
   * @param file how to name the descriptor in messages (its path)
   * @param folderId the name of the folder it lives in, which its {@code id} must equal
   */
  public static ArchetypeDescriptor parse(String file, String folderId, byte[] bytes) {
    return new DescriptorParser(file).parse(folderId, bytes);
  }

  private ArchetypeDescriptor parse(String folderId, byte[] bytes) {
    Object yaml;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      yaml = BoundedYaml.load(text);
    } catch (CharacterCodingException e) {
      throw bad("is not UTF-8 text; save it as UTF-8.");
    } catch (BoundedYaml.RefusedException e) {
      throw bad("is " + e.getMessage() + ".");
    }
    if (!(yaml instanceof Map<?, ?> map)) {
      throw bad(
          "is not a YAML mapping; it needs the fields id, description, mainClass and parameters.");
    }
    for (Object key : map.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        throw bad("has an unknown field '" + key + "'; the fields are " + sorted(FIELDS) + ".");
      }
    }
    String id = string(map, "id", "id", true);
    if (!id.equals(folderId)) {
      throw bad(
          "declares id '" + id + "' but lives in folder '" + folderId + "'; they must match.");
    }
    String description = string(map, "description", "description", true);
    Command command = command(map.get("command"));
    String mainClass = null;
    if (command == Command.INIT) {
      if (map.containsKey("mainClass")) {
        throw bad(
            "field 'mainClass' is set, but an archetype with 'command: init' adopts a project whose main class is its own; remove the field.");
      }
    } else {
      mainClass = string(map, "mainClass", "mainClass", true);
      if (!SIMPLE_JAVA_NAME.matcher(mainClass).matches() || SourceVersion.isKeyword(mainClass)) {
        throw bad(
            "field 'mainClass' is '"
                + mainClass
                + "'; it must be a simple Java class name such as 'SparkPi' (the package is the user's).");
      }
    }
    List<Parameter> parameters = parameters(map.get("parameters"));
    List<Language> languages = languages(map.get("languages"), command);
    ObjectStoreUse objectStore = objectStore(map.get("objectStore"));
    if (objectStore == ObjectStoreUse.NONE) {
      parameters.stream()
          .filter(p -> !p.storeDefaults().isEmpty())
          .findFirst()
          .ifPresent(
              p -> {
                throw bad(
                    "parameter '"
                        + p.name()
                        + "' has storeDefaults, but the archetype's job keeps no data on an object store; set 'objectStore: optional' (or required) or remove them.");
              });
    }
    return new ArchetypeDescriptor(
        id,
        description,
        mainClass,
        parameters,
        executables(map.get("executables")),
        upgrade(map.get("upgrade")),
        shared(map.get("shared")),
        command,
        arguments(map.get("arguments"), parameters),
        languages,
        objectStore,
        map.containsKey("success") ? string(map, "success", "success", true) : "");
  }

  /** The languages 'sparkgen new --language' offers; the first is the default. */
  private List<Language> languages(Object declared, Command command) {
    if (command == Command.INIT) {
      if (declared != null) {
        throw bad(
            "field 'languages' is set, but an archetype with 'command: init' adopts a project in its own language; remove the field.");
      }
      return List.of();
    }
    if (declared == null) {
      return List.of(Language.JAVA);
    }
    String accepted = String.join(", ", Language.keys());
    if (!(declared instanceof List<?> list) || list.isEmpty()) {
      throw bad(
          "field 'languages' must be a non-empty list of "
              + accepted
              + " (the first is the default), such as [java, scala].");
    }
    List<Language> languages = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object value = list.get(i);
      Language language =
          Language.of(String.valueOf(value))
              .orElseThrow(
                  () ->
                      bad(
                          "field 'languages' names "
                              + describe(value)
                              + "; the languages are "
                              + accepted
                              + "."));
      if (languages.contains(language)) {
        throw bad("field 'languages' names " + language.key() + " twice; name each once.");
      }
      languages.add(language);
    }
    return languages;
  }

  private ObjectStoreUse objectStore(Object declared) {
    if (declared == null) {
      return ObjectStoreUse.NONE;
    }
    return Arrays.stream(ObjectStoreUse.values())
        .filter(u -> u.key().equals(declared))
        .findFirst()
        .orElseThrow(
            () ->
                bad(
                    "field 'objectStore' is "
                        + describe(declared)
                        + "; use none (the job keeps no data on an object store), optional (its data is on the one --object-store names, else on local paths) or required (it refuses to be generated without one)."));
  }

  /** The overlays' application arguments: strings whose placeholders name what exists. */
  private List<String> arguments(Object declared, List<Parameter> parameters) {
    if (declared == null) {
      return List.of();
    }
    if (!(declared instanceof List<?> list)) {
      throw bad(
          "field 'arguments' must be a list of strings, the job's arguments in every overlay, such as '--input' and '{params.input}/{env}'.");
    }
    Set<String> names = parameters.stream().map(Parameter::name).collect(Collectors.toSet());
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "arguments[" + i + "]";
      if (!(list.get(i) instanceof String argument)) {
        throw bad(
            "field '"
                + field
                + "' is "
                + describe(list.get(i))
                + "; each argument must be a quoted string.");
      }
      String rest = ArchetypeDescriptor.PLACEHOLDER.matcher(argument).replaceAll("");
      java.util.regex.Matcher used = ArchetypeDescriptor.PLACEHOLDER.matcher(argument);
      while (used.find()) {
        if (used.group(2) != null && !names.contains(used.group(2))) {
          throw bad(
              "field '"
                  + field
                  + "' names the parameter '"
                  + used.group(2)
                  + "', which field 'parameters' does not declare; declare it or use one of "
                  + sorted(names)
                  + ".");
        }
      }
      if (rest.contains("{") || rest.contains("}")) {
        throw bad(
            "field '"
                + field
                + "' is '"
                + argument
                + "'; its only placeholders may be {env} and {params.NAME}.");
      }
      arguments.add(argument);
    }
    return arguments;
  }

  private Command command(Object declared) {
    if (declared == null) {
      return Command.NEW;
    }
    return Arrays.stream(Command.values())
        .filter(c -> c.key().equals(declared))
        .findFirst()
        .orElseThrow(
            () ->
                bad(
                    "field 'command' is "
                        + describe(declared)
                        + "; use new (the default: 'sparkgen new' generates from it) or init ('sparkgen init' adopts an existing project with it)."));
  }

  /**
   * Globs over archetypes/_shared/files/; whether each matches a file is checked when the files are
   * read.
   */
  private List<String> shared(Object declared) {
    List<String> globs = new ArrayList<>();
    if (declared == null) {
      return List.of();
    }
    if (!(declared instanceof List<?> list)) {
      throw bad(
          "field 'shared' must be a list of globs over the templates in archetypes/_shared/files, such as 'k8s/**' or 'skaffold.yaml.ftl'.");
    }
    for (int i = 0; i < list.size(); i++) {
      String field = "shared[" + i + "]";
      if (!(list.get(i) instanceof String glob) || glob.isBlank()) {
        throw bad(
            "field '"
                + field
                + "' is "
                + describe(list.get(i))
                + "; use a glob over the templates in archetypes/_shared/files, such as 'k8s/**'.");
      }
      if (glob.startsWith("/") || glob.contains("..") || glob.contains("\\")) {
        throw bad(
            "field '"
                + field
                + "' is '"
                + glob
                + "'; use a relative glob with '/' and no '..', such as 'k8s/**'.");
      }
      try {
        new FileRule(glob, UpgradePolicy.MERGED).matches("x");
      } catch (IllegalArgumentException e) {
        throw bad(
            "field '"
                + field
                + "' is not a valid glob ("
                + e.getMessage().lines().findFirst().orElse("")
                + ").");
      }
      globs.add(glob);
    }
    return globs;
  }

  private List<Parameter> parameters(Object declared) {
    List<Parameter> parameters = new ArrayList<>();
    if (declared == null) {
      return List.of();
    }
    if (!(declared instanceof List<?> list)) {
      throw bad(
          "field 'parameters' must be a list of mappings with name, description, default and pattern.");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "parameters[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> p)) {
        throw bad(
            "field '"
                + field
                + "' is "
                + describe(list.get(i))
                + "; each parameter must be a mapping with name, description, default and pattern.");
      }
      for (Object key : p.keySet()) {
        if (!PARAMETER_FIELDS.contains(String.valueOf(key))) {
          throw bad(
              "field '"
                  + field
                  + "' has an unknown key '"
                  + key
                  + "'; a parameter has "
                  + sorted(PARAMETER_FIELDS)
                  + ".");
        }
      }
      String name = string(p, "name", field + ".name", true);
      if (!PARAMETER_NAME.matcher(name).matches()) {
        throw bad(
            "field '"
                + field
                + ".name' is '"
                + name
                + "'; use letters and digits starting with a lowercase letter (templates read it as params."
                + "NAME).");
      }
      if (!names.add(name)) {
        throw bad(
            "field '"
                + field
                + ".name' repeats the parameter '"
                + name
                + "'; each name may appear once.");
      }
      String description = string(p, "description", field + ".description", true);
      String defaultValue = string(p, "default", field + ".default", true);
      String pattern =
          p.containsKey("pattern") ? string(p, "pattern", field + ".pattern", true) : ".*";
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw bad(
            "field '"
                + field
                + ".pattern' is not a valid Java regular expression ("
                + e.getDescription()
                + " at index "
                + e.getIndex()
                + ").");
      }
      if (!defaultValue.matches(pattern)) {
        throw bad(
            "field '"
                + field
                + ".default' is '"
                + defaultValue
                + "', which does not match its own pattern "
                + pattern
                + ".");
      }
      parameters.add(
          new Parameter(
              name,
              description,
              defaultValue,
              pattern,
              storeDefaults(p.get("storeDefaults"), field, pattern)));
    }
    return parameters;
  }

  /** A parameter's default per object store, each matching the parameter's pattern. */
  private Map<String, String> storeDefaults(Object declared, String field, String pattern) {
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    if (declared == null) {
      return defaults;
    }
    if (!(declared instanceof Map<?, ?> map)) {
      throw bad(
          "field '"
              + field
              + ".storeDefaults' must map object stores to defaults, such as 's3a: \"s3a://my-bucket/orders\"'.");
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String store = String.valueOf(entry.getKey());
      if (Arrays.stream(ObjectStore.values()).noneMatch(s -> s.key().equals(store))) {
        throw bad(
            "field '"
                + field
                + ".storeDefaults' names the object store '"
                + store
                + "'; the object stores are "
                + Arrays.stream(ObjectStore.values()).map(ObjectStore::key).toList()
                + ".");
      }
      String value = string(map, store, field + ".storeDefaults." + store, true);
      if (!value.matches(pattern)) {
        throw bad(
            "field '"
                + field
                + ".storeDefaults."
                + store
                + "' is '"
                + value
                + "', which does not match the parameter's pattern "
                + pattern
                + ".");
      }
      defaults.put(store, value);
    }
    return defaults;
  }

  private Set<String> executables(Object declared) {
    Set<String> executables = new LinkedHashSet<>();
    if (declared == null) {
      return Set.of();
    }
    if (!(declared instanceof List<?> list)) {
      throw bad("field 'executables' must be a list of generated paths such as 'mvnw'.");
    }
    for (int i = 0; i < list.size(); i++) {
      String path = list.get(i) instanceof String s ? s : null;
      if (path == null || !isRelativePath(path)) {
        throw bad(
            "field 'executables["
                + i
                + "]' is "
                + describe(list.get(i))
                + "; use a relative generated path with '/' and no '..', such as 'mvnw'.");
      }
      executables.add(path);
    }
    return executables;
  }

  private List<FileRule> upgrade(Object declared) {
    List<FileRule> rules = new ArrayList<>();
    if (declared == null) {
      return List.of();
    }
    if (!(declared instanceof Map<?, ?> map)) {
      throw bad(
          "field 'upgrade' must map path globs to one of "
              + policies()
              + ", e.g. 'src/main/java/**: team'.");
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String glob = String.valueOf(entry.getKey());
      String field = "upgrade." + glob;
      UpgradePolicy policy =
          Arrays.stream(UpgradePolicy.values())
              .filter(p -> p.key().equals(entry.getValue()))
              .findFirst()
              .orElseThrow(
                  () ->
                      bad(
                          "field '"
                              + field
                              + "' is "
                              + describe(entry.getValue())
                              + "; use one of "
                              + policies()
                              + "."));
      FileRule rule = new FileRule(glob, policy);
      try {
        rule.matches("x");
      } catch (IllegalArgumentException e) {
        throw bad(
            "field '"
                + field
                + "' is not a valid glob ("
                + e.getMessage().lines().findFirst().orElse("")
                + ").");
      }
      rules.add(rule);
    }
    return rules;
  }

  private String string(Map<?, ?> map, String key, String field, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        throw bad("has no field '" + field + "'; it is required.");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw bad(
          "field '" + field + "' is " + describe(value) + "; it must be a string (quote it).");
    }
    if (s.isBlank()) {
      throw bad("field '" + field + "' is empty; it must have a value.");
    }
    return s;
  }

  static boolean isRelativePath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    return Arrays.stream(path.split("/", -1))
        .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "empty";
    }
    String kind =
        value instanceof List
            ? "a list"
            : value instanceof Map
                ? "a mapping"
                : value instanceof String
                    ? "the string"
                    : "the " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    return kind
        + (value instanceof List || value instanceof Map ? " " + value : " '" + value + "'");
  }

  private static String policies() {
    return Arrays.stream(UpgradePolicy.values())
        .map(UpgradePolicy::key)
        .collect(Collectors.joining(", "));
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private InvalidInputException bad(String problem) {
    return new InvalidInputException("Archetype descriptor " + file + " " + problem);
  }
}
