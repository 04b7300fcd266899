package dev.sparkgen.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kubernetes names the generated manifests build from the application and environment names,
 * with the limit each must respect. The longest of them bounds the application name.
 */
public final class KubernetesNames {

  /** RFC 1123 label: what namespaces, Services and most object names must be. */
  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  static final int LABEL_LIMIT = 63;

  /** A name derived from the application name by appending {@code suffix}, limited to {@code limit}. */
  record DerivedName(String what, String suffix, int limit) {
    int maxAppNameLength() {
      return limit - suffix.length();
    }
  }

  /**
   * Every name derived from the application name alone. A CronJob's name is limited to 52 because
   * its Jobs append 11 characters; Spark limits spark.kubernetes.executor.podNamePrefix to 47 so
   * that "-exec-<id>" still fits a 63-character pod name.
   */
  static final List<DerivedName> DERIVED = List.of(
      new DerivedName("the spark-submit Job", "", LABEL_LIMIT),
      new DerivedName("the scheduled CronJob", "", 52),
      new DerivedName("the executor pod name prefix", "", 47),
      new DerivedName("the driver's headless Service", "-driver-svc", LABEL_LIMIT),
      new DerivedName("the History Server Service", "-history-server", LABEL_LIMIT));

  private KubernetesNames() {}

  /** The longest application name for which every derived name fits. */
  public static int maxAppNameLength() {
    return DERIVED.stream().mapToInt(DerivedName::maxAppNameLength).min().orElseThrow();
  }

  /** The binding constraint, for error messages. */
  static DerivedName tightest() {
    return DERIVED.stream()
        .min((a, b) -> Integer.compare(a.maxAppNameLength(), b.maxAppNameLength()))
        .orElseThrow();
  }

  static String namespace(String appName, String envName) {
    return appName + "-" + envName;
  }

  static boolean isLabel(String value) {
    return DNS_1123_LABEL.matcher(value).matches() && value.length() <= LABEL_LIMIT;
  }
}
