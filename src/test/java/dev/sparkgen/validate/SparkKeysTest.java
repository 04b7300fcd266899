package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparkKeysTest {

  private final SparkKeys keys = SparkKeys.forLine("4.2").orElseThrow();

  @Test
  void aShippedLineHasItsKeysAndAnUnknownLineHasNone() {
    assertThat(keys.line()).isEqualTo("4.2");
    assertThat(SparkKeys.forLine("2.4")).isEmpty();
  }

  @Test
  void knowsTheTablesKeysTheFamiliesAndLeavesOtherNamespacesAlone() {
    assertThat(keys.known("spark.executor.memoryOverhead")).isTrue();
    assertThat(keys.known("spark.executor.memoryOverhed")).isFalse();
    // A family ends in a dot; a line without one is one exact key.
    assertThat(keys.known("spark.kubernetes.driver.label.team")).isTrue();
    assertThat(keys.known("spark.app.name")).isTrue();
    assertThat(keys.known("spark.app.names")).isFalse();
    assertThat(keys.known("hadoop.security.authentication")).isTrue();
    // A family's name alone is no key.
    assertThat(keys.known("spark.kubernetes.driver.label")).isFalse();
  }

  @Test
  void suggestsWithinOneEditBelowSixteenCharactersAndTwoFromSixteen() {
    assertThat(keys.suggestion("spark.cores.mbx")).contains("spark.cores.max");
    assertThat(keys.suggestion("spark.coxes.mbx")).isEmpty();
    assertThat(keys.suggestion("spark.sexializes")).contains("spark.serializer");
  }

  @Test
  void aKeyOfANewerLineIsKnownToTheLinesThatHaveIt() {
    String newer = "spark.kubernetes.executor.terminationGracePeriodSeconds";
    SparkKeys old = SparkKeys.forLine("3.5").orElseThrow();
    assertThat(old.known(newer)).isFalse();
    assertThat(SparkKeys.knownToAnyLine(newer, List.of(old))).isFalse();
    assertThat(SparkKeys.knownToAnyLine(newer, List.of(old, keys))).isTrue();
  }
}
