package dev.sparkgen.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of environment, as data: every template and test reads what a tier means from here
 * (through {@code env.executors} and {@code env.features} in the template model), never from its
 * name, so a tier's sizing and components cannot disagree between files.
 *
 * <ul>
 *   <li>executors: how many executors and how big; static for dev, Spark's dynamic allocation
 *       (k8s/base/components/dynamic-allocation, which also decommissions gracefully) otherwise
 *   <li>promoted: a build is promoted to it (the README's promotion steps), rather than developed
 *       in it
 * </ul>
 *
 * <p>Event logs, monitoring and the History Server are no part of a tier: they are opt-in in every
 * environment (commented components), as each needs something of the cluster first, a ReadWriteMany
 * storage class or the Prometheus operator's CRDs.
 */
// Executors is a record of primitives and strings: immutable, though not annotated as such.
@SuppressWarnings("ImmutableEnumChecker")
public enum Tier {
  DEV(new Executors(false, 2, 2, 2, 1, "1g", "512m", "500m", "1"), Driver.BASE, false),
  STAGING(new Executors(true, 1, 1, 4, 1, "2g", "512m", "1", "1"), Driver.BASE, true),
  PROD(new Executors(true, 2, 2, 20, 2, "4g", "1g", "2", "2"), new Driver(2560, 1000, 2000), true);

  /**
   * Executor count and size; with {@code dynamic}, {@code min}..{@code max} starting at {@code
   * initial}, else {@code min}.
   */
  public record Executors(
      boolean dynamic,
      int min,
      int initial,
      int max,
      int cores,
      String memory,
      String memoryOverhead,
      String requestCores,
      String limitCores) {}

  /**
   * The driver container's size: k8s/base/job.yaml's, or the one the tier's component
   * (k8s/base/components/tier-KEY) patches in. TierDriverTest reads both files.
   */
  public record Driver(long memoryMib, long requestCpuMillis, long limitCpuMillis) {
    static final Driver BASE = new Driver(1536, 500, 1000);
  }

  private final Executors executors;
  private final Driver driver;
  private final boolean promoted;

  Tier(Executors executors, Driver driver, boolean promoted) {
    this.executors = executors;
    this.driver = driver;
    this.promoted = promoted;
  }

  public Driver driver() {
    return driver;
  }

  public boolean promoted() {
    return promoted;
  }

  public Executors executors() {
    return executors;
  }

  /** As written in the answers file, {@code --tier} and templates: dev, staging, prod. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Tier::key).toList();
  }

  /** The tier named {@code key}, or null. */
  static Tier of(String key) {
    return Arrays.stream(values()).filter(t -> t.key().equals(key)).findFirst().orElse(null);
  }

  /** The tier an environment gets from its name alone, when none is given. */
  public static Tier forEnvironmentName(String name) {
    return switch (name) {
      case "dev", "local", "development" -> DEV;
      case "prod", "production" -> PROD;
      default -> STAGING;
    };
  }
}
