package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.Answers.RecordedFile;
import dev.sparkgen.spec.ObjectStore;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.StandaloneInputs;
import dev.sparkgen.spec.TemplateSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes the answers file ({@code .sparkgen.yaml}); {@link Answers} reads it back. Every value
 * {@link Answers#specBuilder} needs to rebuild the same spec is here, and each generated file's git
 * blob id and mode, so that upgrade can find what was generated in the repository's git objects.
 */
final class AnswersFile implements PlanContributor {

  private static final String HEADER =
      """
      # Written by sparkgen. The inputs this repository was generated from, where its templates
      # came from, and each generated file as `mode git-blob-id` (what `git ls-tree` shows):
      # `sparkgen upgrade` re-renders from the inputs and reads the generated files back from git
      # to merge template changes with your edits. Change it with sparkgen, not by hand.
      """;

  private final String generatorVersion;

  AnswersFile(String generatorVersion) {
    this.generatorVersion = generatorVersion;
  }

  /** Records every file contributed before it: it must be the last contributor. */
  @Override
  public void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files) {
    files.put(
        PlanRenderer.ANSWERS_FILE,
        PlannedFile.text(render(spec, archetype.source(), generatorVersion, files)));
  }

  static String render(
      ProjectSpec spec,
      TemplateSource templates,
      String generatorVersion,
      Map<String, PlannedFile> files) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("name", spec.name());
    inputs.put("group", spec.groupId());
    inputs.put("package", spec.packageName());
    inputs.put("spark", spec.spark().version());
    inputs.put("java", spec.javaVersion());
    List<Map<String, Object>> envs =
        spec.environments().stream()
            .map(
                e -> {
                  Map<String, Object> env = new LinkedHashMap<>();
                  env.put("name", e.name());
                  env.put("tier", e.tier().key());
                  env.put("cluster", e.cluster());
                  return env;
                })
            .toList();
    inputs.put("envs", envs);
    inputs.put("registry", spec.registry().orElse(null));
    inputs.put("baseImage", spec.customBaseImage().map(Object::toString).orElse(null));
    inputs.put("parameters", new TreeMap<>(spec.parameters()));
    spec.migration().ifPresent(m -> inputs.put("standalone", standalone(m.inputs())));
    // Only an adopted project records its main class: a new one's follows from the archetype.
    spec.mainClass().ifPresent(main -> inputs.put("mainClass", main));
    // The pom init adopted: upgrade adopts it again to tell sparkgen's parts from the team's.
    spec.adoptedFrom().ifPresent(blob -> inputs.put("adoptedFrom", blob));
    inputs.put("objectStores", spec.objectStores().stream().map(ObjectStore::key).toList());
    // So upgrade renders the same language; an adopted project's language is its own.
    if (spec.mainClass().isEmpty()) {
      inputs.put("language", spec.language().key());
    }

    Map<String, Object> recorded = new TreeMap<>();
    files.forEach(
        (path, file) ->
            recorded.put(path, new RecordedFile(file.gitBlobId(), file.executable()).format()));

    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("schema", Answers.SCHEMA);
    answers.put("generator", Map.of("version", generatorVersion));
    if (!templates.builtIn()) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("folder", templates.folder().orElseThrow());
      source.put("digest", templates.digest().orElseThrow());
      answers.put("templates", source);
    }
    answers.put("archetype", spec.archetypeId());
    answers.put("inputs", inputs);
    answers.put("files", recorded);

    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            // One file a line however long its path (src/sparkgen/test/java/...), so a reader can
            // grep it.
            .setSplitLines(false)
            .build();
    return HEADER + new Dump(settings).dumpToString(answers);
  }

  /**
   * The Standalone settings as parsed, credentials already redacted: upgrade translates them again.
   */
  private static Map<String, Object> standalone(StandaloneInputs inputs) {
    Map<String, Object> standalone = new LinkedHashMap<>();
    inputs.submit().ifPresent(s -> standalone.put("submit", source(s)));
    if (!inputs.defaults().isEmpty()) {
      Map<String, Object> defaults = new LinkedHashMap<>();
      inputs.defaults().forEach((env, s) -> defaults.put(env, source(s)));
      standalone.put("defaults", defaults);
    }
    return standalone;
  }

  private static Map<String, Object> source(StandaloneInputs.Source source) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("file", source.file());
    map.put(
        "settings",
        source.settings().stream()
            .map(
                setting -> {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("line", setting.line());
                  one.put("form", setting.form().name().toLowerCase(java.util.Locale.ROOT));
                  one.put("name", setting.name());
                  one.put("value", setting.value());
                  return one;
                })
            .toList());
    return map;
  }
}
