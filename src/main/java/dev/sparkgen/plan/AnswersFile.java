package dev.sparkgen.plan;

import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ProjectSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The answers file ({@code .sparkgen.yaml}): the inputs a repository was generated from and the
 * hash of every file generated, so that a later upgrade can re-render the old and the new plan
 * and tell the team's edits from template changes.
 */
final class AnswersFile {

  private static final String HEADER = """
      # Written by sparkgen. The inputs this repository was generated from, and the hash of every
      # file as generated: `sparkgen upgrade` re-renders from these to merge template changes with
      # your own edits. Do not edit by hand.
      """;

  private AnswersFile() {}

  static String render(ProjectSpec spec, String generatorVersion, Map<String, PlannedFile> files) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("name", spec.name());
    inputs.put("group", spec.groupId());
    inputs.put("package", spec.packageName());
    inputs.put("spark", spec.spark().version());
    inputs.put("java", spec.javaVersion());
    inputs.put("envs", spec.environments().stream().map(Environment::spec).toList());
    inputs.put("registry", spec.registry().orElse(null));
    inputs.put("baseImage", spec.customBaseImage().map(Object::toString).orElse(null));
    inputs.put("parameters", new TreeMap<>(spec.parameters()));

    Map<String, Object> hashes = new TreeMap<>();
    files.forEach((path, file) -> hashes.put(path, file.sha256()));

    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("generator", Map.of("version", generatorVersion));
    answers.put("archetype", spec.archetypeId());
    answers.put("inputs", inputs);
    answers.put("files", hashes);

    DumpSettings settings = DumpSettings.builder()
        .setDefaultFlowStyle(FlowStyle.BLOCK)
        .setIndent(2)
        .setIndicatorIndent(2)
        .setIndentWithIndicator(true)
        .build();
    return HEADER + new Dump(settings).dumpToString(answers);
  }
}
