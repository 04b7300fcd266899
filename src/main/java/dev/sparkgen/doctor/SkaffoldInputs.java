package dev.sparkgen.doctor;

import dev.sparkgen.spec.BoundedYaml;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where skaffold takes what {@link SkaffoldBuild} decides on, read the way skaffold reads it: its
 * flags' environment variables ({@code SKAFFOLD_<FLAG>}, cmd/skaffold/app/cmd/cmd.go
 * setFlagsFromEnvVariables, which the command line overrides), {@code skaffold.env} in the
 * directory it runs in (loaded without overriding the environment, setEnvVariablesFromFile), the
 * global config ({@code --config}, else {@code $HOME/.skaffold/config}, config/util.go
 * ResolveConfigFile) and skaffold.yaml's {@code build} with the profile laid over it (a profile's
 * {@code build.local} replaces the whole local builder: schema/profiles.go overlayOneOfField).
 */
final class SkaffoldInputs {

  private SkaffoldInputs() {}

  /** The environment skaffold sees in {@code root}: the process's, then skaffold.env's. */
  static Map<String, String> environment(Map<String, String> process, Path root) {
    Map<String, String> environment = new HashMap<>(process);
    Path file = root.resolve("skaffold.env");
    if (!Files.isRegularFile(file)) {
      return environment;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String text = line.strip();
        if (text.startsWith("export ")) {
          text = text.substring("export ".length()).strip();
        }
        int eq = text.indexOf('=');
        if (text.startsWith("#") || eq <= 0) {
          continue;
        }
        String value = text.substring(eq + 1).strip();
        if (value.length() >= 2
            && (value.charAt(0) == '"' || value.charAt(0) == '\'')
            && value.charAt(value.length() - 1) == value.charAt(0)) {
          value = value.substring(1, value.length() - 1);
        }
        environment.putIfAbsent(text.substring(0, eq).strip(), value);
      }
    } catch (CharacterCodingException notText) {
      return environment;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return environment;
  }

  /** The global config file skaffold reads. */
  static Path globalConfig(Map<String, String> environment) {
    String flag = environment.get("SKAFFOLD_CONFIG");
    if (flag != null && !flag.isEmpty()) {
      return Path.of(flag);
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".skaffold", "config");
  }

  /**
   * The global config's tree: empty when the file is missing or empty (skaffold creates it), an
   * exception carrying one sentence when it is not YAML (skaffold stops: "getting cluster").
   */
  static Object readGlobalConfig(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Map.of();
      }
      String text = Files.readString(file);
      Object tree = text.isBlank() ? Map.of() : BoundedYaml.load(text);
      if (tree != null && !(tree instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("not a mapping");
      }
      return tree == null ? Map.of() : tree;
    } catch (IOException | RuntimeException e) {
      throw new UnreadableConfig(
          file + " is not a skaffold global config (" + e.getMessage() + ")");
    }
  }

  static final class UnreadableConfig extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableConfig(String message) {
      super(message);
    }
  }

  /** Go's strconv.ParseBool, as a flag's Set reads an environment variable; empty if invalid. */
  static Optional<Boolean> parseBool(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** skaffold.yaml's build as profile {@code profile} (null: none) makes it. */
  record Build(String image, Boolean push, String profile) {}

  static Build build(Object skaffoldYaml, String profileName) {
    Object base = Yaml.at(skaffoldYaml, "build");
    Object profile = null;
    for (Object p : Yaml.list(Yaml.at(skaffoldYaml, "profiles"))) {
      if (profileName != null && profileName.equals(Yaml.at(p, "name"))) {
        profile = p;
      }
    }
    Object profileBuild = profile == null ? null : Yaml.at(profile, "build");
    List<Object> artifacts = Yaml.list(Yaml.at(profileBuild, "artifacts"));
    if (artifacts.isEmpty()) {
      artifacts = Yaml.list(Yaml.at(base, "artifacts"));
    }
    Object image = artifacts.isEmpty() ? null : Yaml.at(artifacts.get(0), "image");
    Object local =
        profileBuild instanceof Map<?, ?> m && m.get("local") instanceof Map<?, ?>
            ? m.get("local")
            : Yaml.at(base, "local");
    Object push = Yaml.at(local, "push");
    return new Build(
        image == null ? null : String.valueOf(image),
        push instanceof Boolean b ? b : null,
        profile == null ? null : profileName);
  }
}
