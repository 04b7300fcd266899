package dev.sparkgen.cli;

import dev.sparkgen.archetype.ArchetypeCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --templates DIR}: a user's template folder layered over the built-in templates. */
final class TemplatesOption {

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description =
          "A folder laid out like the generator's own (archetypes/<id>/, kustomize-base/), layered over the built-in templates.")
  Path templates;

  ArchetypeCatalog catalog() {
    return catalog(ArchetypeCatalog.builtIn());
  }

  /** {@code builtIn} without {@code --templates}: the catalog the command line was built with. */
  ArchetypeCatalog catalog(ArchetypeCatalog builtIn) {
    return templates == null ? builtIn : ArchetypeCatalog.withOverrides(templates);
  }
}
