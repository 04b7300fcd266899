package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void editDistanceIsLevenshteinsCappedWhereTheLengthsAloneExceedTheLimit() {
    assertThat(Suggestions.distance("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc", 5)).isEqualTo(3);
    assertThat(Suggestions.distance("abc", "", 5)).isEqualTo(3);
    assertThat(Suggestions.distance("a", "abcd", 2)).isEqualTo(3);
    assertThat(Suggestions.distance("ab", "abcd", 2)).isEqualTo(2);
  }

  @Test
  void suggestsTheNearestWithinTheAllowedEditsAndTheFirstOfATie() {
    List<String> names = List.of("spark.cores.max", "spark.cores.min", "spark.task.cpus");
    assertThat(Suggestions.closest("spark.cores.ma", names, 1)).contains("spark.cores.max");
    assertThat(Suggestions.closest("spark.cores.mix", names, 1)).contains("spark.cores.max");
    assertThat(
            Suggestions.closest(
                "spark.cores.mix", List.of("spark.cores.min", "spark.cores.max"), 1))
        .contains("spark.cores.min");
    assertThat(Suggestions.closest("SPARK.TASK.CPUS", names, 0)).contains("spark.task.cpus");
    assertThat(Suggestions.closest("spark.core", names, 1)).isEmpty();
  }
}
