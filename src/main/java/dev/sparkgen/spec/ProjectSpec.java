package dev.sparkgen.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, immutable description of one job repository. Instances come only from {@link
 * SpecBuilder}, so every value here has been checked: nothing downstream validates again.
 *
 * @param registry where shared clusters pull the image from ({@code HOST[/PATH]}), or empty
 * @param customBaseImage the base image given instead of the official one, or empty
 * @param parameters the archetype's parameters, defaults filled in
 * @param migration the team's Spark Standalone submission, translated, when one was given
 * @param mainClass the fully qualified main class of an adopted project ({@code sparkgen init});
 *     empty for {@code sparkgen new}, whose archetype names it in the spec's package
 * @param objectStores the object stores whose connectors the image gets, in {@link ObjectStore}
 *     order
 * @param adoptedFrom the git blob id of the team's pom as {@code sparkgen init} read it, which
 *     upgrade adopts again to tell sparkgen's parts of the pom from the team's; empty for {@code
 *     sparkgen new} and for projects adopted before sparkgen recorded it
 * @param language the language of the team's job and its tests (sparkgen's own sources are Java)
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
    Optional<ImageReference> customBaseImage,
    Map<String, String> parameters,
    Optional<StandaloneMigration> migration,
    Optional<String> mainClass,
    List<ObjectStore> objectStores,
    Optional<String> adoptedFrom,
    Language language) {

  public ProjectSpec {
    environments = List.copyOf(environments);
    parameters = Map.copyOf(parameters);
    objectStores = List.copyOf(objectStores);
  }

  /** The image skaffold builds and the overlays reference, without a tag. */
  public String imageRepository() {
    return registry.map(r -> r + "/" + name).orElse(name);
  }

  /**
   * The image the application's image is built on: the given one, or apache/spark's of these
   * versions.
   */
  public ImageReference baseImage() {
    return customBaseImage.orElseGet(
        () -> ImageReference.parse("the official image", spark.baseImage(javaVersion)));
  }

  /** apache/spark's image of this Spark and Java. */
  public String officialBaseImage() {
    return spark.baseImage(javaVersion);
  }
}
