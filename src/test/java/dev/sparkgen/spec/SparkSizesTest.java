package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spark's overhead rule, max(minimum, factor × memory) truncated to MiB, at its edges. */
class SparkSizesTest {

  @Test
  void theOverheadIsTheMinimumUntilTheFactorOfTheMemoryExceedsIt() {
    assertThat(
            SparkSizes.overheadMib(1024, SparkSizes.OVERHEAD_FACTOR, SparkSizes.MIN_OVERHEAD_MIB))
        .isEqualTo(384);
    assertThat(SparkSizes.overheadMib(3840, 0.1, 384)).isEqualTo(384);
    // 0.1 × 4095 = 409.5: Spark's .toInt keeps 409.
    assertThat(SparkSizes.overheadMib(4095, 0.1, 384)).isEqualTo(409);
    assertThat(SparkSizes.overheadMib(8192, 0.4, 384)).isEqualTo(3276);
    assertThat(SparkSizes.overheadMib(8192, 0.1, 1024)).isEqualTo(1024);
  }

  @Test
  void sizesAreSparksUnitsRoundedUpToWholeMebibytes() {
    assertThat(SparkSizes.mebibytes("4g")).isEqualTo(4096);
    assertThat(SparkSizes.mebibytes("4G")).isEqualTo(4096);
    assertThat(SparkSizes.mebibytes("4gb")).isEqualTo(4096);
    assertThat(SparkSizes.mebibytes("512")).isEqualTo(512);
    assertThat(SparkSizes.mebibytes("1025k")).isEqualTo(2);
    assertThat(SparkSizes.mebibytes("1.5g")).isEqualTo(-1);
    assertThat(SparkSizes.mebibytes("8GiB")).isEqualTo(-1);
    assertThat(SparkSizes.mebibytes(null)).isEqualTo(-1);
  }
}
