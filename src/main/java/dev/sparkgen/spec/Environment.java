package dev.sparkgen.spec;

/**
 * One deployment environment: its own Kustomize overlay, namespace and skaffold profile.
 *
 * @param tier the settings profile the templates apply: "dev" (small, static), "prod" (dynamic,
 *     history server, monitoring) or "staging" (everything in between)
 */
public record Environment(String name, String namespace, String tier) {

  static Environment of(String appName, String name) {
    return new Environment(name, KubernetesNames.namespace(appName, name), tierOf(name));
  }

  private static String tierOf(String name) {
    return switch (name) {
      case "dev", "local", "development" -> "dev";
      case "prod", "production" -> "prod";
      default -> "staging";
    };
  }
}
