package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which paths the answers file may record for a generated file, and why the others are refused. */
class AnswersPathsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pom.xml",
        "k8s/base/job.yaml",
        ".github/workflows/ci.yml",
        ".gitignore",
        ".gitattributes",
        "a..b/c",
        "...",
        "src/main/java/com/example/job/SparkPi.java"
      })
  void acceptsRelativeNormalisedPathsOutsideGit(String path) {
    assertThat(Answers.pathProblem(path)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/etc/passwd | is absolute",
        "../outside/notes.txt | leads out of the repository through '..'",
        "k8s/../../x | leads out of the repository through '..'",
        "a/.. | leads out of the repository through '..'",
        "a/./b | is not normalised (an empty or '.' segment)",
        "a//b | is not normalised (an empty or '.' segment)",
        "a/ | is not normalised (an empty or '.' segment)",
        ". | is not normalised (an empty or '.' segment)",
        ".git | is inside .git, git's own directory",
        ".git/HEAD | is inside .git, git's own directory",
        "sub/.GIT/config | is inside .git, git's own directory",
      })
  void refusesPathsLeadingOutOrIntoGit(String path, String problem) {
    assertThat(Answers.pathProblem(path)).isEqualTo(Optional.of(problem));
  }

  @org.junit.jupiter.api.Test
  void refusesEmptyAndNul() {
    assertThat(Answers.pathProblem("")).contains("is empty");
    assertThat(Answers.pathProblem("a\0b")).contains("contains a NUL character");
  }
}
