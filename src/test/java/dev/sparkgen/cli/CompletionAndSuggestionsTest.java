package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `sparkgen completion` completes in a real bash; mistyped commands and options get a "did you
 * mean".
 */
@Tag("slow")
class CompletionAndSuggestionsTest {

  @TempDir Path dir;

  /** What bash offers after the words typed so far, with the script sourced. */
  String complete(String script, String... words) throws Exception {
    Path file = dir.resolve("sparkgen_completion");
    Files.writeString(file, script);
    String array =
        String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
    ExternalTools.Result result =
        ExternalTools.run(
            dir,
            ExternalTools.require("bash").toString(),
            "-c",
            "source ./sparkgen_completion; COMP_WORDS=("
                + array
                + "); COMP_CWORD="
                + (words.length - 1)
                + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_sparkgen; printf '%s\\n' \"${COMPREPLY[@]}\"");
    result.assertSuccess("bash completion");
    return result.stdout();
  }

  @Test
  void bashCompletesCommandsOptionsAndValues() throws Exception {
    CliTest.Run run = CliTest.run("completion", "bash");

    assertThat(run.exitCode()).isZero();
    assertThat(complete(run.out(), "sparkgen", "va")).isEqualTo("validate\n");
    assertThat(complete(run.out(), "sparkgen", "validate", "--o")).contains("--output");
    assertThat(complete(run.out(), "sparkgen", "validate", "--output", ""))
        .contains("text", "json");
    assertThat(complete(run.out(), "sparkgen", "new", "x", "--dr")).isEqualTo("--dry-run\n");
  }

  @Test
  void zshGetsTheScriptThatLoadsBashCompletionUnderZsh() {
    CliTest.Run run = CliTest.run("completion", "zsh");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ZSH_VERSION", "bashcompinit", "complete -F _complete_sparkgen");
  }

  @Test
  void anUnknownShellIsBadUsage() {
    CliTest.Run run = CliTest.run("completion", "fish");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("fish", "bash", "zsh");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nwe x                  | Did you mean new?",
        "validat                | Did you mean validate?",
        "new x --spakr 4.2      | Did you mean --spark?",
        "new x --dryrun         | Did you mean --dry-run?",
        "new x --regsitry=h     | Did you mean --registry?",
        "validate --outptu json | Did you mean --output?"
      })
  void aMistypedCommandOrOptionGetsTheNearestName(String args, String suggestion) {
    CliTest.Run run = CliTest.run(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow()).endsWith(". " + suggestion);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void somethingFarFromEveryNameGetsNoGuess() {
    CliTest.Run run = CliTest.run("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("Did you mean");
  }
}
