package dev.sparkgen.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers file ({@code .sparkgen.yaml}) read back: the inputs a repository was generated from,
 * where its templates came from, and each generated file's git blob id and mode. The inputs go
 * through {@link SpecBuilder} again, so a hand-edited answers file is validated like the command
 * line; rendering the spec gives the recorded plan again (AnswersRoundTripTest).
 *
 * @param generatorVersion the sparkgen version that last rendered the repository
 * @param files generated path → its content's git blob id and mode, as generated
 */
public record Answers(
    String generatorVersion,
    TemplateSource templates,
    String archetype,
    Inputs inputs,
    SortedMap<String, RecordedFile> files) {

  public static final String FILE_NAME = ".sparkgen.yaml";

  /** Raised when the file's layout changes; a newer file is refused, never guessed at. */
  public static final int SCHEMA = 1;

  public Answers {
    files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** The inputs, as {@link SpecBuilder} takes them. */
  public record Inputs(
      String name,
      String group,
      String packageName,
      String spark,
      int java,
      List<EnvironmentAnswer> envs,
      Optional<String> registry,
      Optional<String> baseImage,
      Map<String, String> parameters,
      Optional<StandaloneInputs> standalone,
      Optional<String> mainClass,
      List<String> objectStores,
      Optional<String> adoptedFrom,
      Optional<String> language) {}

  public record EnvironmentAnswer(String name, String tier, String cluster) {}

  /**
   * A generated file as recorded: {@code blob} is git's object id of the content (what {@code git
   * hash-object} prints), so the generated content can be found in the repository's own git
   * objects; {@code executable} is mode 100755 rather than 100644.
   */
  public record RecordedFile(String blob, boolean executable) {
    private static final Pattern FORMAT = Pattern.compile("(100644|100755) ([0-9a-f]{40})");

    public String format() {
      return (executable ? "100755" : "100644") + " " + blob;
    }
  }

  /**
   * A builder holding the recorded inputs; callers may change some (upgrade --spark) before
   * building.
   */
  public SpecBuilder specBuilder() {
    Map<String, String> tiers = new LinkedHashMap<>();
    inputs.envs().forEach(e -> tiers.put(e.name(), e.tier()));
    return SpecBuilder.named(inputs.name())
        .group(inputs.group())
        .packageName(inputs.packageName())
        .archetype(archetype)
        .spark(inputs.spark())
        .java(inputs.java())
        .envs(inputs.envs().stream().map(e -> e.name() + ":" + e.cluster()).toList())
        .tiers(tiers)
        .registry(inputs.registry().orElse(null))
        .baseImage(inputs.baseImage().orElse(null))
        .parameters(inputs.parameters())
        .standalone(inputs.standalone().orElse(null))
        .mainClass(inputs.mainClass().orElse(null))
        .objectStores(inputs.objectStores())
        .adoptedFrom(inputs.adoptedFrom().orElse(null))
        .language(inputs.language().orElse(null));
  }

  /**
   * Reads the answers file {@code file}: at most {@link BoundedYaml#MAX_CHARS} bytes of UTF-8, YAML
   * within {@link BoundedYaml}'s bounds, each field of its type, each recorded path inside the
   * repository and outside {@code .git}. Anything else is bad input naming the file and the field.
   */
  public static Answers read(Path file) {
    String text =
        InputText.read(file, "Answers file " + file, BoundedYaml.MAX_CHARS, "restore it from git.");
    return parse(file.toString(), text);
  }

  /** Reads an answers file's text; {@code label} names it in messages. */
  public static Answers parse(String label, String text) {
    return new Reader(label).read(text);
  }

  /**
   * Why {@code path}, a path the answers file records for a generated file, is not one sparkgen may
   * write, or empty: it must be relative, normalised (no {@code .}, {@code ..} or empty segment),
   * outside {@code .git} (in any letter case, as git refuses it) and free of NUL.
   */
  public static Optional<String> pathProblem(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.indexOf('\0') >= 0) {
      return Optional.of("contains a NUL character");
    }
    if (path.startsWith("/")) {
      return Optional.of("is absolute");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("leads out of the repository through '..'");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return Optional.of("is not normalised (an empty or '.' segment)");
      }
      if (segment.equalsIgnoreCase(".git")) {
        return Optional.of("is inside .git, git's own directory");
      }
    }
    return Optional.empty();
  }

  private record Reader(String label) {

    Answers read(String text) {
      Object yaml;
      try {
        yaml = BoundedYaml.load(text);
      } catch (BoundedYaml.RefusedException e) {
        throw bad("is " + e.getMessage() + "; restore it from git.");
      }
      if (!(yaml instanceof Map<?, ?> root)) {
        throw bad("is not a YAML mapping; restore it from git.");
      }
      Object schema = root.get("schema");
      if (schema == null) {
        throw bad(
            "has no 'schema' field: it was written before sparkgen recorded what upgrades need, so this repository cannot be upgraded automatically; generate a new one and copy your changes over.");
      }
      if (!(schema instanceof Integer version) || version != SCHEMA) {
        throw bad(
            "has schema "
                + schema
                + ", and this sparkgen reads schema "
                + SCHEMA
                + " only; use the sparkgen version that wrote it ("
                + (root.get("generator") instanceof Map<?, ?> g ? g.get("version") : "unknown")
                + ") or newer.");
      }
      Map<?, ?> generator = map(root, "generator");
      String generatorVersion = string(generator, "generator.version");
      TemplateSource templates = TemplateSource.BUILT_IN;
      if (root.get("templates") != null) {
        Map<?, ?> t = map(root, "templates");
        String folder = string(t, "templates.folder");
        if (folder.indexOf('\0') >= 0) {
          throw bad("field 'templates.folder' contains a NUL character; restore it from git.");
        }
        templates = TemplateSource.folder(folder, string(t, "templates.digest"));
      }
      String archetype = string(root, "archetype");
      Map<?, ?> in = map(root, "inputs");
      List<EnvironmentAnswer> envs = new ArrayList<>();
      if (!(in.get("envs") instanceof List<?> list)) {
        throw bad("field 'inputs.envs' must be a list of environments; restore it from git.");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> e)) {
          throw bad(
              "field 'inputs.envs["
                  + i
                  + "]' must be a mapping with name, tier and cluster; restore it from git.");
        }
        envs.add(
            new EnvironmentAnswer(
                string(e, "name", "inputs.envs[" + i + "].name"),
                string(e, "tier", "inputs.envs[" + i + "].tier"),
                string(e, "cluster", "inputs.envs[" + i + "].cluster")));
      }
      Map<String, String> parameters = new TreeMap<>();
      if (in.get("parameters") != null) {
        map(in, "parameters", "inputs.parameters")
            .forEach(
                (k, v) -> {
                  String field = "inputs.parameters." + k;
                  parameters.put(scalar(k, field + " (its name)"), scalar(v, field));
                });
      }
      // Absent from answers files written before sparkgen offered connectors: none.
      List<String> objectStores = new ArrayList<>();
      if (in.get("objectStores") != null) {
        if (!(in.get("objectStores") instanceof List<?> stores)) {
          throw bad(
              "field 'inputs.objectStores' must be a list such as [s3a]; restore it from git.");
        }
        for (int i = 0; i < stores.size(); i++) {
          objectStores.add(scalar(stores.get(i), "inputs.objectStores[" + i + "]"));
        }
      }
      if (!(in.get("java") instanceof Integer java)) {
        throw bad("field 'inputs.java' must be a number such as 17; restore it from git.");
      }
      Inputs inputs =
          new Inputs(
              string(in, "name", "inputs.name"),
              string(in, "group", "inputs.group"),
              string(in, "package", "inputs.package"),
              string(in, "spark", "inputs.spark"),
              java,
              envs,
              optional(in, "registry", "inputs.registry"),
              optional(in, "baseImage", "inputs.baseImage"),
              parameters,
              in.get("standalone") == null
                  ? Optional.empty()
                  : Optional.of(standalone(map(in, "standalone", "inputs.standalone"))),
              optional(in, "mainClass", "inputs.mainClass"),
              objectStores,
              blobId(optional(in, "adoptedFrom", "inputs.adoptedFrom")),
              // Absent from answers files written before sparkgen offered languages: java.
              optional(in, "language", "inputs.language"));
      SortedMap<String, RecordedFile> files = new TreeMap<>();
      map(root, "files")
          .forEach(
              (key, value) -> {
                String path = scalar(key, "files (a path)");
                pathProblem(path)
                    .ifPresent(
                        problem -> {
                          throw bad(
                              "field 'files' has the path '"
                                  + path
                                  + "', which "
                                  + problem
                                  + "; every generated file's path is relative to the repository, normalised and outside .git; restore it from git.");
                        });
                Matcher m = RecordedFile.FORMAT.matcher(value instanceof String v ? v : "");
                if (!m.matches()) {
                  throw bad(
                      "field 'files."
                          + path
                          + "' is "
                          + (value instanceof String ? "'" + value + "'" : "not a text value")
                          + "; it must be a mode and a git blob id such as '100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'.");
                }
                files.put(path, new RecordedFile(m.group(2), m.group(1).equals("100755")));
              });
      return new Answers(generatorVersion, templates, archetype, inputs, files);
    }

    private StandaloneInputs standalone(Map<?, ?> standalone) {
      Optional<StandaloneInputs.Source> submit =
          standalone.get("submit") == null
              ? Optional.empty()
              : Optional.of(
                  source(
                      map(standalone, "submit", "inputs.standalone.submit"),
                      "inputs.standalone.submit"));
      Map<String, StandaloneInputs.Source> defaults = new LinkedHashMap<>();
      if (standalone.get("defaults") != null) {
        map(standalone, "defaults", "inputs.standalone.defaults")
            .forEach(
                (env, value) -> {
                  String field = "inputs.standalone.defaults." + env;
                  if (!(value instanceof Map<?, ?> m)) {
                    throw bad("has no mapping '" + field + "'; restore it from git.");
                  }
                  defaults.put(String.valueOf(env), source(m, field));
                });
      }
      return new StandaloneInputs(submit, defaults);
    }

    private StandaloneInputs.Source source(Map<?, ?> source, String field) {
      if (!(source.get("settings") instanceof List<?> list)) {
        throw bad(
            "field '" + field + ".settings' must be a list of settings; restore it from git.");
      }
      String file = string(source, "file", field + ".file");
      List<StandaloneSetting> settings = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String at = field + ".settings[" + i + "]";
        if (!(list.get(i) instanceof Map<?, ?> s)
            || !(s.get("line") instanceof Integer line)
            || line < 1) {
          throw bad(
              "field '"
                  + at
                  + "' must be a mapping with line, form, name and value; restore it from git.");
        }
        StandaloneSetting.Form form;
        try {
          form =
              StandaloneSetting.Form.valueOf(
                  string(s, "form", at + ".form").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw bad("field '" + at + ".form' is '" + s.get("form") + "'; restore it from git.");
        }
        settings.add(
            new StandaloneSetting(
                file,
                line,
                form,
                string(s, "name", at + ".name"),
                string(s, "value", at + ".value")));
      }
      return new StandaloneInputs.Source(file, settings);
    }

    private Map<?, ?> map(Map<?, ?> parent, String field) {
      return map(parent, field, field);
    }

    private Map<?, ?> map(Map<?, ?> parent, String key, String field) {
      if (!(parent.get(key) instanceof Map<?, ?> m)) {
        throw bad("has no mapping '" + field + "'; restore it from git.");
      }
      return m;
    }

    private String string(Map<?, ?> parent, String field) {
      return string(parent, field.substring(field.lastIndexOf('.') + 1), field);
    }

    private String string(Map<?, ?> parent, String key, String field) {
      Object value = parent.get(key);
      if (value == null) {
        throw bad("has no field '" + field + "'; restore it from git.");
      }
      return scalar(value, field);
    }

    private Optional<String> optional(Map<?, ?> parent, String key, String field) {
      Object value = parent.get(key);
      return value == null ? Optional.empty() : Optional.of(scalar(value, field));
    }

    /**
     * A text, number or boolean as text; a mapping, list or binary is refused, so that no
     * collection's toString reaches the spec as a value.
     */
    private String scalar(Object value, String field) {
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        return String.valueOf(value);
      }
      throw bad(
          "field '"
              + field
              + "' must be a text value, not "
              + (value instanceof Map<?, ?>
                  ? "a mapping"
                  : value instanceof List<?> ? "a list" : "a " + value.getClass().getSimpleName())
              + "; restore it from git.");
    }

    /** A git object id, what {@code git hash-object} prints; anything else is refused. */
    private Optional<String> blobId(Optional<String> value) {
      if (value.isPresent() && !value.get().matches("[0-9a-f]{40}")) {
        throw bad(
            "field 'inputs.adoptedFrom' must be a git blob id (40 hexadecimal digits), not '"
                + SpecBuilder.abbreviate(value.get())
                + "'; restore it from git.");
      }
      return value;
    }

    private InvalidInputException bad(String problem) {
      return new InvalidInputException("Answers file " + label + " " + problem);
    }
  }
}
