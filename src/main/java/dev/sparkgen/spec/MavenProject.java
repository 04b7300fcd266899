package dev.sparkgen.spec;

import dev.sparkgen.spec.XmlTree.Element;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * What {@code sparkgen init} learns from an existing Maven project: its artifactId and groupId, the
 * Spark and Scala versions it compiles against, the Java release and the main class. Read from the
 * pom (its properties and dependencies, with a parent pom in the same tree found through {@code
 * relativePath}) and from the sources (a {@code main} that uses SparkSession or SparkContext, in
 * Java or Scala). It is input, so it is checked here; {@link #specBuilder} turns it into the spec
 * of the adopted repository or refuses in one sentence.
 *
 * @param sparkVersion as the pom resolves it, e.g. {@code 3.5.1}; empty when it cannot be resolved
 * @param javaRelease the release the sources are compiled for; empty when the pom does not say
 * @param mainClasses the classes with a Spark {@code main} in the sources, sorted
 * @param declaredMainClass a main class the pom names (a jar manifest, shade, exec), if exactly one
 * @param sourceClasses every class, interface or Scala object the sources declare, main or not
 */
public record MavenProject(
    String artifactId,
    String groupId,
    Optional<String> sparkVersion,
    Optional<String> scalaBinary,
    Optional<Integer> javaRelease,
    List<String> mainClasses,
    Optional<String> declaredMainClass,
    Set<String> sourceClasses) {

  public MavenProject {
    mainClasses = List.copyOf(mainClasses);
    sourceClasses = Set.copyOf(sourceClasses);
  }

  public static final String POM = "pom.xml";

  private static final Pattern SPARK_ARTIFACT =
      Pattern.compile("(spark-[a-z0-9-]+?)_(2\\.1[0-9]|3)");
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final Pattern JAVA_PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern SCALA_PACKAGE =
      Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*$");
  private static final Pattern JAVA_MAIN =
      Pattern.compile("public\\s+static\\s+(final\\s+)?void\\s+main\\s*\\(");
  private static final Pattern SCALA_MAIN = Pattern.compile("def\\s+main\\s*\\(");
  private static final Pattern SCALA_OBJECT = Pattern.compile("\\bobject\\s+(\\w+)");
  private static final Pattern SCALA_APP =
      Pattern.compile("\\bobject\\s+(\\w+)\\s+extends\\s+App\\b");
  private static final Pattern USES_SPARK =
      Pattern.compile("\\b(SparkSession|SparkContext|JavaSparkContext)\\b");
  private static final Pattern JAVA_TYPE =
      Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Za-z_$][\\w$]*)");
  private static final Pattern SCALA_TYPE =
      Pattern.compile("\\b(?:class|object|trait)\\s+([A-Za-z_$][\\w$]*)");
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  /**
   * Reads the project whose pom is {@code files.apply("pom.xml")}.
   *
   * @param files reads a file by its path relative to the project's directory ({@code ../pom.xml}
   *     for a parent), empty when there is none
   * @param sources the project's source files under its source roots, path → text
   */
  public static MavenProject read(
      Function<String, Optional<String>> files, Map<String, String> sources) {
    String pomText = files.apply(POM).orElseThrow(() -> notMaven(files));
    Element pom = XmlTree.parse(POM, pomText);
    if (!pom.name().equals("project")) {
      throw new InvalidInputException(
          "pom.xml has the root element <"
              + pom.name()
              + ">, not <project>; sparkgen init adopts Maven projects.");
    }
    String packaging = pom.childText("packaging").orElse("jar");
    if (packaging.equals("pom")) {
      throw new InvalidInputException(
          "pom.xml has packaging 'pom' (a parent of modules, not an application); run sparkgen init in the module that holds the Spark job.");
    }
    if (!packaging.equals("jar")) {
      throw new InvalidInputException(
          "pom.xml has packaging '"
              + packaging
              + "'; sparkgen init adopts a Spark application packaged as a jar (packaging jar).");
    }
    List<Element> chain = new ArrayList<>(List.of(pom));
    parents(files, pom, "", chain);
    Map<String, String> properties = properties(chain);

    String artifactId =
        pom.childText("artifactId")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "pom.xml has no <artifactId>; add it (Maven needs it too)."));
    String groupId =
        pom.childText("groupId")
            .or(() -> pom.path("parent", "groupId").map(Element::text))
            .orElse("");

    Set<String> sparkVersions = new TreeSet<>();
    Set<String> scalaVersions = new TreeSet<>();
    Map<String, String> managed = managedVersions(chain, properties);
    for (Element project : chain) {
      for (Element dependency :
          project.path("dependencies").map(d -> d.children("dependency")).orElse(List.of())) {
        if (!"org.apache.spark".equals(dependency.childText("groupId").orElse(""))) {
          continue;
        }
        String artifact = resolve(dependency.childText("artifactId").orElse(""), properties);
        Matcher m = SPARK_ARTIFACT.matcher(artifact);
        if (!m.matches()) {
          continue;
        }
        String scope = dependency.childText("scope").orElse("compile");
        if (project != pom
            && SparkImage.provides(m.group(1))
            && (scope.equals("compile") || scope.equals("runtime"))) {
          throw new InvalidInputException(
              "pom.xml inherits org.apache.spark:"
                  + artifact
                  + " with scope "
                  + scope
                  + " from its parent pom, and the image provides Spark: make it provided there (sparkgen init edits pom.xml only).");
        }
        scalaVersions.add(m.group(2));
        String version =
            dependency.childText("version").orElse(managed.get("org.apache.spark:" + artifact));
        if (version != null) {
          sparkVersions.add(resolve(version, properties));
        }
      }
    }
    if (scalaVersions.isEmpty()) {
      throw new InvalidInputException(
          "pom.xml has no dependency on Spark (org.apache.spark:spark-core_2.13, spark-sql_2.13, ...); sparkgen init adopts Spark applications.");
    }
    if (scalaVersions.size() > 1) {
      throw new InvalidInputException(
          "pom.xml depends on Spark for several Scala versions ("
              + String.join(", ", scalaVersions)
              + "); use one Scala binary version for every Spark dependency, as the image has one.");
    }
    sparkVersions.removeIf(v -> v.contains("${"));
    if (sparkVersions.size() > 1) {
      throw new InvalidInputException(
          "pom.xml depends on several Spark versions ("
              + String.join(", ", sparkVersions)
              + "); use one version for every Spark dependency, as the image has one.");
    }
    return new MavenProject(
        artifactId,
        groupId,
        sparkVersions.stream().findFirst(),
        scalaVersions.stream().findFirst(),
        javaRelease(chain, properties),
        mainClasses(sources),
        declaredMainClass(pom, properties),
        sourceClasses(sources));
  }

  /**
   * The builder of the adopted repository's spec: the detected values, each replaced by the one
   * given on the command line (null when not given); refuses what cannot be determined or has no
   * official image. Environments and registry are the caller's to add.
   */
  public SpecBuilder specBuilder(String name, String spark, Integer java, String mainClass) {
    return specBuilder(name, spark, java, mainClass, Optional.empty());
  }

  /**
   * As {@link #specBuilder(String, String, Integer, String)}, with the {@code --class} of the
   * submit script the team runs on Standalone today: without {@code --main-class} it names the
   * class the Job runs, when it is a class of the sources. One that is not is refused rather than
   * guessed around: the Job runs the project's own jar, so the class is either missing there (the
   * Job would fail at start with ClassNotFoundException) or comes from elsewhere (a dependency, a
   * generated source), which only the team can tell, with {@code --main-class}.
   */
  public SpecBuilder specBuilder(
      String name,
      String spark,
      Integer java,
      String mainClass,
      Optional<StandaloneSetting> submittedClass) {
    SparkRelease release = release(spark);
    String scala = scalaBinary.orElse(release.scalaBinary());
    if (!scala.equals(release.scalaBinary())) {
      throw new InvalidInputException(
          "pom.xml compiles against Spark for Scala "
              + scala
              + ", and the official apache/spark image of Spark "
              + release.version()
              + " has Scala "
              + release.scalaBinary()
              + "; depend on the _"
              + release.scalaBinary()
              + " artifacts first.");
    }
    int imageJava = imageJava(java);
    String main =
        mainClass != null ? mainClass : submitted(submittedClass).orElseGet(this::mainClass);
    if (!SourceVersion.isName(main)) {
      throw new InvalidInputException(
          "Main class '"
              + main
              + "' is not a qualified Java class name such as 'com.example.etl.Main'.");
    }
    if (!main.contains(".")) {
      throw new InvalidInputException(
          "Main class '"
              + main
              + "' is in the default package; sparkgen names objects after the package, so move it into one (com.example.etl."
              + main
              + ").");
    }
    String packageName = main.substring(0, main.lastIndexOf('.'));
    String appName = name != null ? name : artifactId;
    if (name == null && !KubernetesNames.DNS_1123_LABEL.matcher(appName).matches()) {
      throw new InvalidInputException(
          "The artifactId '"
              + appName
              + "' is not a valid application name (a lowercase DNS-1123 label such as 'payments-etl', which names the image and the Kubernetes objects); pass --name NAME.");
    }
    // The groupId is recorded as the project's when it is a Java package name; else the main
    // class's package.
    String group =
        groupId.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")
            ? groupId
            : packageName;
    return SpecBuilder.named(appName)
        .group(group)
        .packageName(packageName)
        .archetype(ADOPTION_ARCHETYPE)
        .spark(release.version())
        .java(imageJava)
        .mainClass(main);
  }

  /** The archetype of adopted repositories. */
  public static final String ADOPTION_ARCHETYPE = "adopt";

  private SparkRelease release(String spark) {
    if (spark == null) {
      String detected =
          sparkVersion.orElseThrow(
              () ->
                  new InvalidInputException(
                      "The Spark version of pom.xml cannot be determined (no org.apache.spark dependency with a version that resolves in pom.xml or a parent in this tree); pass --spark VERSION (one of "
                          + SparkVersions.accepted()
                          + ")."));
      return lineOf(detected)
          .orElseThrow(
              () ->
                  new InvalidInputException(
                      "pom.xml compiles against Spark "
                          + detected
                          + ", which has no official apache/spark image sparkgen supports; move the project to one of "
                          + SparkVersions.accepted()
                          + " first."));
    }
    SparkRelease given = SparkVersions.find(spark);
    sparkVersion.ifPresent(
        detected -> {
          if (!detected.startsWith(given.line() + ".") && !detected.equals(given.line())) {
            throw new InvalidInputException(
                "--spark "
                    + spark
                    + " asks for Spark "
                    + given.line()
                    + ", and pom.xml compiles against Spark "
                    + detected
                    + "; change the Spark version in pom.xml first, so that the job runs on the Spark it was built for.");
          }
        });
    return given;
  }

  private static Optional<SparkRelease> lineOf(String version) {
    return SparkVersions.RELEASES.stream()
        .filter(r -> version.equals(r.line()) || version.startsWith(r.line() + "."))
        .findFirst();
  }

  /**
   * The image's Java: --java, else the smallest supported one that runs the release compiled for.
   */
  private int imageJava(Integer java) {
    if (java != null) {
      if (!SparkVersions.JAVA_VERSIONS.contains(java)) {
        return java; // refused by SpecBuilder, naming the versions it accepts
      }
      javaRelease.ifPresent(
          release -> {
            if (release > java) {
              throw new InvalidInputException(
                  "pom.xml compiles for Java "
                      + release
                      + ", which a Java "
                      + java
                      + " image cannot run; pass --java "
                      + release
                      + " or lower the release in pom.xml.");
            }
          });
      return java;
    }
    int release =
        javaRelease.orElseThrow(
            () ->
                new InvalidInputException(
                    "The Java release of pom.xml cannot be determined (no maven.compiler.release, maven.compiler.target or compiler plugin setting in pom.xml or a parent in this tree); pass --java 17 or 21."));
    return SparkVersions.JAVA_VERSIONS.stream()
        .filter(v -> v >= release)
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "pom.xml compiles for Java "
                        + release
                        + "; the apache/spark images run Java "
                        + SparkVersions.JAVA_VERSIONS
                        + ", so lower the release to one of them."));
  }

  /**
   * The submission's class, when it names one literally ($MAIN is left to detection, and
   * MIGRATION.md says so).
   */
  private Optional<String> submitted(Optional<StandaloneSetting> submittedClass) {
    Optional<StandaloneSetting> literal =
        submittedClass.filter(s -> !s.value().startsWith("$") && SourceVersion.isName(s.value()));
    literal
        .filter(s -> !sourceClasses.contains(s.value()))
        .ifPresent(
            s -> {
              throw new InvalidInputException(
                  "Submit file "
                      + s.file()
                      + " line "
                      + s.line()
                      + " runs --class "
                      + s.value()
                      + ", which is no class of this project's sources (src/main/java, src/main/scala); pass --main-class with the class the Job "
                      + "should run"
                      + (mainClasses.isEmpty()
                          ? ""
                          : " (" + String.join(", ", mainClasses) + " use Spark)")
                      + ".");
            });
    return literal.map(StandaloneSetting::value);
  }

  private String mainClass() {
    if (mainClasses.size() == 1) {
      return mainClasses.get(0);
    }
    if (mainClasses.isEmpty() && declaredMainClass.isPresent()) {
      return declaredMainClass.get();
    }
    if (declaredMainClass.isPresent() && mainClasses.contains(declaredMainClass.get())) {
      return declaredMainClass.get();
    }
    if (mainClasses.isEmpty()) {
      throw new InvalidInputException(
          "No main class found: no class under src/main/java or src/main/scala has a main method that uses SparkSession or SparkContext; pass --main-class CLASS.");
    }
    throw new InvalidInputException(
        "Several classes could be the Spark job ("
            + String.join(", ", mainClasses)
            + "); pass --main-class with the one the Job should run.");
  }

  private static InvalidInputException notMaven(Function<String, Optional<String>> files) {
    for (String gradle :
        List.of("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts")) {
      if (files.apply(gradle).isPresent()) {
        return new InvalidInputException(
            "This is a Gradle project ("
                + gradle
                + "), not a Maven one; sparkgen init adopts Maven projects only (a pom.xml), because the image is built by Jib's Maven plugin.");
      }
    }
    if (files.apply("build.sbt").isPresent()) {
      return new InvalidInputException(
          "This is an sbt project (build.sbt), not a Maven one; sparkgen init adopts Maven projects only (a pom.xml), because the image is built by Jib's Maven plugin.");
    }
    return new InvalidInputException(
        "There is no pom.xml here; run sparkgen init in the directory of the Maven project (or name it: sparkgen init DIR).");
  }

  /**
   * Parents reachable through relativePath (default ../pom.xml) whose coordinates match; others are
   * outside the tree.
   */
  private static void parents(
      Function<String, Optional<String>> files, Element pom, String dir, List<Element> chain) {
    Optional<Element> parent = pom.child("parent");
    if (parent.isEmpty() || chain.size() > 10) {
      return;
    }
    String relative = parent.get().childText("relativePath").orElse("../pom.xml");
    if (relative.isEmpty()) {
      return;
    }
    String path =
        dir + (relative.endsWith(".xml") ? relative : relative.replaceAll("/$", "") + "/pom.xml");
    Optional<String> text = files.apply(path);
    if (text.isEmpty()) {
      return;
    }
    Element candidate = XmlTree.parse(path, text.get());
    boolean same = parent.get().childText("artifactId").equals(candidate.childText("artifactId"));
    if (same) {
      chain.add(candidate);
      parents(files, candidate, path.substring(0, path.length() - "pom.xml".length()), chain);
    }
  }

  /** Properties of the chain, the child's winning, plus the project.* ones Maven defines. */
  private static Map<String, String> properties(List<Element> chain) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      Element project = chain.get(i);
      project
          .child("properties")
          .ifPresent(p -> p.children().forEach(c -> properties.put(c.name(), c.text())));
    }
    Element pom = chain.get(0);
    pom.childText("version")
        .or(() -> pom.path("parent", "version").map(Element::text))
        .ifPresent(v -> properties.put("project.version", v));
    pom.childText("artifactId").ifPresent(v -> properties.put("project.artifactId", v));
    pom.path("parent", "version")
        .ifPresent(v -> properties.put("project.parent.version", v.text()));
    return properties;
  }

  private static Map<String, String> managedVersions(
      List<Element> chain, Map<String, String> properties) {
    Map<String, String> managed = new LinkedHashMap<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      chain
          .get(i)
          .path("dependencyManagement", "dependencies")
          .ifPresent(
              deps ->
                  deps.children("dependency")
                      .forEach(
                          d ->
                              d.childText("version")
                                  .ifPresent(
                                      v ->
                                          managed.put(
                                              d.childText("groupId").orElse("")
                                                  + ":"
                                                  + resolve(
                                                      d.childText("artifactId").orElse(""),
                                                      properties),
                                              v))));
    }
    return managed;
  }

  /** ${name} resolved through the properties, a few levels deep; unresolved references stay. */
  public static String resolve(String value, Map<String, String> properties) {
    String resolved = value;
    for (int depth = 0; depth < 10 && resolved.contains("${"); depth++) {
      Matcher m = PROPERTY.matcher(resolved);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement = properties.get(m.group(1));
        m.appendReplacement(
            out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
      }
      m.appendTail(out);
      if (out.toString().equals(resolved)) {
        break;
      }
      resolved = out.toString();
    }
    return resolved;
  }

  private static Optional<Integer> javaRelease(
      List<Element> chain, Map<String, String> properties) {
    List<String> candidates = new ArrayList<>();
    for (Element project : chain) {
      for (List<String> path :
          List.of(List.of("build", "plugins"), List.of("build", "pluginManagement", "plugins"))) {
        project
            .path(path.toArray(String[]::new))
            .ifPresent(
                plugins ->
                    plugins.children("plugin").stream()
                        .filter(
                            p ->
                                p.childText("artifactId")
                                    .orElse("")
                                    .equals("maven-compiler-plugin"))
                        .forEach(
                            p ->
                                p.child("configuration")
                                    .ifPresent(
                                        c -> {
                                          c.childText("release").ifPresent(candidates::add);
                                          c.childText("target").ifPresent(candidates::add);
                                        })));
      }
    }
    for (String property :
        List.of("maven.compiler.release", "maven.compiler.target", "maven.compiler.source")) {
      if (properties.containsKey(property)) {
        candidates.add(properties.get(property));
      }
    }
    for (String candidate : candidates) {
      String value = resolve(candidate, properties);
      Matcher m = Pattern.compile("(?:1\\.)?(\\d+)").matcher(value);
      if (m.matches()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  /**
   * A main class the pom itself names (jar manifest, shade transformer, exec plugin, a property),
   * if exactly one.
   */
  private static Optional<String> declaredMainClass(Element pom, Map<String, String> properties) {
    Set<String> declared = new LinkedHashSet<>();
    pom.child("build")
        .ifPresent(
            build ->
                build.descendants().stream()
                    .filter(e -> e.name().equals("mainClass") && e.children().isEmpty())
                    .forEach(e -> declared.add(resolve(e.text(), properties))));
    for (String property : List.of("exec.mainClass", "main.class", "mainClass")) {
      if (properties.containsKey(property)) {
        declared.add(resolve(properties.get(property), properties));
      }
    }
    declared.removeIf(c -> c.isEmpty() || c.contains("${"));
    return declared.size() == 1 ? declared.stream().findFirst() : Optional.empty();
  }

  /** The classes, interfaces and Scala objects the sources declare, fully qualified. */
  static Set<String> sourceClasses(Map<String, String> sources) {
    Set<String> found = new TreeSet<>();
    sources.forEach(
        (path, text) -> {
          String code = COMMENTS.matcher(text).replaceAll("");
          boolean java = path.endsWith(".java");
          String prefix = String.join(".", packages(code, java));
          Matcher type = (java ? JAVA_TYPE : SCALA_TYPE).matcher(code);
          while (type.find()) {
            found.add(prefix.isEmpty() ? type.group(1) : prefix + "." + type.group(1));
          }
        });
    return found;
  }

  /**
   * A source's package: Java has one statement, Scala may chain several ({@code package a; package
   * b}).
   */
  private static List<String> packages(String code, boolean java) {
    List<String> packages = new ArrayList<>();
    Matcher pkg = (java ? JAVA_PACKAGE : SCALA_PACKAGE).matcher(code);
    while (pkg.find() && (packages.isEmpty() || !java)) {
      packages.add(pkg.group(1));
    }
    return packages;
  }

  /** Classes with a main method that uses SparkSession or SparkContext, Java or Scala, sorted. */
  static List<String> mainClasses(Map<String, String> sources) {
    Set<String> found = new TreeSet<>();
    sources.forEach(
        (path, text) -> {
          String code = COMMENTS.matcher(text).replaceAll("");
          if (!USES_SPARK.matcher(code).find()) {
            return;
          }
          String file = path.substring(path.lastIndexOf('/') + 1);
          if (path.endsWith(".java") && JAVA_MAIN.matcher(code).find()) {
            Matcher pkg = JAVA_PACKAGE.matcher(code);
            String simple = file.substring(0, file.length() - ".java".length());
            found.add(pkg.find() ? pkg.group(1) + "." + simple : simple);
          } else if (path.endsWith(".scala")) {
            String object = null;
            Matcher main = SCALA_MAIN.matcher(code);
            if (main.find()) {
              Matcher objects = SCALA_OBJECT.matcher(code.substring(0, main.start()));
              while (objects.find()) {
                object = objects.group(1);
              }
            } else {
              Matcher app = SCALA_APP.matcher(code);
              object = app.find() ? app.group(1) : null;
            }
            if (object != null) {
              List<String> packages = new ArrayList<>();
              Matcher pkg = SCALA_PACKAGE.matcher(code);
              while (pkg.find()) {
                packages.add(pkg.group(1));
              }
              found.add(packages.isEmpty() ? object : String.join(".", packages) + "." + object);
            }
          }
        });
    return List.copyOf(found);
  }
}
