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

  /**
   * A name derived from the application name by appending {@code suffix}, limited to {@code limit}.
   */
  record DerivedName(String what, String suffix, int limit) {
    int maxAppNameLength() {
      return limit - suffix.length();
    }
  }

  /**
   * Every name derived from the application name alone: the overlays prefix the base's objects with
   * "NAME-" (k8s/base: Job and CronJob "driver", Services "driver-svc" and "history-server"). A
   * CronJob's name is limited to 52 because its Jobs append 11 characters; Job and Service names
   * must be labels (63). Executor pod names are not bounded by NAME: Spark derives their prefix
   * from the application name plus a 16-character id and accepts prefixes up to 237 characters.
   */
  static final String JOB_SUFFIX = "-driver";

  static final String DRIVER_SERVICE_SUFFIX = "-driver-svc";
  static final String HISTORY_SERVICE_SUFFIX = "-history-server";

  static final List<DerivedName> DERIVED =
      List.of(
          new DerivedName("the spark-submit Job (NAME-driver)", JOB_SUFFIX, LABEL_LIMIT),
          new DerivedName("the scheduled CronJob (NAME-driver)", JOB_SUFFIX, 52),
          new DerivedName(
              "the driver's headless Service (NAME-driver-svc)",
              DRIVER_SERVICE_SUFFIX,
              LABEL_LIMIT),
          new DerivedName(
              "the History Server Service (NAME-history-server)",
              HISTORY_SERVICE_SUFFIX,
              LABEL_LIMIT));

  /**
   * The names the overlays give the base's objects, for templates that must name them (skaffold's
   * port forwards and hooks, the README): the same suffixes the length limits above are checked
   * with.
   */
  public record ObjectNames(String job, String driverService, String historyService) {}

  public static ObjectNames objectNames(String appName) {
    return new ObjectNames(
        appName + JOB_SUFFIX, appName + DRIVER_SERVICE_SUFFIX, appName + HISTORY_SERVICE_SUFFIX);
  }

  /**
   * Service names must be RFC 1035 labels, which start with a letter; NAME starts every Service
   * name, so it must too.
   */
  static final Pattern DNS_1035_START = Pattern.compile("[a-z].*");

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
}
