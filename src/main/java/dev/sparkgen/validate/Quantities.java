package dev.sparkgen.validate;

import dev.sparkgen.spec.SparkSizes;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as Spark and Kubernetes write them, in MiB and millicores, so the two can be compared. */
final class Quantities {

  private static final Pattern KUBERNETES =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P|m)?");
  private static final Map<String, BigDecimal> KUBERNETES_FACTORS =
      Map.of(
          "Ki",
          BigDecimal.valueOf(1024L),
          "Mi",
          BigDecimal.valueOf(1024L * 1024),
          "Gi",
          BigDecimal.valueOf(1024L * 1024 * 1024),
          "Ti",
          BigDecimal.valueOf(1024L * 1024 * 1024 * 1024),
          "Pi",
          BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024),
          "k",
          BigDecimal.valueOf(1000L),
          "M",
          BigDecimal.valueOf(1000L * 1000),
          "G",
          BigDecimal.valueOf(1000L * 1000 * 1000),
          "T",
          BigDecimal.valueOf(1000L * 1000 * 1000 * 1000),
          "P",
          BigDecimal.valueOf(1000L * 1000 * 1000 * 1000 * 1000));

  private Quantities() {}

  /**
   * A Spark memory setting (512m, 4g, 4096: MiB when it has no unit, as spark.*.memory are read) in
   * MiB; -1 if unreadable.
   */
  static long sparkMebibytes(String value) {
    return SparkSizes.mebibytes(value);
  }

  /**
   * A Kubernetes memory quantity (1536Mi, 32Gi, 2G, plain bytes) in MiB, rounded down; -1 if
   * unreadable.
   */
  static long kubernetesMebibytes(Object quantity) {
    BigDecimal bytes = kubernetes(quantity, false);
    return bytes == null
        ? -1
        : bytes.divideToIntegralValue(BigDecimal.valueOf(1024L * 1024)).longValue();
  }

  /** A CPU amount (500m, 1, "2", 0.5) in millicores; -1 if unreadable. */
  static long millicores(Object quantity) {
    BigDecimal cores = kubernetes(quantity, true);
    return cores == null ? -1 : cores.multiply(BigDecimal.valueOf(1000)).longValue();
  }

  private static BigDecimal kubernetes(Object quantity, boolean cpu) {
    if (quantity == null) {
      return null;
    }
    Matcher m = KUBERNETES.matcher(String.valueOf(quantity).trim());
    if (!m.matches()) {
      return null;
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (unit == null) {
      return n;
    }
    if (unit.equals("m")) {
      return n.divide(BigDecimal.valueOf(1000));
    }
    return cpu ? null : n.multiply(KUBERNETES_FACTORS.get(unit));
  }

  /** MiB as a reader would write them: 1536Mi, 8Gi. */
  static String mebibytes(long mib) {
    return mib % 1024 == 0 ? (mib / 1024) + "Gi" : mib + "Mi";
  }

  static String cores(long millicores) {
    return millicores % 1000 == 0 ? String.valueOf(millicores / 1000) : millicores + "m";
  }
}
