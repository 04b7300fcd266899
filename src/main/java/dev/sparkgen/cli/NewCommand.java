package dev.sparkgen.cli;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.write.PlanWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkgen new}: generates a new job repository. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Generates a new Spark job repository (Maven + Jib, Kustomize overlays, skaffold).")
final class NewCommand implements Callable<Integer> {

  private final PlanRenderer.Limits limits;

  /** The built-in templates, shared with a head start on parsing them (see SparkgenCommand). */
  private final ArchetypeCatalog builtIn;

  NewCommand(PlanRenderer.Limits limits, ArchetypeCatalog builtIn) {
    this.limits = limits;
    this.builtIn = builtIn;
  }

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description =
          "Application name: a DNS-1123 label (lowercase letters, digits, '-'); also the artifactId, image and object names.")
  String name;

  @Option(
      names = "--group",
      paramLabel = "ID",
      defaultValue = SpecBuilder.DEFAULT_GROUP,
      description = "Maven groupId (a Java package name). Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(
      names = "--package",
      paramLabel = "PKG",
      description = "Java package of the application. Default: GROUP.NAME without '-'.")
  String packageName;

  static final String DEFAULT_ARCHETYPE = "spark-pi";

  @Option(
      names = "--archetype",
      paramLabel = "ID",
      defaultValue = DEFAULT_ARCHETYPE,
      description =
          "Archetype to generate from (see 'sparkgen archetypes'). Default: ${DEFAULT-VALUE}.")
  String archetype;

  @Option(
      names = "--language",
      paramLabel = "java|scala",
      description =
          "Language of the job and its tests, where the archetype offers it (see 'sparkgen archetypes'); "
              + "Scala is built at the Scala version of the Spark line. Default: the archetype's first, java.")
  String language;

  @Option(
      names = "--spark",
      paramLabel = "VERSION",
      description =
          "Spark release, e.g. 4.2.0 or 3.5. Default: the newest 4.x release with an official image.")
  String spark;

  @Option(
      names = "--java",
      paramLabel = "17|21",
      description = "Java version of the job and its image. Default: 17.")
  Integer java;

  // Split here, not by picocli: String.split would drop a trailing empty item ("dev,") silently.
  @Option(
      names = "--envs",
      paramLabel = "ENV[:local|:shared][,...]",
      description =
          "Environments, one overlay and skaffold profile each; the first is skaffold's default. "
              + "ENV:local runs on a cluster you own (the namespace is created, nothing is pushed), ENV:shared in a namespace "
              + "you were given on a shared cluster (the image is pushed). Default: dev,staging,prod (dev local, the others shared).")
  List<String> envs;

  @Option(
      names = "--registry",
      paramLabel = "HOST[/PATH]",
      description =
          "Registry that shared clusters pull the image from, e.g. registry.example.com/team.")
  String registry;

  @Option(
      names = "--base-image",
      paramLabel = "REF",
      description =
          "Image to build on instead of the official apache/spark one (a mirror or a hardened build of it), "
              + "by tag and/or digest, e.g. registry.example.com/mirror/apache/spark:4.2.0-scala2.13-java17-ubuntu@sha256:<digest>.")
  String baseImage;

  @Option(
      names = "--object-store",
      paramLabel = "s3a|gcs[,...]",
      description =
          "Object stores the job reads or writes: their Hadoop connectors go into the image, at the version "
              + "matching the image's Hadoop (s3a: hadoop-aws, gcs: the GCS connector), and each overlay gets their settings, "
              + "commented. Default: none.")
  List<String> objectStores;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "An archetype parameter (see 'sparkgen archetypes'); repeatable.")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "The new repository's directory: must not exist or be empty. Default: ./NAME.")
  Path output;

  @Option(
      names = "--dry-run",
      description = "Print the files that would be written, with their sizes; write nothing.")
  boolean dryRun;

  @Mixin StandaloneOptions standalone;

  @Mixin TemplatesOption templates;

  @Spec CommandSpec commandSpec;

  /**
   * Split here, not by picocli: String.split would drop a trailing empty item ("s3a,") silently.
   */
  static List<String> commaSeparated(List<String> values) {
    return values.stream().flatMap(list -> Arrays.stream(list.split(",", -1))).toList();
  }

  @Override
  public Integer call() {
    ArchetypeCatalog catalog = templates.catalog(builtIn);
    SpecBuilder builder =
        SpecBuilder.named(name)
            .group(group)
            .packageName(packageName)
            .archetype(archetype)
            .language(language)
            .spark(spark)
            .java(java)
            .registry(registry)
            .baseImage(baseImage)
            .parameterAssignments(params);
    if (envs != null) {
      builder.envs(commaSeparated(envs));
    }
    standalone.applyTo(builder);
    if (objectStores != null) {
      builder.objectStores(commaSeparated(objectStores));
    }
    ProjectSpec projectSpec = builder.build(catalog.descriptors());
    Path target = output != null ? output : Path.of(name);
    PlanWriter writer = new PlanWriter();
    // Refused before rendering; the write itself does not check again.
    PlanWriter.Target checked = writer.checkTarget(target);

    Archetype loaded = catalog.load(projectSpec.archetypeId());
    Plan plan = new PlanRenderer(VersionProvider.version(), limits).render(projectSpec, loaded);

    PrintWriter out = commandSpec.commandLine().getOut();
    if (dryRun) {
      out.printf(
          "Would create %s with %d files (%d bytes):%n",
          target, plan.files().size(), plan.totalBytes());
      plan.files().forEach((path, file) -> out.printf("%10d  %s%n", file.size(), path));
      return ExitCodes.OK;
    }
    writer.write(plan, checked);
    // "--output ''" is the current directory, and "cd ''" is not.
    String shown = target.toString().isEmpty() ? "." : target.toString();
    out.printf(
        "Created %s: Spark %s%s, Java %d, environments %s (%d files).%n",
        shown,
        projectSpec.spark().version(),
        projectSpec.language() == dev.sparkgen.spec.Language.SCALA
            ? ", Scala " + projectSpec.spark().scalaVersion()
            : "",
        projectSpec.javaVersion(),
        projectSpec.environments().stream().map(e -> e.name()).toList(),
        plan.files().size());
    if (projectSpec.migration().isPresent()) {
      out.printf(
          "The Standalone settings and what became of each: %s%n",
          Path.of(shown).resolve("MIGRATION.md"));
    }
    out.println(nextSteps(shown, plan));
    return ExitCodes.OK;
  }

  /**
   * What to run next, from what this archetype generated: not every archetype has a wrapper,
   * skaffold or a README.
   */
  static String nextSteps(String target, Plan plan) {
    String build =
        plan.files().containsKey("mvnw")
            ? " && ./mvnw verify"
            : plan.files().containsKey("pom.xml") ? " && mvn verify" : "";
    StringBuilder line = new StringBuilder("Next: cd " + target + build);
    if (plan.files().containsKey("skaffold.yaml")) {
      line.append("   (then: skaffold dev)");
    }
    if (plan.files().containsKey("README.md")) {
      line.append("; see README.md");
    }
    return line.toString();
  }
}
