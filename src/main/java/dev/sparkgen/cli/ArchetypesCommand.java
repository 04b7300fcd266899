package dev.sparkgen.cli;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.Language;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sparkgen archetypes}: lists the archetypes with their descriptions and parameters. */
@Command(
    name = "archetypes",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the archetypes, their descriptions and parameters.")
final class ArchetypesCommand implements Callable<Integer> {

  @Mixin TemplatesOption templates;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    PrintWriter out = commandSpec.commandLine().getOut();
    for (ArchetypeDescriptor archetype : templates.catalog().descriptors().values()) {
      String use =
          archetype.command() == ArchetypeDescriptor.Command.INIT ? "  (sparkgen init)" : "";
      out.printf("%s%s%n  %s%n", archetype.id(), use, archetype.description().strip());
      if (!archetype.languages().isEmpty()) {
        out.printf(
            "  languages (--language): %s%n",
            String.join(", ", archetype.languages().stream().map(Language::key).toList()));
      }
      out.printf("  object store: %s%n", needs(archetype.objectStore()));
      if (archetype.parameters().isEmpty()) {
        out.println("  parameters: none");
      } else {
        out.println("  parameters (--param KEY=VALUE):");
        for (ArchetypeDescriptor.Parameter p : archetype.parameters()) {
          out.printf("    %-16s %s (default: %s)%n", p.name(), p.description(), p.defaultValue());
          p.storeDefaults()
              .forEach(
                  (store, value) ->
                      out.printf("    %-16s with --object-store %s: %s%n", "", store, value));
        }
      }
      if (!archetype.arguments().isEmpty()) {
        // What the overlays pass the job, so a team sees where its paths will be set.
        out.printf(
            "  arguments (k8s/overlays/<env>/kustomization.yaml): %s%n",
            String.join(" ", archetype.arguments()));
      }
    }
    return ExitCodes.OK;
  }

  private static String needs(ArchetypeDescriptor.ObjectStoreUse use) {
    return switch (use) {
      case NONE -> "none needed (--object-store adds connectors, e.g. for event logs)";
      case OPTIONAL ->
          "optional: its data is on the one --object-store names (defaults follow it), else on local paths";
      case REQUIRED -> "required: pass --object-store";
    };
  }
}
