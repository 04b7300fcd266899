package dev.sparkgen.jib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.ExternalTools.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Maven command lines skaffold's Jib builder runs in a generated repository
 * (GoogleContainerTools/skaffold pkg/skaffold/build/jib/{maven,jib}.go), with {@code jib:buildTar}
 * in place of {@code jib:dockerBuild} and a {@code tar://} base image, since there is neither a
 * Docker engine nor a registry here.
 */
public final class SkaffoldJibBuild {

  private final Path repo;
  private final List<String> jibArgs;

  /** The build of the first artifact of {@code repo}'s skaffold.yaml. */
  public SkaffoldJibBuild(Path repo) throws IOException {
    this.repo = repo;
    this.jibArgs = jibArgs(repo.resolve("skaffold.yaml"));
  }

  /** mavenArgs(): the version guard, the artifact's jib args, --non-recursive (single module). */
  List<String> mavenArgs() {
    List<String> args =
        new ArrayList<>(
            List.of("jib:_skaffold-fail-if-jib-out-of-date", "-Djib.requiredVersion=1.4.0"));
    args.addAll(jibArgs);
    args.add("--non-recursive");
    return args;
  }

  /**
   * GenerateMavenBuildArgs("dockerBuild", tag, ...) without colours: --batch-mode, mavenArgs,
   * [-DskipTests=true], prepare-package, jib:GOAL, -Dimage=TAG; here GOAL is buildTar and the base
   * image is {@code baseImage} (what skaffold's jib.fromImage would pass as -Djib.from.image).
   * Returns the image Jib wrote.
   */
  public ImageTar buildTar(Path baseImage, String image, boolean skipTests) throws Exception {
    List<String> command = new ArrayList<>(List.of("--batch-mode"));
    command.addAll(mavenArgs());
    if (skipTests) {
      command.add("-DskipTests=true");
    }
    command.addAll(
        List.of(
            "prepare-package",
            "jib:buildTar",
            "-Djib.from.image=tar://" + baseImage.toAbsolutePath(),
            "-Dimage=" + image));
    mvnw(command).assertSuccess("skaffold's Jib build line");
    return ImageTar.read(repo.resolve("target/jib-image.tar"));
  }

  Result mvnw(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("./mvnw", "-ntp"));
    command.addAll(args);
    // skaffold's default line runs the project's tests, KubernetesManifestsTest among them.
    return ExternalTools.run(
        repo, ExternalTools.GENERATED_PROJECT_ENV, command.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  static List<String> jibArgs(Path skaffoldYaml) throws IOException {
    Map<String, Object> config =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build()).loadFromString(Files.readString(skaffoldYaml));
    Map<String, Object> artifact =
        ((List<Map<String, Object>>) ((Map<String, Object>) config.get("build")).get("artifacts"))
            .get(0);
    Map<String, Object> jib = (Map<String, Object>) artifact.get("jib");
    assertThat(jib).as("the artifact is built by Jib").isNotNull();
    return (List<String>) jib.getOrDefault("args", List.of());
  }
}
