package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds every YAML file sparkgen reads goes through, at their edges. */
class BoundedYamlTest {

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void nestingUpToTheLimitIsReadAndOneLevelMoreIsRefused() {
    assertThat(BoundedYaml.load(nested(BoundedYaml.MAX_DEPTH))).isInstanceOf(List.class);
    // A mapping is a level too: the root mapping plus 99 lists is 100.
    assertThat(BoundedYaml.load("a: " + nested(BoundedYaml.MAX_DEPTH - 1))).isInstanceOf(Map.class);

    assertThatThrownBy(() -> BoundedYaml.load("a: " + nested(BoundedYaml.MAX_DEPTH)))
        .isInstanceOf(BoundedYaml.RefusedException.class)
        .hasMessage("nested deeper than 100 levels (line 1)");
  }

  @Test
  void depthIsCountedPerDocumentAndNotAcrossSiblings() {
    StringBuilder wide = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      wide.append("k").append(i).append(": ").append(nested(50)).append('\n');
    }
    assertThat((Map<?, ?>) BoundedYaml.load(wide.toString())).hasSize(500);
    assertThat(BoundedYaml.loadAll(nested(90) + "\n---\n" + nested(90))).hasSize(2);
  }

  @Test
  void aFileNestedFarDeeperIsRefusedWithoutOverflowingTheStack() {
    assertThatThrownBy(() -> BoundedYaml.loadAll("---\na: 1\n---\n" + nested(200_000)))
        .isInstanceOf(BoundedYaml.RefusedException.class)
        .hasMessage("nested deeper than 100 levels (line 4)");
  }

  @Test
  void aliasesOfCollectionsAreCountedAndScalarAliasesAreNot() {
    StringBuilder fifty = new StringBuilder("a: &a [x]\nb: &s y\nuses:\n");
    for (int i = 0; i < BoundedYaml.MAX_ALIASES; i++) {
      fifty.append("  - *a\n  - *s\n");
    }
    assertThat(((Map<?, ?>) BoundedYaml.load(fifty.toString())).containsKey("uses")).isTrue();

    assertThatThrownBy(() -> BoundedYaml.load(fifty + "  - *a\n"))
        .isInstanceOf(BoundedYaml.RefusedException.class)
        .hasMessageStartingWith("using more than 50 aliases of collections (line ");
  }

  @Test
  void sizeIsBoundedInCharacters() {
    String big = "#" + "x".repeat(BoundedYaml.MAX_CHARS) + "\n";

    assertThatThrownBy(() -> BoundedYaml.load(big))
        .isInstanceOf(BoundedYaml.RefusedException.class)
        .hasMessage("longer than 16,777,216 characters, far above any real one");
  }

  @Test
  void notYamlIsOneLine() {
    assertThatThrownBy(() -> BoundedYaml.load("a: [b\nc: d"))
        .isInstanceOf(BoundedYaml.RefusedException.class)
        .hasMessageStartingWith("not valid YAML (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void utf8IsRefusedWithTheLineOfTheFirstBadByte() {
    byte[] text = "a: 1\nb: caf\u00e9\nc: 3\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> InputText.utf8("File f", text, "save it as UTF-8."))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "File f is not UTF-8 (line 2 has a byte UTF-8 does not use); save it as UTF-8.");
    assertThat(InputText.utf8("f", "caf\u00e9".getBytes(StandardCharsets.UTF_8), ""))
        .isEqualTo("caf\u00e9");
  }
}
