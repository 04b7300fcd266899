package dev.sparkgen.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Standalone submission translated into the repository's settings ({@link StandaloneTranslator}):
 * what the pom gains, the entry point, and per environment every input setting's outcome with what
 * the overlay gets. Immutable, and checked: templates and the report only render it.
 *
 * @param mainClass the class {@code --class} named, when it names one
 * @param repositories Maven repositories {@code --repositories} named, as URLs
 * @param environments environment name → its translation, in the order of the environments
 */
public record StandaloneMigration(
    StandaloneInputs inputs,
    Optional<String> mainClass,
    List<MavenDependency> dependencies,
    List<String> repositories,
    Map<String, EnvironmentMigration> environments) {

  public StandaloneMigration {
    dependencies = List.copyOf(dependencies);
    repositories = List.copyOf(repositories);
    environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
  }

  /** Where an input setting ended up: each lands in exactly one of these. */
  public enum Outcome {
    KEPT("kept"),
    TRANSLATED("translated"),
    DROPPED("dropped"),
    NEEDS_ACTION("needs action");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One input setting, its outcome, and the what, why or what to do. */
  public record Row(StandaloneSetting setting, Outcome outcome, String detail) {}

  /** A line of a properties file. */
  public record Property(String key, String value) {}

  /**
   * A Maven dependency from {@code --packages}; {@code version} may be a pom property ({@code
   * ${spark.version}}), {@code exclusions} are {@code groupId:artifactId} pairs.
   */
  public record MavenDependency(
      String groupId,
      String artifactId,
      String version,
      boolean provided,
      List<String> exclusions) {
    public MavenDependency {
      exclusions = List.copyOf(exclusions);
    }
  }

  /**
   * The driver container's size (the Job's pod is the driver): memory for request and limit alike,
   * CPU likewise; empty where the submission did not size it.
   */
  public record DriverPod(Optional<String> memory, Optional<String> cpu) {}

  /**
   * One environment's translation.
   *
   * @param rows every input setting of the environment, once, in input order
   * @param executors the executors the overlay runs (the tier's, with what the submission sized)
   * @param properties settings the overlay's spark.properties adds, none of them one the templates
   *     write
   * @param arguments the application's arguments, after the jar on the Job's command line
   * @param historyServer the History Server's settings for the environment (opt-in, like the
   *     server)
   * @param quota resource → the namespace quota the job needs, where the repository creates the
   *     namespace and the base's quota is too small; empty otherwise
   * @param nextSteps what to do besides the rows marked needs action
   */
  public record EnvironmentMigration(
      List<Row> rows,
      Tier.Executors executors,
      Optional<DriverPod> driver,
      List<Property> properties,
      List<String> arguments,
      List<Property> historyServer,
      Map<String, String> quota,
      List<String> nextSteps) {
    public EnvironmentMigration {
      rows = List.copyOf(rows);
      properties = List.copyOf(properties);
      arguments = List.copyOf(arguments);
      historyServer = List.copyOf(historyServer);
      quota = Collections.unmodifiableMap(new LinkedHashMap<>(quota));
      nextSteps = List.copyOf(nextSteps);
    }
  }
}
