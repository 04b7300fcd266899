package dev.sparkgen.doctor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code skaffold dev} and {@code skaffold run} do with the image for one kube-context:
 * whether the cluster is local, whether the image is pushed or loaded, and the name it gets. A port
 * of skaffold's own rules, so that doctor predicts what skaffold does instead of guessing from the
 * environment's name. Read from GoogleContainerTools/skaffold at v2.15.0 (commit
 * bffbfe0d97299ca2c843a0b45ddd51b0e8f6c28b; the same code at v2.24.0, 359a940c1b):
 *
 * <ul>
 *   <li>{@code pkg/skaffold/config/util.go}: {@code getConfigForKubeContextWithGlobalDefaults} (the
 *       global config's {@code kubeContexts} entry whose {@code kube-context} matches, the last one
 *       winning, its unset fields taken from {@code global}), {@code GetCluster} (local and
 *       push/load), {@code IsKindCluster}, {@code KindClusterName}, {@code IsK3dCluster}, {@code
 *       K3dClusterName}, {@code discoverLocalRegistry}, {@code GetDefaultRepo};
 *   <li>{@code pkg/skaffold/util/regex.go}: {@code RegexEqual} (a context pattern);
 *   <li>{@code pkg/skaffold/constants/constants.go}: the contexts local by name;
 *   <li>{@code pkg/skaffold/cluster/minikube.go}: {@code IsMinikube};
 *   <li>{@code pkg/skaffold/build/local/types.go} {@code NewBuilder} and {@code
 *       pkg/skaffold/runner/new.go} {@code isImageLocal}: {@code build.local.push} over the
 *       cluster's choice, and only an image not pushed is loaded;
 *   <li>{@code pkg/skaffold/kubernetes/loader/load.go}: {@code kind load docker-image --name} and
 *       {@code k3d image import --cluster}, named after the kubeconfig's cluster;
 *   <li>{@code pkg/skaffold/docker/client.go} {@code newAPIClient}: a minikube cluster builds with
 *       minikube's Docker daemon;
 *   <li>{@code pkg/skaffold/docker/default_repo.go}: {@code SubstituteDefaultRepoIntoImage}.
 * </ul>
 */
final class SkaffoldBuild {

  private SkaffoldBuild() {}

  /**
   * constants.DefaultMinikubeContext, DefaultDockerForDesktopContext, DefaultDockerDesktopContext.
   */
  static final List<String> LOCAL_BY_NAME =
      List.of("minikube", "docker-for-desktop", "docker-desktop");

  /**
   * The global config's settings for one kube-context (its {@code ContextConfig}), null where
   * unset.
   */
  record ContextConfig(
      String defaultRepo,
      Boolean multiLevelRepo,
      Boolean localCluster,
      Boolean kindDisableLoad,
      Boolean k3dDisableLoad) {

    static final ContextConfig NONE = new ContextConfig(null, null, null, null, null);

    static ContextConfig of(Object node) {
      Map<String, Object> m = Yaml.map(node);
      return new ContextConfig(
          m.get("default-repo") instanceof String s && !s.isEmpty() ? s : null,
          m.get("multi-level-repo") instanceof Boolean b ? b : null,
          m.get("local-cluster") instanceof Boolean b ? b : null,
          m.get("kind-disable-load") instanceof Boolean b ? b : null,
          m.get("k3d-disable-load") instanceof Boolean b ? b : null);
    }

    /** mergo.Merge(&context, global): the context's own values, the global ones where unset. */
    ContextConfig orElse(ContextConfig global) {
      return new ContextConfig(
          defaultRepo != null ? defaultRepo : global.defaultRepo,
          multiLevelRepo != null ? multiLevelRepo : global.multiLevelRepo,
          localCluster != null ? localCluster : global.localCluster,
          kindDisableLoad != null ? kindDisableLoad : global.kindDisableLoad,
          k3dDisableLoad != null ? k3dDisableLoad : global.k3dDisableLoad);
    }
  }

  /**
   * getConfigForKubeContextWithGlobalDefaults: every entry of the file's context list whose
   * kube-context pattern matches overwrites the one before, then the global entry fills what it
   * left unset.
   */
  static ContextConfig forContext(Object globalConfig, String kubeContext) {
    ContextConfig global = ContextConfig.of(Yaml.at(globalConfig, "global"));
    if (kubeContext == null || kubeContext.isEmpty()) {
      return global;
    }
    ContextConfig merged = ContextConfig.NONE;
    for (Object entry : Yaml.list(Yaml.at(globalConfig, "kubeContexts"))) {
      if (Yaml.at(entry, "kube-context") instanceof String pattern
          && regexEqual(pattern, kubeContext)) {
        merged = ContextConfig.of(entry);
      }
    }
    return merged.orElse(global);
  }

  /** util.RegexEqual: equal, or the pattern found in the name; a leading "!" negates. */
  static boolean regexEqual(String expected, String actual) {
    if (expected.startsWith("!")) {
      return !regexMatch(expected.substring(1), actual);
    }
    return regexMatch(expected, actual);
  }

  private static boolean regexMatch(String expected, String actual) {
    if (actual.equals(expected)) {
      return true;
    }
    try {
      return Pattern.compile(expected).matcher(actual).find();
    } catch (PatternSyntaxException notARegex) {
      return false;
    }
  }

  /** IsKindCluster: kind 0.6 and newer name the context kind-NAME, older ones NAME@kind. */
  static boolean isKind(String kubeContext) {
    return kubeContext.endsWith("@kind") || kubeContext.startsWith("kind-");
  }

  static boolean isK3d(String kubeContext) {
    return kubeContext.startsWith("k3d-");
  }

  /** KindClusterName, applied to the kubeconfig's cluster of the context. */
  static String kindClusterName(String cluster) {
    if (cluster.endsWith("@kind")) {
      return cluster.substring(0, cluster.length() - "@kind".length());
    }
    return cluster.startsWith("kind-") ? cluster.substring("kind-".length()) : cluster;
  }

  static String k3dClusterName(String cluster) {
    return cluster.startsWith("k3d-") ? cluster.substring("k3d-".length()) : cluster;
  }

  /** How the image reaches the cluster. */
  enum Delivery {
    PUSH,
    KIND_LOAD,
    K3D_IMPORT,
    /** Built into minikube's Docker daemon (minikube docker-env), where its node finds it. */
    MINIKUBE_DAEMON,
    /** Built into the local Docker daemon and left there: the cluster must run on it. */
    LOCAL_DAEMON
  }

  /**
   * What skaffold knows when it decides. {@code defaultRepoFlag}: {@code --default-repo} or {@code
   * SKAFFOLD_DEFAULT_REPO}, null when neither is given (an empty value is given, and means none).
   * {@code localRegistry}: the host of ConfigMap kube-public/local-registry-hosting, asked only
   * when needed. {@code minikube}: IsMinikube of the context (minikube on PATH, and the context
   * named minikube or its certificate under the minikube home or its server a minikube node).
   */
  record Inputs(
      String kubeContext,
      String kubeCluster,
      ContextConfig config,
      String defaultRepoFlag,
      String defaultRepoFlagSource,
      String minikubeProfile,
      boolean detectMinikube,
      Boolean profilePush,
      String profileName,
      String image,
      Predicate<String> minikube,
      Supplier<Optional<String>> localRegistry) {}

  /** skaffold's choice, with the reasons doctor prints. */
  record Decision(
      boolean local,
      String whyLocal,
      boolean push,
      String whyPush,
      Delivery delivery,
      String loadInto,
      String image,
      String defaultRepo,
      String defaultRepoFrom) {}

  static Decision decide(Inputs in) {
    String context = in.kubeContext();
    boolean kind = isKind(context);
    boolean k3d = isK3d(context);
    ContextConfig cfg = in.config();
    // GetCluster's switch, in its order
    boolean local;
    String whyLocal;
    if (in.minikubeProfile() != null && !in.minikubeProfile().isEmpty()) {
      local = true;
      whyLocal = "SKAFFOLD_MINIKUBE_PROFILE is set";
    } else if (cfg.localCluster() != null) {
      local = cfg.localCluster();
      whyLocal = "local-cluster: " + local + " in skaffold's global config";
    } else if (LOCAL_BY_NAME.contains(context) || kind || k3d) {
      local = true;
      whyLocal = kind ? "a kind context" : k3d ? "a k3d context" : "a context local by its name";
    } else if (in.detectMinikube() && in.minikube().test(context)) {
      local = true;
      whyLocal = "a minikube cluster";
    } else {
      local = false;
      whyLocal =
          "not minikube, docker-desktop, kind-*, k3d-* nor a minikube cluster, no local-cluster in"
              + " skaffold's global config";
    }
    String defaultRepo = in.defaultRepoFlag();
    String defaultRepoFrom = defaultRepo == null ? null : in.defaultRepoFlagSource();
    if (local && defaultRepo == null) {
      Optional<String> registry = in.localRegistry().get();
      if (registry.isPresent()) {
        // the cluster advertises its registry: push there, load nothing
        return finish(
            in,
            true,
            whyLocal,
            push(in, true, "the cluster's local-registry-hosting ConfigMap names a registry"),
            Delivery.PUSH,
            registry.get(),
            "ConfigMap kube-public/local-registry-hosting");
      }
    }
    boolean kindDisableLoad = Boolean.TRUE.equals(cfg.kindDisableLoad());
    boolean k3dDisableLoad = Boolean.TRUE.equals(cfg.k3dDisableLoad());
    boolean loadImages = local && ((kind && !kindDisableLoad) || (k3d && !k3dDisableLoad));
    boolean pushImages = !local || (kind && kindDisableLoad) || (k3d && k3dDisableLoad);
    String whyPush =
        !local
            ? "a cluster that is not local pulls from a registry"
            : pushImages
                ? (kind ? "kind" : "k3d") + "-disable-load: true in skaffold's global config"
                : "a local cluster";
    Push push = push(in, pushImages, whyPush);
    Delivery delivery;
    if (push.push()) {
      delivery = Delivery.PUSH;
    } else if (loadImages) {
      delivery = kind ? Delivery.KIND_LOAD : Delivery.K3D_IMPORT;
    } else if ((in.minikubeProfile() != null && !in.minikubeProfile().isEmpty())
        || in.minikube().test(context)) {
      delivery = Delivery.MINIKUBE_DAEMON;
    } else {
      delivery = Delivery.LOCAL_DAEMON;
    }
    if (defaultRepo == null && cfg.defaultRepo() != null) {
      defaultRepo = cfg.defaultRepo();
      defaultRepoFrom = "skaffold's global config";
    }
    return finish(in, local, whyLocal, push, delivery, defaultRepo, defaultRepoFrom);
  }

  /** Whether the image is pushed, and why. */
  private record Push(boolean push, String why) {}

  /** build.local.push when the profile (or the base) sets it, else the cluster's choice. */
  private static Push push(Inputs in, boolean cluster, String why) {
    if (in.profilePush() != null) {
      return new Push(
          in.profilePush(),
          "build.local.push: " + in.profilePush() + " in skaffold.yaml" + profile(in));
    }
    return new Push(cluster, why);
  }

  private static String profile(Inputs in) {
    return in.profileName() == null ? "" : " (profile " + in.profileName() + ")";
  }

  private static Decision finish(
      Inputs in,
      boolean local,
      String whyLocal,
      Push push,
      Delivery delivery,
      String defaultRepo,
      String defaultRepoFrom) {
    // an image not pushed is loaded only where the cluster loads: a registry it names does not
    Delivery how =
        push.push() ? Delivery.PUSH : delivery == Delivery.PUSH ? Delivery.LOCAL_DAEMON : delivery;
    String cluster = in.kubeCluster() == null ? in.kubeContext() : in.kubeCluster();
    String loadInto =
        how == Delivery.KIND_LOAD
            ? kindClusterName(cluster)
            : how == Delivery.K3D_IMPORT
                ? k3dClusterName(cluster)
                : how == Delivery.MINIKUBE_DAEMON
                    ? (in.minikubeProfile() != null && !in.minikubeProfile().isEmpty()
                        ? in.minikubeProfile()
                        : in.kubeContext())
                    : null;
    String image =
        defaultRepo == null || defaultRepo.isEmpty()
            ? in.image()
            : substitute(defaultRepo, in.config().multiLevelRepo(), in.image());
    return new Decision(
        local,
        whyLocal,
        push.push(),
        push.why(),
        how,
        loadInto,
        image,
        defaultRepo == null || defaultRepo.isEmpty() ? null : defaultRepo,
        defaultRepo == null || defaultRepo.isEmpty() ? null : defaultRepoFrom);
  }

  /**
   * distribution/reference's DomainRegexp (a host name or a bracketed IPv6 address, an optional
   * port), as default_repo.go's prefixRegex uses it with a Google Cloud project id after it.
   */
  private static final Pattern PREFIX =
      Pattern.compile(
          "^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
              + "|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?"
              + "/[a-z][a-z0-9-]{4,28}[a-z0-9]/?");

  private static final int MAX_LENGTH = 255;

  /**
   * SubstituteDefaultRepoIntoImage for an image without tag or digest (skaffold.yaml's artifact
   * name): kept when it starts with the default repo; else, for a registry with nested repositories
   * (gcr.io, *-docker.pkg.dev, or multi-level-repo: true), the default repo and the name; else the
   * default repo and the name with every / . _ : @ made _; cut at 255 characters.
   */
  static String substitute(String defaultRepo, Boolean multiLevelRepo, String image) {
    if (image.startsWith(defaultRepo)) {
      return image;
    }
    String originalPrefix = find(PREFIX, image);
    String defaultRepoPrefix = find(PREFIX, defaultRepo);
    boolean multiLevel =
        defaultRepoPrefix.contains("gcr.io")
            || defaultRepoPrefix.contains("-docker.pkg.dev")
            || Boolean.TRUE.equals(multiLevelRepo);
    if (multiLevel) {
      if (originalPrefix.equals(defaultRepoPrefix)) {
        return defaultRepo + "/" + image.substring(originalPrefix.length());
      }
      return truncate(defaultRepo + "/" + image);
    }
    return truncate(defaultRepo + "/" + image.replaceAll("[/._:@]", "_"));
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group() : "";
  }

  private static String truncate(String image) {
    return image.length() > MAX_LENGTH ? image.substring(0, MAX_LENGTH) : image;
  }
}
