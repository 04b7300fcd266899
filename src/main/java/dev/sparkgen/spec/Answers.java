package dev.sparkgen.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

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
      List<String> objectStores) {}

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
        .objectStores(inputs.objectStores());
  }

  /** Reads an answers file; {@code label} names it in messages. */
  public static Answers parse(String label, String text) {
    return new Reader(label).read(text);
  }

  private record Reader(String label) {

    Answers read(String text) {
      Object yaml;
      try {
        yaml = new Load(LoadSettings.builder().setLabel(label).build()).loadFromString(text);
      } catch (YamlEngineException e) {
        throw bad(
            "is not valid YAML ("
                + e.getMessage().lines().findFirst().orElse("")
                + "); restore it from git.");
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
        templates =
            TemplateSource.folder(string(t, "templates.folder"), string(t, "templates.digest"));
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
            .forEach((k, v) -> parameters.put(String.valueOf(k), String.valueOf(v)));
      }
      // Absent from answers files written before sparkgen offered connectors: none.
      List<String> objectStores = new ArrayList<>();
      if (in.get("objectStores") != null) {
        if (!(in.get("objectStores") instanceof List<?> stores)) {
          throw bad(
              "field 'inputs.objectStores' must be a list such as [s3a]; restore it from git.");
        }
        stores.forEach(s -> objectStores.add(String.valueOf(s)));
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
              Optional.ofNullable(in.get("registry")).map(String::valueOf),
              Optional.ofNullable(in.get("baseImage")).map(String::valueOf),
              parameters,
              in.get("standalone") == null
                  ? Optional.empty()
                  : Optional.of(standalone(map(in, "standalone", "inputs.standalone"))),
              Optional.ofNullable(in.get("mainClass")).map(String::valueOf),
              objectStores);
      SortedMap<String, RecordedFile> files = new TreeMap<>();
      map(root, "files")
          .forEach(
              (path, value) -> {
                Matcher m = RecordedFile.FORMAT.matcher(String.valueOf(value));
                if (!m.matches()) {
                  throw bad(
                      "field 'files."
                          + path
                          + "' is '"
                          + value
                          + "'; it must be a mode and a git blob id such as '100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'.");
                }
                files.put(
                    String.valueOf(path),
                    new RecordedFile(m.group(2), m.group(1).equals("100755")));
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
      return String.valueOf(value);
    }

    private InvalidInputException bad(String problem) {
      return new InvalidInputException("Answers file " + label + " " + problem);
    }
  }
}
