package dev.sparkgen.cli;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.AdoptedPom;
import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.FileChange.Action;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.write.GitRepository;
import dev.sparkgen.write.RepositoryLock;
import dev.sparkgen.write.RepositoryUpdater;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen init}: adopts an existing Maven Spark project. It detects what the project is
 * (MavenProject), edits its pom to build the image with Jib (AdoptedPom) and adds the overlays,
 * skaffold.yaml, the Maven wrapper where there is none, and the answers file, so that add-env and
 * upgrade work from then on. The team's code is never touched, nor any file it already has.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Adopts the existing Maven Spark project in DIR: edits pom.xml to build the image with Jib on apache/spark "
          + "(Spark provided, the jar where the Job runs it) and adds k8s/, skaffold.yaml, the Maven wrapper if there is none, "
          + "and .sparkgen.yaml. The versions and the main class are read from the pom and the sources.",
      "With --submit and --defaults, the Standalone submission is translated as by 'sparkgen new' (overlays, pom.xml "
          + "dependencies from --packages, MIGRATION.md)."
    })
final class InitCommand implements Callable<Integer> {

  /** The Maven wrapper's files: added together, and only where the project has neither. */
  static final List<String> WRAPPER = List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties");

  /** The source roots searched for the main class. */
  static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/main/scala");

  static final long MAX_SOURCE_BYTES = 1L << 20;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "The Maven project's directory (with its pom.xml). Default: the current directory.")
  Path directory;

  @Option(
      names = "--envs",
      paramLabel = "ENV[:local|:shared][,...]",
      description =
          "Environments, as for 'sparkgen new'. Default: dev,staging,prod (dev local, the others shared).")
  List<String> envs;

  @Option(
      names = "--spark",
      paramLabel = "VERSION",
      description =
          "The Spark release of the image, e.g. 3.5; it must be the line pom.xml compiles against. Default: that line's release.")
  String spark;

  @Option(
      names = "--java",
      paramLabel = "17|21",
      description =
          "Java of the image. Default: the lowest of 17 and 21 that runs the release pom.xml compiles for.")
  Integer java;

  @Option(
      names = "--registry",
      paramLabel = "HOST[/PATH]",
      description =
          "Registry that shared clusters pull the image from, e.g. registry.example.com/team.")
  String registry;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Application name (image, namespaces, object names), a DNS-1123 label. Default: the artifactId.")
  String name;

  @Option(
      names = "--main-class",
      paramLabel = "CLASS",
      description =
          "The class spark-submit runs. Default: the --class of --submit, else the one class with a main that uses "
              + "SparkSession or SparkContext.")
  String mainClass;

  @Mixin StandaloneOptions standalone;

  @Option(names = "--allow-dirty", description = "Run even with uncommitted changes.")
  boolean allowDirty;

  @Option(
      names = "--dry-run",
      description = "Print the pom's diff and the files that would be added; write nothing.")
  boolean dryRun;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    Path root = directory;
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(
          "'"
              + root
              + "' is not a directory; name the Maven project's directory (sparkgen init DIR).");
    }
    if (Files.exists(root.resolve(Answers.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "'"
              + shown(root)
              + "' already has "
              + Answers.FILE_NAME
              + ": it was generated or adopted by sparkgen; use 'sparkgen upgrade' or 'sparkgen add-env' there.");
    }
    MavenProject project = MavenProject.read(path -> read(root, path), sources(root));
    // All input is checked before git is asked anything: a refusal leaves even .git as it was.
    ArchetypeCatalog catalog = ArchetypeCatalog.builtIn();
    SpecBuilder builder =
        project
            .specBuilder(name, spark, java, mainClass, standalone.submittedClass())
            .registry(registry);
    if (envs != null) {
      builder.envs(NewCommand.commaSeparated(envs));
    }
    // The team's pom as adopted: upgrade adopts it again to tell sparkgen's parts from the team's.
    PlannedFile adoptedFrom = PlannedFile.text(read(root, MavenProject.POM).orElseThrow());
    builder.adoptedFrom(adoptedFrom.gitBlobId());
    ProjectSpec spec = standalone.applyTo(builder).build(catalog.descriptors());
    try (GitRepository git = GitRepository.open(root);
        RepositoryLock lock = dryRun ? null : RepositoryLock.acquire(git.gitDirectory())) {
      if (!dryRun) {
        JobRepository.requireClean(git, allowDirty, "init");
      }
      Archetype archetype = catalog.load(spec.archetypeId());
      Plan plan = new PlanRenderer(VersionProvider.version()).render(spec, archetype);

      for (String taken : List.of("k8s", "skaffold.yaml")) {
        if (Files.exists(root.resolve(taken), LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidInputException(
              "'"
                  + shown(root.resolve(taken))
                  + "' exists; sparkgen init never overwrites a file of yours,"
                  + " so move it aside (git mv "
                  + taken
                  + " "
                  + taken
                  + ".old) and run again, then carry over what you need.");
        }
      }
      boolean hasWrapper =
          WRAPPER.stream().anyMatch(p -> Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS));
      Map<String, PlannedFile> added = new TreeMap<>();
      List<String> kept = new ArrayList<>();
      plan.files()
          .forEach(
              (path, file) -> {
                if (path.equals(PlanRenderer.ANSWERS_FILE)) {
                  return;
                }
                boolean exists = Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
                if ((hasWrapper && WRAPPER.contains(path))
                    || (exists && path.startsWith(".mvn/"))) {
                  kept.add(path);
                } else if (exists) {
                  throw new InvalidInputException(
                      "'"
                          + shown(root.resolve(path))
                          + "' exists; sparkgen init never overwrites a file of yours, so move it aside and run again.");
                } else {
                  added.put(path, file);
                }
              });

      String pomText = read(root, MavenProject.POM).orElseThrow();
      AdoptedPom.Result pom = AdoptedPom.adopt(pomText, spec);
      PlannedFile adoptedPom =
          new PlannedFile(
              pom.text().getBytes(StandardCharsets.UTF_8),
              Files.isExecutable(root.resolve(MavenProject.POM)));
      // The pom as adopted is recorded as generated: the base of upgrade's merge of sparkgen's
      // parts.
      Map<String, PlannedFile> recorded = new TreeMap<>(added);
      recorded.put(MavenProject.POM, adoptedPom);
      PlannedFile answers =
          PlanRenderer.answers(spec, archetype.source(), VersionProvider.version(), recorded);
      List<FileChange> writes = new ArrayList<>();
      writes.add(FileChange.write(MavenProject.POM, Action.UPDATE, adoptedPom));
      added.forEach((path, file) -> writes.add(FileChange.write(path, Action.CREATE, file)));
      writes.add(FileChange.write(PlanRenderer.ANSWERS_FILE, Action.CREATE, answers));
      Changes changes = new Changes(writes);

      PrintWriter out = commandSpec.commandLine().getOut();
      if (dryRun) {
        out.print(
            new Changes(List.of(writes.get(0)))
                .unifiedDiff(Map.of(MavenProject.POM, PlannedFile.text(pomText))));
        out.printf("Would adopt %s (nothing written):%n", shown(root));
        report(out, spec, pom, changes, kept);
        return ExitCodes.OK;
      }
      Map<String, PlannedFile> generated = new TreeMap<>(recorded);
      generated.put(PlanRenderer.ANSWERS_FILE, answers);
      GitRepository.PendingCommit pending =
          git.prepareGenerated(
              AdoptedPomFile.pristine(Plan.of(generated), adoptedFrom),
              "sparkgen "
                  + VersionProvider.version()
                  + ": generated files of "
                  + spec.name()
                  + " (init)");
      // The branch moves last, once every file is in place.
      new RepositoryUpdater().apply(changes, root, lock, () -> git.movePristine(pending));
      out.printf("Adopted %s as %s:%n", shown(root), spec.name());
      report(out, spec, pom, changes, kept);
      if (spec.migration().isPresent()) {
        out.printf(
            "The Standalone settings and what became of each: %s%n", root.resolve("MIGRATION.md"));
      }
      out.println(
          "Next: ./mvnw verify, review with 'git diff' and commit (then: skaffold dev; see k8s/README.md)."
              + " Undo with 'git checkout -- pom.xml' and 'git clean -fd'.");
      return ExitCodes.OK;
    }
  }

  private static void report(
      PrintWriter out,
      ProjectSpec spec,
      AdoptedPom.Result pom,
      Changes changes,
      List<String> kept) {
    out.printf(
        "  Spark %s (image %s), Java %d, main class %s, environments %s%n",
        spec.spark().version(),
        spec.baseImage(),
        spec.javaVersion(),
        spec.mainClass().orElseThrow(),
        spec.environments().stream().map(e -> e.name()).toList());
    for (FileChange change : changes.files()) {
      out.printf("  %-10s %s%n", change.action().verb(), change.path());
      if (change.path().equals(MavenProject.POM)) {
        pom.changes().forEach(line -> out.printf("               %s%n", line));
      }
    }
    kept.forEach(path -> out.printf("  %-10s %s  (yours)%n", "kept", path));
    pom.warnings().forEach(warning -> out.printf("  warning: %s%n", warning));
  }

  private static String shown(Path path) {
    return path.toString().isEmpty() ? "." : path.toString();
  }

  /** A file of the project (a parent pom may be outside it: ../pom.xml), as UTF-8 text. */
  static Optional<String> read(Path root, String relative) {
    Path file = root.resolve(relative).normalize();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          "'"
              + file
              + "' is not UTF-8 text; sparkgen init reads and edits UTF-8 poms and sources only.");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed", e);
    }
  }

  /**
   * The Java and Scala sources under the default source roots (links not followed), path → text.
   */
  static Map<String, String> sources(Path root) {
    Map<String, String> sources = new TreeMap<>();
    for (String sourceRoot : SOURCE_ROOTS) {
      Path dir = root.resolve(sourceRoot);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path file :
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
          String name = file.getFileName().toString();
          if ((name.endsWith(".java") || name.endsWith(".scala"))
              && Files.size(file) <= MAX_SOURCE_BYTES) {
            String relative =
                root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            read(root, relative).ifPresent(text -> sources.put(relative, text));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading the sources under " + dir + " failed", e);
      }
    }
    return sources;
  }
}
