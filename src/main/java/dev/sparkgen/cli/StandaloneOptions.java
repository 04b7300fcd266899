package dev.sparkgen.cli;

import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.spec.StandaloneSetting;
import dev.sparkgen.spec.SubmitScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --submit FILE} and {@code --defaults ENV=FILE}, the Spark Standalone submission that
 * {@code new} and {@code init} translate: one mixin, as jib-cli shares its options, so that both
 * commands read the files the same way (InputFiles) and say the same about them.
 */
final class StandaloneOptions {

  @Option(
      names = "--submit",
      paramLabel = "FILE",
      description =
          "The shell file holding the spark-submit command that runs the job on Spark Standalone today: its settings "
              + "are translated into every environment, and MIGRATION.md reports each one.")
  String submit;

  @Option(
      names = "--defaults",
      paramLabel = "ENV=FILE",
      description =
          "The spark-defaults.conf one environment used on Standalone, translated into that environment; repeatable.")
  List<String> defaults = new ArrayList<>();

  /** The submit file's text, read once: init looks at its --class before the spec is built. */
  private String submitText;

  /**
   * Hands the files to {@code builder}; a file that is missing, too large or not UTF-8 is refused
   * here.
   */
  SpecBuilder applyTo(SpecBuilder builder) {
    if (submit != null) {
      builder.submit(submit, submitText());
    }
    for (String given : defaults) {
      Map.Entry<String, String> assignment = SpecBuilder.defaultsAssignment(given);
      builder.defaults(
          assignment.getKey(),
          assignment.getValue(),
          InputFiles.read("Defaults file", assignment.getValue()));
    }
    return builder;
  }

  /**
   * The submit file's {@code --class}, the last one as spark-submit takes it; empty without {@code
   * --submit} or one.
   */
  Optional<StandaloneSetting> submittedClass() {
    if (submit == null) {
      return Optional.empty();
    }
    return SubmitScript.parse(submit, submitText()).stream()
        .filter(s -> s.form() == StandaloneSetting.Form.OPTION && s.name().equals("--class"))
        .reduce((first, second) -> second);
  }

  private String submitText() {
    if (submitText == null) {
      submitText = InputFiles.read("Submit file", submit);
    }
    return submitText;
  }
}
