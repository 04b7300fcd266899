package dev.sparkgen.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's memory arithmetic, once: sizes as Spark's memory settings are written, and the overhead
 * Spark adds to a pod's memory when none is set. {@code new --submit} sizes pods and quotas with
 * it, {@code validate} checks rendered pods against it.
 */
public final class SparkSizes {

  /** Spark's {@code spark.{driver,executor}.minMemoryOverhead} default (ResourceProfile). */
  public static final long MIN_OVERHEAD_MIB = 384;

  /** Spark's {@code spark.{driver,executor}.memoryOverheadFactor} default for JVM jobs. */
  public static final double OVERHEAD_FACTOR = 0.10;

  private static final Pattern SIZE = Pattern.compile("(?i)([0-9]+)([kmgtp]?)b?");

  private SparkSizes() {}

  /**
   * The memory overhead Spark gives a driver or an executor that has no {@code memoryOverhead}:
   * {@code max(minimum, factor × memory)}, the product truncated to whole MiB as Spark's {@code
   * (memoryOverheadFactor * driverMemoryMiB).toInt} does (resource-managers/kubernetes
   * BasicDriverFeatureStep; ResourceProfile.calculateOverHeadMemory for executors).
   */
  public static long overheadMib(long memoryMib, double factor, long minimumMib) {
    return Math.max(minimumMib, (long) (factor * memoryMib));
  }

  /**
   * A Spark size in MiB (no unit: MiB, as for Spark's memory settings), rounded up to a whole MiB
   * so that what is sized from it is never short; -1 when it is not a size or its bytes do not fit
   * the int64 in which Kubernetes holds a pod's memory.
   */
  public static long mebibytes(String size) {
    if (size == null) {
      return -1;
    }
    Matcher m = SIZE.matcher(size.strip());
    if (!m.matches() || m.group(1).length() > 12) {
      return -1;
    }
    long unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 1L << 10;
          case "", "m" -> 1L << 20;
          case "g" -> 1L << 30;
          case "t" -> 1L << 40;
          default -> 1L << 50;
        };
    long bytes;
    try {
      bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException e) {
      return -1;
    }
    return ceil(bytes, 1L << 20);
  }

  static long ceil(long amount, long unit) {
    // Not (amount + unit - 1) / unit: that overflows for an amount near Long.MAX_VALUE.
    return amount / unit + (amount % unit == 0 ? 0 : 1);
  }
}
