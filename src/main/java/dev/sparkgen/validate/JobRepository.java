package dev.sparkgen.validate;

import dev.sparkgen.spec.BoundedYaml;
import dev.sparkgen.spec.InputText;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job repository on disk, generated or adopted: its overlays ({@code k8s/overlays/<env>/}), the
 * application's name and Spark line. Both come from the answers file when there is one, else from
 * pom.xml, so a repository that never saw sparkgen can be checked too.
 */
public record JobRepository(Path root, String app, String sparkVersion, List<String> environments) {

  public static final String OVERLAYS = "k8s/overlays";

  /** Reads {@code root}; refuses (bad input) a directory that holds no overlays. */
  public static JobRepository open(Path root) {
    Path overlays = root.resolve(OVERLAYS);
    if (!Files.isDirectory(overlays)) {
      throw new InvalidInputException(
          "'"
              + root
              + "' is not a job repository: it has no "
              + OVERLAYS
              + "/ directory; run validate in (or name) the repository's top directory.");
    }
    List<String> environments;
    try (Stream<Path> dirs = Files.list(overlays)) {
      environments =
          dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
              .map(d -> d.getFileName().toString())
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (environments.isEmpty()) {
      throw new InvalidInputException(
          "'" + root + "' has no overlay: no " + OVERLAYS + "/<env>/kustomization.yaml.");
    }
    Path answers = root.resolve(".sparkgen.yaml");
    Object recorded;
    try {
      recorded = yaml(answers);
    } catch (BoundedYaml.RefusedException e) {
      throw new InvalidInputException(
          "Answers file " + answers + " is " + e.getMessage() + "; restore it from git.");
    }
    Map<String, Object> inputs = Rendered.map(Rendered.at(recorded, "inputs"));
    String pom = read(root.resolve("pom.xml"));
    String app = inputs.get("name") instanceof String s ? s : tag(pom, "artifactId");
    String spark =
        inputs.get("spark") != null
            ? String.valueOf(inputs.get("spark"))
            : tag(pom, "spark.version");
    return new JobRepository(root, app, spark, environments);
  }

  /** The Spark line, "4.2" for 4.2.0; null when unknown. */
  public String sparkLine() {
    if (sparkVersion == null) {
      return null;
    }
    Matcher m = Pattern.compile("(\\d+\\.\\d+).*").matcher(sparkVersion);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * skaffold.yaml parsed, or empty when there is none; {@link BoundedYaml.RefusedException} when it
   * is not YAML or exceeds a bound.
   */
  public Map<String, Object> skaffold() {
    return Rendered.map(yaml(root.resolve("skaffold.yaml")));
  }

  static Object yaml(Path file) {
    String text = read(file);
    return text == null ? null : BoundedYaml.load(text);
  }

  /**
   * The text of a file of the repository, null when there is none; a file that is not UTF-8 (Spark,
   * kustomize and Maven read these as UTF-8) or over {@link BoundedYaml#MAX_CHARS} bytes is bad
   * input naming it.
   */
  static String read(Path file) {
    return Files.isRegularFile(file)
        ? InputText.read(
            file,
            file.toString(),
            BoundedYaml.MAX_CHARS,
            file.getFileName().toString().equals(".sparkgen.yaml")
                ? "restore it from git."
                : "save it as UTF-8, which Spark, kustomize and Maven read.")
        : null;
  }

  /**
   * The first {@code <tag>value</tag>} after the parent block (for artifactId: the project's own,
   * after </parent> if any).
   */
  private static String tag(String pom, String tag) {
    if (pom == null) {
      return null;
    }
    String body = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
    Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">\\s*([^<\\s]+)\\s*</").matcher(body);
    return m.find() ? m.group(1) : null;
  }

  /**
   * Whether {@code env} runs in a namespace the team was given on a shared cluster ({@code cluster:
   * shared} in the answers file), rather than on a cluster it owns ({@code local}). Without an
   * answers file (an adopted repository), what sparkgen new gives an environment of that name.
   */
  public boolean onSharedCluster(String env) {
    Object answers = root == null ? null : yaml(root.resolve(".sparkgen.yaml"));
    for (Map<String, Object> answer : Rendered.list(Rendered.at(answers, "inputs.envs"))) {
      if (env.equals(answer.get("name")) && answer.get("cluster") != null) {
        return dev.sparkgen.spec.Environment.SHARED.equals(answer.get("cluster"));
      }
    }
    return dev.sparkgen.spec.Environment.SHARED.equals(
        dev.sparkgen.spec.Environment.defaultCluster(
            dev.sparkgen.spec.Tier.forEnvironmentName(env)));
  }

  /** Refuses {@code env} unless the repository has its overlay. */
  public void requireEnvironment(String env) {
    if (!environments.contains(env)) {
      throw new InvalidInputException(
          "Environment '"
              + env
              + "' has no overlay in "
              + root.resolve(OVERLAYS)
              + "; the repository's environments are "
              + environments
              + ".");
    }
  }
}
