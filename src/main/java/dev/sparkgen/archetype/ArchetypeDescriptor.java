package dev.sparkgen.archetype;

import java.util.List;
import java.util.Set;

/**
 * What {@code archetypes/<id>/archetype.yaml} declares.
 *
 * @param mainClass the simple name of the application's main class, in the user's package
 * @param executables generated paths that get mode 0755 (e.g. {@code mvnw})
 */
public record ArchetypeDescriptor(
    String id,
    String description,
    String mainClass,
    List<Parameter> parameters,
    Set<String> executables) {

  public ArchetypeDescriptor {
    parameters = List.copyOf(parameters);
    executables = Set.copyOf(executables);
  }

  /** A value the user may set with {@code --param name=value}. */
  public record Parameter(String name, String description, String defaultValue, String pattern) {}
}
