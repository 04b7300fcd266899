package dev.sparkgen.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, immutable description of one job repository. Instances come only from
 * {@link SpecBuilder}, so every value here has been checked: nothing downstream validates again.
 *
 * @param registry where shared clusters pull the image from ({@code HOST[/PATH]}), or empty
 * @param parameters the archetype's parameters, defaults filled in
 */
public record ProjectSpec(
    String name,
    String groupId,
    String packageName,
    String archetypeId,
    SparkRelease spark,
    int javaVersion,
    List<Environment> environments,
    Optional<String> registry,
    Map<String, String> parameters) {

  public ProjectSpec {
    environments = List.copyOf(environments);
    parameters = Map.copyOf(parameters);
  }

  /** The image skaffold builds and the overlays reference, without a tag. */
  public String imageRepository() {
    return registry.map(r -> r + "/" + name).orElse(name);
  }

  public String baseImage() {
    return spark.baseImage(javaVersion);
  }
}
