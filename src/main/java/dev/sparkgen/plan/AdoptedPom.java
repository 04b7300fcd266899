package dev.sparkgen.plan;

import dev.sparkgen.spec.ImageLayout;
import dev.sparkgen.spec.MavenProject;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SparkImage;
import dev.sparkgen.spec.StandaloneMigration;
import dev.sparkgen.spec.StandaloneMigration.MavenDependency;
import dev.sparkgen.spec.XmlTree;
import dev.sparkgen.spec.XmlTree.Element;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pom of an adopted project, edited so that it builds the image the way generated repositories
 * do (see archetypes/_shared/files/pom.xml.ftl): Spark {@code provided}, the jar named {@code app}
 * and built in {@code prepare-package}, and Jib on the Spark image in packaged mode with the jar at
 * {@code /opt/spark/app/classpath/app.jar}, the path the Job runs.
 *
 * <p>Pure, text to text. Every change is a text edit at offsets a real XML parse found ({@link
 * XmlTree}); whatever is not changed (comments, formatting, line endings, the order of elements)
 * stays byte for byte. New elements get the indentation of their siblings.
 *
 * <p>A shade plugin stays, but its jar is attached under the classifier {@code shaded} ({@code
 * target/<artifactId>-<version>-shaded.jar}) instead of replacing the main jar: the image needs the
 * application's own jar, its dependencies as a layer of their own (cached, pushed only when they
 * change) and no Spark, while a shaded jar holds everything in one layer that changes with every
 * line of code, and Spark too unless the team marked it provided.
 */
public final class AdoptedPom {

  /**
   * @param text the new pom
   * @param changes one line per change, for the report
   * @param warnings what the team should look at
   */
  public record Result(String text, List<String> changes, List<String> warnings) {}

  static final String JIB = "jib-maven-plugin";

  /**
   * The POM's usual element order, by parent: a new element goes after the siblings that precede
   * it.
   */
  private static final Map<String, List<String>> ORDER =
      Map.of(
          "project",
              List.of(
                  "modelVersion",
                  "parent",
                  "groupId",
                  "artifactId",
                  "version",
                  "packaging",
                  "name",
                  "description",
                  "url",
                  "inceptionYear",
                  "organization",
                  "licenses",
                  "developers",
                  "contributors",
                  "mailingLists",
                  "prerequisites",
                  "modules",
                  "scm",
                  "issueManagement",
                  "ciManagement",
                  "distributionManagement",
                  "properties",
                  "dependencyManagement",
                  "dependencies",
                  "repositories",
                  "pluginRepositories",
                  "build",
                  "reporting",
                  "profiles"),
          "build",
              List.of(
                  "defaultGoal",
                  "directory",
                  "finalName",
                  "sourceDirectory",
                  "scriptSourceDirectory",
                  "testSourceDirectory",
                  "outputDirectory",
                  "testOutputDirectory",
                  "extensions",
                  "resources",
                  "testResources",
                  "filters",
                  "pluginManagement",
                  "plugins"),
          "plugin",
              List.of(
                  "groupId",
                  "artifactId",
                  "version",
                  "extensions",
                  "executions",
                  "dependencies",
                  "goals",
                  "inherited",
                  "configuration"),
          "execution", List.of("id", "phase", "goals", "inherited", "configuration"),
          "dependency",
              List.of(
                  "groupId",
                  "artifactId",
                  "version",
                  "type",
                  "classifier",
                  "scope",
                  "systemPath",
                  "exclusions",
                  "optional"));

  private static final Pattern TRAILING_COMMENTS =
      Pattern.compile("([ \\t]*<!--(?:(?!-->)[^\\n])*-->)+(?=[ \\t]*\\r?\\n)");

  private String text;
  private final String newline;
  private final String unit;
  private final List<String> changes = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private AdoptedPom(String text) {
    this.text = text;
    this.newline = text.contains("\r\n") ? "\r\n" : "\n";
    Element root = root();
    String first = root.children().isEmpty() ? "" : indentation(root.children().get(0));
    this.unit = first.isEmpty() ? "  " : first;
  }

  /** The pom {@code pom} adopted for {@code spec}; {@code pom} must be what MavenProject read. */
  public static Result adopt(String pom, ProjectSpec spec) {
    AdoptedPom edit = new AdoptedPom(pom);
    edit.properties(spec);
    edit.sparkProvided();
    edit.standalone(spec);
    edit.jar();
    edit.shade();
    edit.jib(spec);
    edit.runtime(spec);
    edit.layoutCheck(spec);
    return new Result(edit.text, List.copyOf(edit.changes), List.copyOf(edit.warnings));
  }

  private void properties(ProjectSpec spec) {
    ensure(
        Node.value("project.build.outputTimestamp", ImageLayout.OUTPUT_TIMESTAMP)
            .comment(
                "Reproducible jar: the same sources give the same image layer (sparkgen init)."),
        true,
        step("properties"),
        step("project.build.outputTimestamp"));
    ensure(
        Node.value("spark.base.image", spec.baseImage().toString())
            .comment(
                "The image Jib builds on: it provides Spark at run time (sparkgen init; pin it by digest for production)."),
        false,
        step("properties"),
        step("spark.base.image"));
  }

  /** Spark's own modules and Scala come from the image: compiled against, never packaged. */
  private void sparkProvided() {
    for (int i = 0; ; i++) {
      List<Element> dependencies =
          root().path("dependencies").map(d -> d.children("dependency")).orElse(List.of());
      if (i >= dependencies.size()) {
        return;
      }
      Element dependency = dependencies.get(i);
      String group = dependency.childText("groupId").orElse("");
      String artifact = dependency.childText("artifactId").orElse("");
      boolean spark =
          group.equals("org.apache.spark")
              && SparkImage.MODULES.stream().anyMatch(module -> artifact.startsWith(module + "_"));
      boolean scala =
          group.equals("org.scala-lang") && SparkImage.SCALA_LIBRARIES.contains(artifact);
      if (!spark && !scala) {
        continue;
      }
      Optional<Element> scope = dependency.child("scope");
      String was = scope.map(Element::text).orElse("compile");
      if (was.equals("compile") || was.equals("runtime")) {
        if (scope.isPresent()) {
          setValue(scope.get(), "provided");
        } else {
          insertChild(dependency, Node.value("scope", "provided"));
        }
        changes.add(
            "dependency "
                + group
                + ":"
                + artifact
                + ": scope provided (was "
                + was
                + "): the image has it");
      }
    }
  }

  /**
   * The dependencies of a Standalone submission's {@code --packages} (with its {@code
   * --exclude-packages}) and the repositories of its {@code --repositories}, each where the pom
   * does not have it yet: Maven resolves them when the image is built, as the template's pom does
   * for a new repository. Spark's own modules take the project's Spark version and Scala suffix.
   */
  private void standalone(ProjectSpec spec) {
    StandaloneMigration migration = spec.migration().orElse(null);
    if (migration == null) {
      return;
    }
    String sparkVersion =
        dependencies().stream()
            .filter(d -> d.childText("groupId").orElse("").equals("org.apache.spark"))
            .flatMap(d -> d.childText("version").stream())
            .findFirst()
            .orElse(spec.spark().version());
    Map<String, String> properties = properties();
    String comment =
        "From the Standalone submission's packages (MIGRATION.md): resolved when the image is built and shipped in it,"
            + " /opt/spark/app/libs (sparkgen init).";
    for (MavenDependency d : migration.dependencies()) {
      String artifact =
          d.artifactId().replace("_${scala.binary.version}", "_" + spec.spark().scalaBinary());
      String version = d.version().equals("${spark.version}") ? sparkVersion : d.version();
      String coordinate = d.groupId() + ":" + artifact;
      Optional<Element> declared =
          dependencies().stream()
              .filter(
                  e ->
                      e.childText("groupId").orElse("").equals(d.groupId())
                          && MavenProject.resolve(e.childText("artifactId").orElse(""), properties)
                              .equals(artifact))
              .findFirst();
      if (declared.isPresent()) {
        shipAsSubmitted(declared.get(), d, coordinate, version, properties);
        continue;
      }
      Node dependency =
          Node.of(
                  "dependency",
                  Node.value("groupId", d.groupId()),
                  Node.value("artifactId", artifact),
                  Node.value("version", version))
              .with(d.provided() ? Node.value("scope", "provided") : null);
      if (!d.exclusions().isEmpty()) {
        dependency.with(
            Node.of(
                "exclusions",
                d.exclusions().stream()
                    .map(
                        e ->
                            Node.of(
                                "exclusion",
                                Node.value("groupId", e.substring(0, e.indexOf(':'))),
                                Node.value("artifactId", e.substring(e.indexOf(':') + 1))))
                    .toArray(Node[]::new)));
      }
      append("dependencies", dependency.comment(comment));
      comment = null;
      changes.add(
          "dependency "
              + coordinate
              + ":"
              + version
              + (d.provided() ? " provided" : "")
              + " (added, from --packages)");
    }
    comment =
        "The repositories the Standalone submission resolved its packages from (MIGRATION.md, sparkgen init).";
    for (int i = 0; i < migration.repositories().size(); i++) {
      String url = migration.repositories().get(i);
      boolean known =
          root().path("repositories").stream()
              .flatMap(r -> r.children("repository").stream())
              .anyMatch(
                  r ->
                      r.childText("url")
                          .orElse("")
                          .replaceAll("/+$", "")
                          .equals(url.replaceAll("/+$", "")));
      if (!known) {
        append(
            "repositories",
            Node.of(
                    "repository",
                    Node.value("id", TemplateModel.repositoryId(i)),
                    Node.value("url", url))
                .comment(comment));
        comment = null;
        changes.add("repository " + url + " (added, from --repositories)");
      }
    }
  }

  /**
   * A dependency of the submission's packages that the pom already declares: the image ships what
   * the Standalone cluster shipped. A team often declared it {@code provided} (or {@code test})
   * precisely because {@code --packages} put it on the cluster's class path; Jib ships neither
   * scope, so it becomes {@code compile}. Its version becomes the one the cluster ran, and the
   * submission's exclusions are added: MIGRATION.md says so, and must be true of this pom.
   */
  private void shipAsSubmitted(
      Element declared,
      MavenDependency d,
      String coordinate,
      String version,
      Map<String, String> properties) {
    if (d.provided()) {
      return; // one of Spark's modules, at the project's Spark version: the image has it
    }
    Optional<Element> scope = declared.child("scope");
    String was = scope.map(Element::text).orElse("compile");
    if (!was.equals("compile") && !was.equals("runtime")) {
      setValue(scope.orElseThrow(), "compile");
      changes.add(
          "dependency "
              + coordinate
              + ": scope compile (was "
              + was
              + "): the Standalone submission's packages shipped it, so the image does (MIGRATION.md)");
    }
    Element current = refind(declared);
    Optional<Element> declaredVersion = current.child("version");
    String has = declaredVersion.map(v -> MavenProject.resolve(v.text(), properties)).orElse("");
    if (!has.equals(MavenProject.resolve(version, properties))) {
      if (declaredVersion.isPresent()) {
        setValue(declaredVersion.get(), version);
      } else {
        insertChild(current, Node.value("version", version));
      }
      changes.add(
          "dependency "
              + coordinate
              + ": version "
              + version
              + " (was "
              + (has.isEmpty() ? "managed" : has)
              + ")");
      warnings.add(
          "the submission's --packages names "
              + coordinate
              + ":"
              + version
              + ", which the Standalone cluster ran, and pom.xml declared "
              + coordinate
              + " "
              + (has.isEmpty() ? "with a managed version" : has)
              + ": pom.xml now compiles against "
              + version
              + "; run the tests");
    }
    for (String exclusion : d.exclusions()) {
      String group = exclusion.substring(0, exclusion.indexOf(':'));
      String artifact = exclusion.substring(exclusion.indexOf(':') + 1);
      Node node =
          Node.of("exclusion", Node.value("groupId", group), Node.value("artifactId", artifact));
      Element dependency = refind(declared);
      Optional<Element> exclusions = dependency.child("exclusions");
      if (exclusions.isEmpty()) {
        insertChild(dependency, Node.of("exclusions", node));
      } else if (exclusions.get().children("exclusion").stream()
          .noneMatch(
              e ->
                  e.childText("groupId").orElse("").equals(group)
                      && e.childText("artifactId").orElse("").equals(artifact))) {
        insertChild(exclusions.get(), node);
      } else {
        continue;
      }
      changes.add("dependency " + coordinate + ": exclusion " + exclusion + " (added)");
    }
  }

  /** {@code declared} in the pom as it is now: an edit moves the offsets of what follows it. */
  private Element refind(Element declared) {
    return dependencies().stream()
        .filter(e -> sameDependency(e, declared))
        .findFirst()
        .orElseThrow();
  }

  private static boolean sameDependency(Element a, Element b) {
    return a.childText("groupId").equals(b.childText("groupId"))
        && a.childText("artifactId").equals(b.childText("artifactId"))
        && a.childText("classifier").equals(b.childText("classifier"))
        && a.childText("type").equals(b.childText("type"));
  }

  private List<Element> dependencies() {
    return root().path("dependencies").map(d -> d.children("dependency")).orElse(List.of());
  }

  /** The pom's own properties, for comparing what it declares (its parent's do not count here). */
  private Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    root()
        .child("properties")
        .ifPresent(p -> p.children().forEach(c -> properties.put(c.name(), c.text())));
    return properties;
  }

  /**
   * Adds {@code item} as the last child of the project's {@code container}, which is made where
   * missing.
   */
  private void append(String container, Node item) {
    Optional<Element> parent = root().child(container);
    if (parent.isPresent()) {
      insertChild(parent.get(), item);
    } else {
      insertChild(root(), Node.of(container, item));
    }
  }

  private void jar() {
    ensure(
        Node.value("finalName", ImageLayout.JAR_NAME)
            .comment(
                "One jar name for every application, /opt/spark/app/classpath/app.jar in the image, the path the Job runs (sparkgen init)."),
        false,
        step("build"),
        step("finalName"));
    boolean managedVersion =
        root().path("build", "pluginManagement", "plugins").stream()
            .flatMap(p -> p.children("plugin").stream())
            .anyMatch(p -> isPlugin(p, "maven-jar-plugin") && p.child("version").isPresent());
    Node phase = Node.value("phase", "prepare-package");
    Node execution = Node.of("execution", Node.value("id", "default-jar"), phase);
    Node plugin =
        Node.of(
                "plugin",
                Node.value("groupId", "org.apache.maven.plugins"),
                Node.value("artifactId", "maven-jar-plugin"))
            .with(managedVersion ? null : Node.value("version", ImageLayout.JAR_PLUGIN_VERSION))
            .with(Node.of("executions", execution))
            .comment(
                "The jar is built in prepare-package, the phase skaffold's Jib builder runs, so every image holds the current code (sparkgen init).");
    ensure(
        phase,
        false,
        step("build"),
        step("plugins"),
        plugin("maven-jar-plugin", plugin),
        step("executions"),
        Step.keyed("execution", "id", "default-jar", execution),
        step("phase"));
  }

  private void shade() {
    Optional<Element> shade =
        plugins().stream().filter(p -> isPlugin(p, "maven-shade-plugin")).findFirst();
    if (shade.isEmpty()) {
      return;
    }
    boolean relocates =
        shade.get().descendants().stream().anyMatch(e -> e.name().equals("relocations"));
    Node attached =
        Node.value("shadedArtifactAttached", "true")
            .comment(
                "The image runs target/app.jar, the application alone; the shaded jar is attached with classifier shaded, target/ARTIFACTID-VERSION-shaded.jar (sparkgen init).");
    ensure(
        attached,
        false,
        step("build"),
        step("plugins"),
        plugin("maven-shade-plugin", null),
        step("configuration"),
        step("shadedArtifactAttached"));
    // An execution's own setting would override the plugin's.
    for (int i = 0; ; i++) {
      List<Element> executions =
          plugins().stream()
              .filter(p -> isPlugin(p, "maven-shade-plugin"))
              .findFirst()
              .flatMap(p -> p.child("executions"))
              .map(e -> e.children("execution"))
              .orElse(List.of());
      if (i >= executions.size()) {
        break;
      }
      Element execution = executions.get(i);
      execution
          .path("configuration", "shadedArtifactAttached")
          .filter(e -> !e.text().equals("true"))
          .ifPresent(
              e -> {
                changes.add(
                    "build/plugins/plugin[maven-shade-plugin]/executions/execution["
                        // Maven's id for an execution that names none.
                        + execution.childText("id").orElse("default")
                        + "]/configuration/shadedArtifactAttached: true (was "
                        + (e.text().isEmpty() ? "empty" : e.text())
                        + ")");
                setValue(e, "true");
              });
    }
    if (relocates) {
      warnings.add(
          "the shade plugin relocates packages, and the image runs the unshaded jar with its dependencies in /opt/spark/app/libs:"
              + " check that none of them clashes with Spark's own jars (the reason for relocating), or set spark.driver.userClassPathFirst");
    }
  }

  private void jib(ProjectSpec spec) {
    String main = spec.mainClass().orElseThrow();
    Node container =
        Node.of(
            "container",
            Node.value("entrypoint", "INHERIT"),
            Node.value("user", ImageLayout.USER),
            Node.value("workingDirectory", ImageLayout.WORKING_DIRECTORY),
            Node.value("appRoot", ImageLayout.APP_ROOT),
            Node.value("mainClass", main),
            Node.value("creationTime", "EPOCH"),
            Node.value("filesModificationTime", "EPOCH_PLUS_SECOND"));
    Node configuration =
        Node.of(
            "configuration",
            Node.of("from", Node.value("image", "${spark.base.image}")),
            Node.of("to", Node.value("image", spec.imageRepository())),
            container,
            Node.value("containerizingMode", "packaged"));
    Node plugin =
        Node.of(
                "plugin",
                Node.value("groupId", "com.google.cloud.tools"),
                Node.value("artifactId", JIB),
                Node.value("version", ImageLayout.JIB_VERSION),
                configuration)
            .comment(
                "The image, built without Docker as sparkgen's generated repositories build it: the application jar alone"
                    + " at /opt/spark/app/classpath/app.jar, its runtime dependencies in /opt/spark/app/libs, on the Spark image"
                    + " (entrypoint kept, user 185). The Job in k8s/base runs that jar (sparkgen init).");
    Optional<Element> existing = plugins().stream().filter(p -> isPlugin(p, JIB)).findFirst();
    if (existing.isEmpty()) {
      ensure(plugin, false, step("build"), step("plugins"), plugin(JIB, plugin));
      return;
    }
    existing
        .get()
        .child("version")
        .filter(v -> older(v.text(), ImageLayout.JIB_VERSION))
        .ifPresent(
            v -> {
              changes.add(
                  "plugin "
                      + JIB
                      + ": version "
                      + ImageLayout.JIB_VERSION
                      + " (was "
                      + v.text()
                      + ")");
              setValue(v, ImageLayout.JIB_VERSION);
            });
    Step jib = plugin(JIB, plugin);
    ensure(
        Node.value("image", "${spark.base.image}"),
        false,
        step("build"),
        step("plugins"),
        jib,
        step("configuration"),
        step("from"),
        step("image"));
    ensure(
        Node.value("image", spec.imageRepository()),
        true,
        step("build"),
        step("plugins"),
        jib,
        step("configuration"),
        step("to"),
        step("image"));
    for (Node value : container.children) {
      ensure(
          value,
          false,
          step("build"),
          step("plugins"),
          jib,
          step("configuration"),
          step("container"),
          step(value.name));
    }
    ensure(
        Node.value("containerizingMode", "packaged"),
        false,
        step("build"),
        step("plugins"),
        jib,
        step("configuration"),
        step("containerizingMode"));
    if (existing.get().path("configuration", "container", "jvmFlags").isPresent()) {
      warnings.add(
          "Jib ignores container.jvmFlags with the inherited entrypoint: spark-submit starts the JVMs, so give the options to Spark"
              + " (spark.driver.memory, spark.driver.extraJavaOptions, spark.executor.extraJavaOptions in k8s/overlays/<env>/spark.properties)");
    }
  }

  /**
   * sparkgen's own sources ({@code src/sparkgen/java}, which init adds): the executor feature step
   * that k8s/base names, so that the executors run the driver's image, and where the overlay says,
   * with no change to the team's code. Compiled against Spark's Kubernetes module and its client,
   * both {@code provided} like Spark: the image has them.
   */
  private void runtime(ProjectSpec spec) {
    ensure(
        Node.value("spark-kubernetes.version", spec.spark().kubernetesModule())
            .comment(
                "The newest spark-kubernetes of this Spark line on Maven Central, for sparkgen's executor feature step in "
                    + ImageLayout.RUNTIME_SOURCES
                    + " (sparkgen init)."),
        true,
        step("properties"),
        step("spark-kubernetes.version"));
    ensure(
        Node.value("kubernetes-client.version", spec.spark().kubernetesClient())
            .comment("The Kubernetes client inside the Spark image (sparkgen init)."),
        true,
        step("properties"),
        step("kubernetes-client.version"));
    String module = "spark-kubernetes_" + spec.spark().scalaBinary();
    Node sparkKubernetes =
        Node.of(
                "dependency",
                Node.value("groupId", "org.apache.spark"),
                Node.value("artifactId", module),
                Node.value("version", "${spark-kubernetes.version}"),
                Node.value("scope", "provided"),
                Node.of(
                    "exclusions",
                    Node.of(
                        "exclusion",
                        Node.value("groupId", "org.apache.spark"),
                        Node.value("artifactId", "*"))))
            .comment(
                "sparkgen's executor feature step ("
                    + ImageLayout.RUNTIME_SOURCES
                    + "): Spark's Kubernetes backend, provided by the"
                    + " image; Spark's own modules come from the project's Spark dependencies (sparkgen init).");
    ensure(
        Node.value("artifactId", module),
        true,
        step("dependencies"),
        Step.keyed("dependency", "artifactId", module, sparkKubernetes),
        step("artifactId"));
    Node client =
        Node.of(
                "dependency",
                Node.value("groupId", "io.fabric8"),
                Node.value("artifactId", "kubernetes-client"),
                Node.value("version", "${kubernetes-client.version}"),
                Node.value("scope", "provided"))
            .comment(
                "The Kubernetes client's model, which the feature step reads the driver's pod and the executors' scheduling file with (sparkgen init).");
    ensure(
        Node.value("artifactId", "kubernetes-client"),
        true,
        step("dependencies"),
        Step.keyed("dependency", "artifactId", "kubernetes-client", client),
        step("artifactId"));
    Node execution =
        Node.of(
            "execution",
            Node.value("id", "sparkgen-sources"),
            Node.value("phase", "generate-sources"),
            Node.of("goals", Node.value("goal", "add-source")),
            Node.of(
                "configuration",
                Node.of("sources", Node.value("source", ImageLayout.RUNTIME_SOURCES))));
    Node plugin =
        Node.of(
                "plugin",
                Node.value("groupId", "org.codehaus.mojo"),
                Node.value("artifactId", "build-helper-maven-plugin"),
                Node.value("version", ImageLayout.BUILD_HELPER_VERSION),
                Node.of("executions", execution))
            .comment(
                "sparkgen's sources, "
                    + ImageLayout.RUNTIME_SOURCES
                    + ", built into the application's jar (sparkgen init).");
    ensure(
        Node.value("id", "sparkgen-sources"),
        true,
        step("build"),
        step("plugins"),
        plugin("build-helper-maven-plugin", plugin),
        step("executions"),
        Step.keyed("execution", "id", "sparkgen-sources", execution),
        step("id"));
  }

  /**
   * sparkgen's packaged-layout check ({@link ImageLayout#CHECK_SOURCES}, which init adds), run by
   * {@code verify} as generated projects run PackagedLayoutIT: executors in JVMs of their own, laid
   * out as in the image, must load every class the application jar names and every jar Jib ships. A
   * dependency the team declared {@code provided} because Standalone's {@code --packages} shipped
   * it fails here rather than on the cluster. A plain main run by exec-maven-plugin, not a JUnit
   * test: the team's test framework, version and Surefire setup stay as they are.
   */
  private void layoutCheck(ProjectSpec spec) {
    int before = changes.size();
    String why = " (sparkgen init: the packaged-layout check, " + ImageLayout.CHECK_SOURCES + ").";
    Node sources =
        Node.of(
            "execution",
            Node.value("id", "sparkgen-check-sources"),
            Node.value("phase", "generate-test-sources"),
            Node.of("goals", Node.value("goal", "add-test-source")),
            Node.of(
                "configuration",
                Node.of("sources", Node.value("source", ImageLayout.CHECK_SOURCES))));
    ensure(
        Node.value("id", "sparkgen-check-sources"),
        true,
        step("build"),
        step("plugins"),
        plugin("build-helper-maven-plugin", null),
        step("executions"),
        Step.keyed("execution", "id", "sparkgen-check-sources", sources),
        step("id"));

    boolean managedVersion =
        root().path("build", "pluginManagement", "plugins").stream()
            .flatMap(p -> p.children("plugin").stream())
            .anyMatch(
                p -> isPlugin(p, "maven-dependency-plugin") && p.child("version").isPresent());
    List<Node> layout =
        List.of(
            Node.of(
                "execution",
                Node.value("id", "sparkgen-image-libs"),
                Node.value("phase", "package"),
                Node.of("goals", Node.value("goal", "build-classpath")),
                Node.of(
                    "configuration",
                    Node.value("includeScope", "runtime"),
                    Node.value(
                        "outputFile", "${project.build.directory}/image/runtime.classpath"))),
            Node.of(
                "execution",
                Node.value("id", "sparkgen-provided-jars"),
                Node.value("phase", "package"),
                Node.of("goals", Node.value("goal", "build-classpath")),
                Node.of(
                    "configuration",
                    Node.value("includeScope", "provided"),
                    Node.value(
                        "outputFile", "${project.build.directory}/image/provided.classpath"))),
            Node.of(
                "execution",
                Node.value("id", "sparkgen-dependency-tree"),
                Node.value("phase", "package"),
                Node.of("goals", Node.value("goal", "tree")),
                Node.of(
                    "configuration",
                    Node.value("outputType", "tgf"),
                    Node.value("verbose", "true"),
                    Node.value(
                        "outputFile", "${project.build.directory}/image/dependencies.tgf"))));
    for (Node execution : layout) {
      String id = execution.children.get(0).value;
      Node plugin =
          Node.of(
                  "plugin",
                  Node.value("groupId", "org.apache.maven.plugins"),
                  Node.value("artifactId", "maven-dependency-plugin"))
              .with(
                  managedVersion
                      ? null
                      : Node.value("version", ImageLayout.DEPENDENCY_PLUGIN_VERSION))
              .with(Node.of("executions", execution))
              .comment(
                  "What the image holds, listed under target/image: the dependencies Jib ships in /opt/spark/app/libs, and"
                      + " which provided jars the base image has"
                      + why);
      ensure(
          Node.value("id", id),
          true,
          step("build"),
          step("plugins"),
          plugin("maven-dependency-plugin", plugin),
          step("executions"),
          Step.keyed("execution", "id", id, execution),
          step("id"));
    }

    Node execution =
        Node.of(
            "execution",
            Node.value("id", "sparkgen-packaged-layout"),
            Node.value("phase", "integration-test"),
            Node.of("goals", Node.value("goal", "exec")),
            Node.of(
                "configuration",
                Node.value("skip", "${skipTests}"),
                Node.value("executable", "${java.home}/bin/java"),
                Node.of(
                    "arguments",
                    Node.value("argument", "@" + ImageLayout.CHECK_OPTIONS),
                    Node.value("argument", "-classpath"),
                    Node.value("classpath", ""),
                    Node.value("argument", "dev.sparkgen.check.PackagedLayoutCheck")),
                Node.value("classpathScope", "test"),
                Node.of(
                    "environmentVariables",
                    Node.value("SPARK_HOME", "${project.build.directory}/spark-home"),
                    Node.value("SPARK_SCALA_VERSION", spec.spark().scalaBinary()),
                    Node.value("SPARK_LOCAL_IP", "127.0.0.1"))));
    Node exec =
        Node.of(
                "plugin",
                Node.value("groupId", "org.codehaus.mojo"),
                Node.value("artifactId", "exec-maven-plugin"),
                Node.value("version", ImageLayout.EXEC_PLUGIN_VERSION),
                Node.of("executions", execution))
            .comment(
                "verify runs the job's classes on executors laid out as in the image, so that a dependency they cannot load"
                    + " fails here, not on the cluster; -DskipTests skips it"
                    + why);
    ensure(
        Node.value("id", "sparkgen-packaged-layout"),
        true,
        step("build"),
        step("plugins"),
        plugin("exec-maven-plugin", exec),
        step("executions"),
        Step.keyed("execution", "id", "sparkgen-packaged-layout", execution),
        step("id"));
    if (changes.size() > before) {
      // One line for the report: the five executions are one feature.
      changes.subList(before, changes.size()).clear();
      changes.add(
          "the packaged-layout check in verify (added): executions sparkgen-check-sources (build-helper-maven-plugin),"
              + " sparkgen-image-libs, sparkgen-provided-jars, sparkgen-dependency-tree (maven-dependency-plugin),"
              + " sparkgen-packaged-layout (exec-maven-plugin)");
    }
  }

  // --- the edits ---------------------------------------------------------------------------

  /**
   * Makes the element at {@code path} exist with {@code leaf}'s value: the missing part of the path
   * is inserted as one block, built from the steps' own nodes; an element that exists with another
   * value gets {@code leaf}'s, unless {@code keepExisting}.
   */
  private void ensure(Node leaf, boolean keepExisting, Step... path) {
    Element at = root();
    int found = 0;
    for (; found < path.length; found++) {
      Optional<Element> next = path[found].find(at);
      if (next.isEmpty()) {
        break;
      }
      at = next.get();
    }
    String where = String.join("/", Arrays.stream(path).map(Step::toString).toList());
    if (found == path.length) {
      if (leaf.value != null && !keepExisting && !at.text().equals(leaf.value)) {
        changes.add(
            where
                + ": "
                + leaf.value
                + " (was "
                + (at.text().isEmpty() ? "empty" : at.text())
                + ")");
        setValue(at, leaf.value);
      }
      return;
    }
    Node block = leaf;
    for (int i = path.length - 2; i >= found; i--) {
      block = path[i].node(block);
    }
    changes.add(where + (leaf.value != null ? ": " + leaf.value : "") + " (added)");
    insertChild(at, block);
  }

  private void setValue(Element element, String value) {
    String escaped = escape(value);
    if (element.selfClosing()) {
      replace(
          element.start(),
          element.end(),
          "<" + element.name() + ">" + escaped + "</" + element.name() + ">");
    } else {
      replace(element.contentStart(), element.contentEnd(), escaped);
    }
  }

  /**
   * Inserts {@code node} into {@code parent}, after the siblings that precede it in the POM's
   * order.
   */
  private void insertChild(Element parent, Node node) {
    String parentIndent = indentation(parent);
    List<Element> children = parent.children();
    String indent = children.isEmpty() ? parentIndent + unit : indentation(children.get(0));
    String block = node.render(indent, unit, newline);
    if (parent.selfClosing()) {
      replace(
          parent.start(),
          parent.end(),
          "<"
              + parent.name()
              + ">"
              + newline
              + block
              + newline
              + parentIndent
              + "</"
              + parent.name()
              + ">");
      return;
    }
    if (children.isEmpty()
        && text.substring(parent.contentStart(), parent.contentEnd()).isBlank()) {
      replace(parent.contentStart(), parent.contentEnd(), newline + block + newline + parentIndent);
      return;
    }
    List<String> order = ORDER.getOrDefault(parent.name(), List.of());
    int rank = order.indexOf(node.name);
    int at =
        children.isEmpty() ? parent.contentEnd() : lineEnd(children.get(children.size() - 1).end());
    if (rank >= 0) {
      Element after = null;
      boolean later = false;
      for (Element child : children) {
        int childRank = order.indexOf(child.name());
        if (childRank >= 0 && childRank <= rank) {
          after = child;
        } else if (childRank > rank) {
          later = true;
        }
      }
      if (after != null) {
        at = lineEnd(after.end());
      } else if (later) {
        // Before every sibling: at the first one's line, above the comments that describe it,
        // unless it shares the parent's line.
        Element first = children.get(0);
        int line = lineStart(first);
        if (text.substring(line, first.start()).isBlank()) {
          line = aboveComments(line, parent.contentStart());
          replace(line, line, block + newline);
        } else {
          replace(parent.contentStart(), parent.contentStart(), newline + block);
        }
        return;
      }
    }
    if (children.isEmpty()) {
      replace(at, at, newline + block + newline + parentIndent);
    } else {
      replace(at, at, newline + block);
    }
  }

  private void replace(int from, int to, String with) {
    text = text.substring(0, from) + with + text.substring(to);
  }

  private Element root() {
    return XmlTree.parse("pom.xml", text);
  }

  private List<Element> plugins() {
    return root().path("build", "plugins").map(p -> p.children("plugin")).orElse(List.of());
  }

  /**
   * The whitespace before an element on its line, or the depth's indentation when it shares the
   * line.
   */
  private String indentation(Element element) {
    int start = lineStart(element);
    String before = text.substring(start, element.start());
    if (before.isBlank()) {
      return before;
    }
    int depth = 0;
    for (Element e = element.parent(); e != null; e = e.parent()) {
      depth++;
    }
    return (unit == null ? "  " : unit).repeat(depth);
  }

  /**
   * After a comment that follows an element on its line ({@code <a>1</a> <!-- why -->}): it stays
   * with it.
   */
  private int lineEnd(int offset) {
    Matcher rest = TRAILING_COMMENTS.matcher(text).region(offset, text.length());
    return rest.lookingAt() ? rest.end() : offset;
  }

  /**
   * The start of the comment lines right above the line at {@code line} (none blank between, each
   * only a comment or part of one), not before {@code limit}: a comment there describes the element
   * below it, and nothing may come between them.
   */
  private int aboveComments(int line, int limit) {
    int at = line;
    while (at > limit) {
      int end = at - 1; // the newline ending the line above
      String above = text.substring(text.lastIndexOf('\n', end - 1) + 1, end).strip();
      if (!above.endsWith("-->")) {
        return at;
      }
      int open = text.lastIndexOf("<!--", end);
      if (open < limit) {
        return at;
      }
      int start = text.lastIndexOf('\n', open) + 1;
      if (start < limit || !text.substring(start, open).isBlank()) {
        return at;
      }
      at = start;
    }
    return at;
  }

  private int lineStart(Element element) {
    return text.lastIndexOf('\n', element.start()) + 1;
  }

  static boolean isPlugin(Element plugin, String artifactId) {
    return plugin.childText("artifactId").orElse("").equals(artifactId);
  }

  /**
   * Whether dotted version {@code a} is older than {@code b}; a property or other text is never
   * older.
   */
  static boolean older(String a, String b) {
    if (!a.matches("\\d+(\\.\\d+)*")) {
      return false;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
      int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (xi != yi) {
        return xi < yi;
      }
    }
    return false;
  }

  private static String escape(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static Step step(String name) {
    return new Step(name, null, null, null);
  }

  private static Step plugin(String artifactId, Node node) {
    return Step.keyed("plugin", "artifactId", artifactId, node);
  }

  /**
   * One step of a path: an element name, matched on a key child's text when given (a plugin by
   * artifactId); {@code node}, when given, is what to insert for it when it is missing.
   */
  private record Step(String name, String key, String keyValue, Node node) {
    static Step keyed(String name, String key, String keyValue, Node node) {
      return new Step(name, key, keyValue, node);
    }

    Optional<Element> find(Element parent) {
      return parent.children(name).stream()
          .filter(e -> key == null || e.childText(key).orElse("").equals(keyValue))
          .findFirst();
    }

    @Override
    public String toString() {
      return key == null ? name : name + "[" + keyValue + "]";
    }

    /**
     * This step's element holding {@code inner}: its own node, or an element of its name around it.
     */
    Node node(Node inner) {
      return node != null ? node : Node.of(name, inner);
    }
  }

  /** An element to insert: a value or children, and an optional comment line above it. */
  private static final class Node {
    final String name;
    final String value;
    final List<Node> children;
    String comment;

    private Node(String name, String value, List<Node> children) {
      this.name = name;
      this.value = value;
      this.children = children;
    }

    static Node value(String name, String value) {
      return new Node(name, value, List.of());
    }

    static Node of(String name, Node... children) {
      return new Node(name, null, new ArrayList<>(Arrays.asList(children)));
    }

    Node with(Node child) {
      if (child != null) {
        children.add(child);
      }
      return this;
    }

    Node comment(String comment) {
      this.comment = comment;
      return this;
    }

    String render(String indent, String unit, String newline) {
      StringBuilder out = new StringBuilder();
      if (comment != null) {
        out.append(indent).append("<!-- ").append(comment).append(" -->").append(newline);
      }
      out.append(indent).append('<').append(name).append('>');
      if (value != null) {
        out.append(escape(value));
      } else {
        for (Node child : children) {
          out.append(newline).append(child.render(indent + unit, unit, newline));
        }
        out.append(newline).append(indent);
      }
      return out.append("</").append(name).append('>').toString();
    }
  }
}
