package dev.sparkgen.spec;

import java.util.List;

/**
 * One deployment environment: its own Kustomize overlay, namespace and skaffold profile.
 *
 * @param tier what the environment runs: its executors and components (see {@link Tier})
 * @param cluster where it runs: {@link #LOCAL} (a cluster the team owns, such as kind or minikube:
 *     the repository creates the namespace, with its quota and limit range, and skaffold decides
 *     whether to push) or {@link #SHARED} (a namespace the team was given on a shared cluster: the
 *     repository creates no namespace-level object and the image is always pushed)
 */
public record Environment(String name, String namespace, Tier tier, String cluster) {

  public static final String LOCAL = "local";
  public static final String SHARED = "shared";
  public static final List<String> CLUSTERS = List.of(LOCAL, SHARED);

  /** The environment as written in {@code --envs} and the answers file: {@code NAME:CLUSTER}. */
  public String spec() {
    return name + ":" + cluster;
  }

  public boolean ownsNamespace() {
    return cluster.equals(LOCAL);
  }

  static Environment of(String appName, String name, String requestedTier, String cluster) {
    Tier tier = requestedTier != null ? Tier.of(requestedTier) : Tier.forEnvironmentName(name);
    return new Environment(
        name,
        KubernetesNames.namespace(appName, name),
        tier,
        cluster != null ? cluster : defaultCluster(tier));
  }

  /**
   * A dev environment runs on a local cluster unless told otherwise; every other on a shared one.
   */
  public static String defaultCluster(Tier tier) {
    return tier == Tier.DEV ? LOCAL : SHARED;
  }
}
