package dev.sparkgen.skaffold;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What skaffold does to rendered manifests before it deploys them: it replaces the image name of
 * each built artifact with the reference it built (GoogleContainerTools/skaffold
 * pkg/skaffold/kubernetes/manifest/images.go and visitor.go, documented as "resourceSelector"):
 *
 * <ul>
 *   <li>only in objects of the allow-listed kinds ({@code TransformAllowlist}: Pod, Service,
 *       Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ...) unless the config's
 *       {@code resourceSelector} allows more; never in a ConfigMap, so never inside a pod template
 *       file or a properties file stored in one;
 *   <li>in those, at any field named {@code image} (their image paths are {@code ".*"}); an
 *       environment variable or a command-line argument is not an {@code image} field;
 *   <li>when the value's name without tag equals the artifact's image name and it has no digest (a
 *       reference pinned by digest is left as it is).
 * </ul>
 */
final class SkaffoldImageRewrite {

  /** TransformAllowlist's core kinds, as "group/Kind" ("" for the core group). */
  static final Set<String> ALLOWLIST =
      Set.of(
          "/Pod",
          "/Service",
          "apps/DaemonSet",
          "apps/Deployment",
          "apps/ReplicaSet",
          "apps/StatefulSet",
          "batch/CronJob",
          "batch/Job",
          "extensions/DaemonSet",
          "extensions/Deployment",
          "extensions/ReplicaSet");

  private SkaffoldImageRewrite() {}

  /**
   * The documents with {@code imageName} replaced by {@code builtReference} where skaffold would.
   */
  static List<Map<String, Object>> apply(
      List<Map<String, Object>> documents, String imageName, String builtReference) {
    return documents.stream().map(d -> rewrite(d, imageName, builtReference)).toList();
  }

  static Map<String, Object> rewrite(
      Map<String, Object> document, String imageName, String builtReference) {
    String apiVersion = String.valueOf(document.get("apiVersion"));
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (!ALLOWLIST.contains(group + "/" + document.get("kind"))) {
      return document;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) visit(document, imageName, builtReference);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object visit(Object node, String imageName, String built) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        if (e.getKey().equals("image") && e.getValue() instanceof String image) {
          copy.put("image", matches(image, imageName) ? built : image);
        } else {
          copy.put(e.getKey(), visit(e.getValue(), imageName, built));
        }
      }
      return copy;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(item -> visit(item, imageName, built)).toList();
    }
    return node;
  }

  /** docker.ParseReference's BaseName (name without tag) equals the artifact, and no digest. */
  static boolean matches(String image, String imageName) {
    if (image.contains("@")) {
      return false;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String baseName = colon > slash ? image.substring(0, colon) : image;
    return baseName.equals(imageName);
  }
}
