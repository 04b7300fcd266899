package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.id;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;

import dev.sparkgen.validate.TenantRole.PolicyRule;
import dev.sparkgen.validate.TenantRole.Right;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant-rights rule: on a shared cluster a team holds {@code edit} (or at most {@code admin})
 * in its namespace and nothing more, so what skaffold applies on every deploy (the overlay) must be
 * creatable with the tenant role, what is applied once (shared/) with the shared role, and no Role
 * or RoleBinding may grant more than whoever applies it holds (RBAC refuses it). Environments on a
 * cluster the team owns ({@code cluster: local}) are not checked.
 *
 * @param tenant the role of whoever applies the overlay (built in: edit)
 * @param shared the role of whoever applies shared/ (built in: admin)
 */
public record TenantRights(TenantRole tenant, TenantRole shared) {

  public static final String ID = "tenant-rights";

  public static final TenantRights BUILT_IN =
      new TenantRights(TenantRole.builtIn("edit"), TenantRole.builtIn("admin"));

  /**
   * What `kubectl apply` (and skaffold's deploy and clean-up) does with every object it applies.
   */
  static final List<String> APPLY_VERBS = List.of("create", "get", "patch", "delete");

  /** Where RBAC finds a kind: its API group and resource, and whether it lives in a namespace. */
  record Kind(String group, String resource, boolean namespaced) {}

  /** The kinds a job repository renders (and a few a team may add); any other cannot be checked. */
  static final Map<String, Kind> KINDS =
      Map.ofEntries(
          Map.entry("Job", new Kind("batch", "jobs", true)),
          Map.entry("CronJob", new Kind("batch", "cronjobs", true)),
          Map.entry("ConfigMap", new Kind("", "configmaps", true)),
          Map.entry("Secret", new Kind("", "secrets", true)),
          Map.entry("Service", new Kind("", "services", true)),
          Map.entry("ServiceAccount", new Kind("", "serviceaccounts", true)),
          Map.entry("PersistentVolumeClaim", new Kind("", "persistentvolumeclaims", true)),
          Map.entry("PodTemplate", new Kind("", "podtemplates", true)),
          Map.entry("Pod", new Kind("", "pods", true)),
          Map.entry("ResourceQuota", new Kind("", "resourcequotas", true)),
          Map.entry("LimitRange", new Kind("", "limitranges", true)),
          Map.entry("NetworkPolicy", new Kind("networking.k8s.io", "networkpolicies", true)),
          Map.entry("Ingress", new Kind("networking.k8s.io", "ingresses", true)),
          // Gateway API: no built-in role grants it (components ui-httproute).
          Map.entry("HTTPRoute", new Kind("gateway.networking.k8s.io", "httproutes", true)),
          Map.entry("Role", new Kind(TenantRole.RBAC_GROUP, "roles", true)),
          Map.entry("RoleBinding", new Kind(TenantRole.RBAC_GROUP, "rolebindings", true)),
          Map.entry("Deployment", new Kind("apps", "deployments", true)),
          Map.entry("StatefulSet", new Kind("apps", "statefulsets", true)),
          Map.entry("PodDisruptionBudget", new Kind("policy", "poddisruptionbudgets", true)),
          Map.entry(
              "HorizontalPodAutoscaler", new Kind("autoscaling", "horizontalpodautoscalers", true)),
          Map.entry("Lease", new Kind("coordination.k8s.io", "leases", true)),
          Map.entry("PodMonitor", new Kind("monitoring.coreos.com", "podmonitors", true)),
          Map.entry("ServiceMonitor", new Kind("monitoring.coreos.com", "servicemonitors", true)),
          Map.entry("Namespace", new Kind("", "namespaces", false)),
          Map.entry("PersistentVolume", new Kind("", "persistentvolumes", false)),
          Map.entry("ClusterRole", new Kind(TenantRole.RBAC_GROUP, "clusterroles", false)),
          Map.entry(
              "ClusterRoleBinding", new Kind(TenantRole.RBAC_GROUP, "clusterrolebindings", false)),
          Map.entry("PriorityClass", new Kind("scheduling.k8s.io", "priorityclasses", false)),
          Map.entry("StorageClass", new Kind("storage.k8s.io", "storageclasses", false)),
          Map.entry(
              "CustomResourceDefinition",
              new Kind("apiextensions.k8s.io", "customresourcedefinitions", false)));

  /** The rule's check: every object of the overlay and of shared/, held against their appliers. */
  // Which of the environment's two renderings a document came from: identity, not content.
  @SuppressWarnings("ReferenceEquality")
  public void check(JobRepository repo, Environment env, Rule.Sink out) {
    if (!repo.onSharedCluster(env.name())) {
      return;
    }
    List<Rendered> renders =
        env.shared() == null ? List.of(env.job()) : List.of(env.job(), env.shared());
    for (Rendered rendered : renders) {
      boolean inShared = rendered == env.shared();
      TenantRole applier = inShared ? shared : tenant;
      String file = inShared ? env.overlay() + "/shared/kustomization.yaml" : env.kustomization();
      for (Map<String, Object> document : rendered.documents()) {
        String kind = String.valueOf(document.get("kind"));
        String group = group(document);
        Kind known = KINDS.get(kind);
        if (known == null || !known.group().equals(group)) {
          out.add(
              env.name(),
              file,
              id(document),
              kind
                  + " of "
                  + apiVersion(document)
                  + " is not a kind tenant-rights knows, so whether a tenant may create it cannot be checked.",
              "check it as the tenant (`kubectl auth can-i create RESOURCE -n "
                  + (env.namespace() == null ? "NAMESPACE" : env.namespace())
                  + "`) and ask the platform team if the answer is no; or remove it.");
          continue;
        }
        if (!known.namespaced()) {
          out.add(
              env.name(),
              file,
              id(document),
              "is cluster-scoped: neither edit nor admin, bound in the namespace, may create it, so a team on a shared cluster cannot apply it.",
              "ask the platform team to create it, and remove it here; if the team owns this cluster, set cluster: local for "
                  + env.name()
                  + " in .sparkgen.yaml.");
          continue;
        }
        creatable(env, file, inShared, applier, document, known, out);
        if (kind.equals("Role")) {
          grantsNoMore(env, file, applier, document, out);
        } else if (kind.equals("RoleBinding")) {
          bindsNoMore(env, renders, file, applier, document, out);
        }
      }
    }
  }

  private void creatable(
      Environment env,
      String file,
      boolean inShared,
      TenantRole applier,
      Map<String, Object> document,
      Kind kind,
      Rule.Sink out) {
    String name = name(document);
    List<String> missing =
        APPLY_VERBS.stream()
            .filter(
                verb ->
                    !applier.allows(
                        kind.group(), kind.resource(), verb, verb.equals("create") ? null : name))
            .toList();
    if (missing.isEmpty()) {
      return;
    }
    boolean sharedMay =
        APPLY_VERBS.stream()
            .allMatch(
                verb ->
                    shared.allows(
                        kind.group(), kind.resource(), verb, verb.equals("create") ? null : name));
    out.add(
        env.name(),
        file,
        id(document),
        "cannot be applied by a tenant holding "
            + applier.description()
            + ": it may not "
            + String.join(", ", missing)
            + " "
            + resource(kind.group(), kind.resource())
            + ".",
        !inShared && sharedMay
            ? "move it to "
                + env.overlay()
                + "/shared/ (applied once, apart, by whoever holds "
                + shared.description()
                + "); a team with "
                + tenant.description()
                + " cannot deploy it with skaffold."
            : "remove it, or ask the platform team to create it: "
                + (inShared
                    ? shared.description() + " does not allow it."
                    : "neither "
                        + tenant.description()
                        + " nor "
                        + shared.description()
                        + " allows it."));
  }

  /** RBAC's escalation check on a Role: each of its rights held by the applier. */
  private static void grantsNoMore(
      Environment env, String file, TenantRole applier, Map<String, Object> role, Rule.Sink out) {
    List<Right> beyond = beyond(applier, rules(role));
    if (!beyond.isEmpty()) {
      out.add(
          env.name(),
          file,
          id(role),
          "grants "
              + describe(beyond)
              + ", which "
              + applier.description()
              + " does not hold: RBAC refuses a Role that grants more than its author holds.",
          "remove "
              + (beyond.size() == 1 ? "that right" : "those rights")
              + " from the Role, or ask the platform team to apply it.");
    }
  }

  /**
   * RBAC's check on a RoleBinding: the applier holds every right of the bound role, or may {@code
   * bind} it.
   */
  private static void bindsNoMore(
      Environment env,
      List<Rendered> renders,
      String file,
      TenantRole applier,
      Map<String, Object> binding,
      Rule.Sink out) {
    Map<String, Object> ref = map(binding.get("roleRef"));
    String refKind = String.valueOf(ref.get("kind"));
    String refName = String.valueOf(ref.get("name"));
    String bindResource = refKind.equals("ClusterRole") ? "clusterroles" : "roles";
    if (applier.allows(TenantRole.RBAC_GROUP, bindResource, "bind", refName)) {
      return;
    }
    List<PolicyRule> bound;
    if (refKind.equals("ClusterRole") && TenantRole.isBuiltIn(refName)) {
      bound = TenantRole.builtIn(refName).rules();
    } else if (refKind.equals("Role")) {
      Optional<Map<String, Object>> role =
          renders.stream().flatMap(r -> r.find("Role", refName).stream()).findFirst();
      if (role.isEmpty()) {
        return; // a Role of the namespace made elsewhere: what it grants is not here to check
      }
      bound = rules(role.get());
    } else {
      out.add(
          env.name(),
          file,
          id(binding),
          "binds ClusterRole "
              + refName
              + ", whose rules validate does not know, so whether a tenant may bind it cannot be checked.",
          "bind a Role of the namespace instead, or ask the platform team to apply the binding.");
      return;
    }
    List<Right> beyond = beyond(applier, bound);
    if (!beyond.isEmpty()) {
      out.add(
          env.name(),
          file,
          id(binding),
          "binds "
              + refKind
              + " "
              + refName
              + ", which grants "
              + describe(beyond)
              + " that "
              + applier.description()
              + " does not hold: RBAC refuses a binding to more than its author holds.",
          "remove those rights from the bound role, or ask the platform team to apply the binding.");
    }
  }

  private static List<Right> beyond(TenantRole applier, List<PolicyRule> rules) {
    List<Right> beyond = new ArrayList<>();
    rules.forEach(rule -> beyond.addAll(applier.notCovered(rule)));
    return beyond;
  }

  private static List<PolicyRule> rules(Map<String, Object> role) {
    return Rendered.list(role.get("rules")).stream()
        .filter(r -> r.get("resources") != null)
        .map(
            r ->
                new PolicyRule(
                    Rendered.strings(r.get("apiGroups")),
                    Rendered.strings(r.get("resources")),
                    Rendered.strings(r.get("verbs")),
                    Rendered.strings(r.get("resourceNames"))))
        .toList();
  }

  /** "get, list on podtemplates; * on *.apps", verbs grouped by resource and name. */
  static String describe(List<Right> rights) {
    Map<String, Set<String>> verbs = new LinkedHashMap<>();
    for (Right right : rights) {
      String what =
          resource(right.group(), right.resource())
              + (right.name() == null ? "" : " named " + right.name());
      verbs.computeIfAbsent(what, w -> new LinkedHashSet<>()).add(right.verb());
    }
    List<String> parts = new ArrayList<>();
    verbs.forEach((what, v) -> parts.add(String.join(", ", v) + " on " + what));
    return String.join("; ", parts);
  }

  /** As kubectl names it: "roles.rbac.authorization.k8s.io", "podtemplates" for the core group. */
  static String resource(String group, String resource) {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  private static String apiVersion(Map<String, Object> document) {
    return String.valueOf(document.get("apiVersion"));
  }

  /** The API group of an object's apiVersion: "" for "v1", "batch" for "batch/v1". */
  static String group(Map<String, Object> document) {
    String apiVersion = apiVersion(document);
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
