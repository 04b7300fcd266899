package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant-rights rule on synthetic rendered objects: what edit and admin allow, RBAC's
 * escalation check with its wildcards, cluster-scoped and unknown kinds, and a platform team's own
 * role read from a file.
 */
class TenantRightsTest {

  @TempDir Path dir;

  static final String NS = "app-staging";

  /** staging: a shared cluster by default (no answers file); dev: a local one. */
  static final JobRepository REPO = new JobRepository(null, "app", null, List.of("staging", "dev"));

  static final String JOB =
      """
      apiVersion: batch/v1
      kind: Job
      metadata: {name: app-driver, namespace: app-staging}
      spec:
        template:
          metadata: {labels: {app: app, spark-role: driver}}
          spec: {containers: [{name: driver, image: app}]}
      """;

  static String object(String apiVersion, String kind, String name) {
    return "apiVersion: "
        + apiVersion
        + "\nkind: "
        + kind
        + "\nmetadata: {name: "
        + name
        + ", namespace: "
        + NS
        + "}\n";
  }

  static String role(String name, String rules) {
    return object("rbac.authorization.k8s.io/v1", "Role", name) + "rules:\n" + rules;
  }

  static String binding(String name, String refKind, String ref) {
    return object("rbac.authorization.k8s.io/v1", "RoleBinding", name)
        + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
        + refKind
        + ", name: "
        + ref
        + "}\nsubjects: [{kind: ServiceAccount, name: app-driver, namespace: "
        + NS
        + "}]\n";
  }

  static Rendered rendered(String... documents) {
    return Rendered.parse(String.join("---\n", documents));
  }

  static List<Finding> check(TenantRights rights, String env, Rendered job, Rendered shared) {
    List<Finding> findings = new ArrayList<>();
    rights.check(
        REPO,
        new Environment(env, "k8s/overlays/" + env, job, shared),
        (e, file, object, message, fix) ->
            findings.add(new Finding(TenantRights.ID, e, file, object, message, fix)));
    return findings;
  }

  static List<Finding> check(Rendered job, Rendered shared) {
    return check(TenantRights.BUILT_IN, "staging", job, shared);
  }

  @Test
  void whatAnOverlayDeploysEveryDayIsCreatableWithEdit() {
    Rendered job =
        rendered(
            JOB,
            object("batch/v1", "CronJob", "app-nightly"),
            object("v1", "ConfigMap", "app-spark-conf"),
            object("v1", "Secret", "app-object-store"),
            object("v1", "Service", "app-driver-svc"),
            object("v1", "ServiceAccount", "app-driver"),
            object("v1", "PersistentVolumeClaim", "app-scratch"),
            object("networking.k8s.io/v1", "NetworkPolicy", "app-driver"),
            object("policy/v1", "PodDisruptionBudget", "app-history"),
            object("apps/v1", "Deployment", "app-history"));

    assertThat(check(job, null)).isEmpty();
  }

  @Test
  void aRoleInTheOverlayIsForEditAndItsRightfulPlaceIsShared() {
    Rendered job =
        rendered(
            JOB,
            role(
                "app-driver",
                "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list, watch, create, delete]}\n"),
            binding("app-driver", "Role", "app-driver"));

    assertThat(check(job, null))
        .extracting(Finding::object, Finding::message, Finding::fix)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Role/app-driver",
                "cannot be applied by a tenant holding the built-in edit ClusterRole: it may not create, get, patch, delete roles.rbac.authorization.k8s.io.",
                "move it to k8s/overlays/staging/shared/ (applied once, apart, by whoever holds the built-in admin ClusterRole); a team with the built-in edit ClusterRole cannot deploy it with skaffold."),
            org.assertj.core.groups.Tuple.tuple(
                "RoleBinding/app-driver",
                "cannot be applied by a tenant holding the built-in edit ClusterRole: it may not create, get, patch, delete rolebindings.rbac.authorization.k8s.io.",
                "move it to k8s/overlays/staging/shared/ (applied once, apart, by whoever holds the built-in admin ClusterRole); a team with the built-in edit ClusterRole cannot deploy it with skaffold."));
  }

  @Test
  void theSameRoleInSharedIsWithinAdmin() {
    Rendered shared =
        rendered(
            role(
                "app-driver",
                "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list, watch, create, patch, delete, deletecollection]}\n"
                    + "  - {apiGroups: [\"\"], resources: [configmaps, services], verbs: [get, create, delete, deletecollection]}\n"),
            binding("app-driver", "Role", "app-driver"));

    assertThat(check(rendered(JOB), shared)).isEmpty();
  }

  @Test
  void aPodTemplateIsAllowedByNeitherEditNorAdmin() {
    Rendered job = rendered(JOB, object("v1", "PodTemplate", "app-executor-scheduling"));

    assertThat(check(job, null))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).isEqualTo("k8s/overlays/staging/kustomization.yaml");
              assertThat(f.object()).isEqualTo("PodTemplate/app-executor-scheduling");
              assertThat(f.message())
                  .isEqualTo(
                      "cannot be applied by a tenant holding the built-in edit ClusterRole: it may not create, get, patch, delete podtemplates.");
              assertThat(f.fix())
                  .isEqualTo(
                      "remove it, or ask the platform team to create it: neither the built-in edit ClusterRole nor the built-in admin ClusterRole allows it.");
            });
  }

  @Test
  void aQuotaInSharedIsBeyondAdminWhichOnlyReadsIt() {
    Rendered shared = rendered(object("v1", "ResourceQuota", "app-quota"));

    assertThat(check(rendered(JOB), shared))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).isEqualTo("k8s/overlays/staging/shared/kustomization.yaml");
              assertThat(f.message())
                  .isEqualTo(
                      "cannot be applied by a tenant holding the built-in admin ClusterRole: it may not create, patch, delete resourcequotas.");
              assertThat(f.fix())
                  .isEqualTo(
                      "remove it, or ask the platform team to create it: the built-in admin ClusterRole does not allow it.");
            });
  }

  @Test
  void aRoleGrantingWhatItsAuthorLacksIsEscalation() {
    Rendered shared =
        rendered(
            role(
                "app-driver",
                "  - {apiGroups: [\"\"], resources: [pods], verbs: [get, create]}\n"
                    + "  - apiGroups: [\"\"]\n    resources: [podtemplates]\n    resourceNames: [app-executor-scheduling]\n    verbs: [get]\n"),
            binding("app-driver", "Role", "app-driver"));

    assertThat(check(rendered(JOB), shared))
        .extracting(Finding::object, Finding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Role/app-driver",
                "grants get on podtemplates named app-executor-scheduling, which the built-in admin ClusterRole does not hold: RBAC refuses a Role that grants more than its author holds."),
            org.assertj.core.groups.Tuple.tuple(
                "RoleBinding/app-driver",
                "binds Role app-driver, which grants get on podtemplates named app-executor-scheduling that the built-in admin ClusterRole does not hold: RBAC refuses a binding to more than its author holds."));
  }

  @Test
  void aWildcardInARoleIsCoveredOnlyByTheAppliersOwnWildcard() {
    Rendered shared =
        rendered(
            role("app-driver", "  - {apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}\n"));

    assertThat(check(rendered(JOB), shared))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            "grants * on pods, which the built-in admin ClusterRole does not hold: RBAC refuses a Role that grants more than its author holds.");

    TenantRole everything =
        new TenantRole(
            "cluster-admin",
            List.of(
                new TenantRole.PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of())));
    assertThat(check(new TenantRights(everything, everything), "staging", rendered(JOB), shared))
        .isEmpty();
  }

  @Test
  void subresourceWildcardsAndResourceNamesMatchAsRbacMatchesThem() {
    TenantRole.PolicyRule scale =
        new TenantRole.PolicyRule(
            List.of("apps"), List.of("*/scale"), List.of("get", "patch"), List.of());
    assertThat(scale.allows("apps", "deployments/scale", "patch", "x")).isTrue();
    assertThat(scale.allows("apps", "deployments", "patch", "x")).isFalse();
    assertThat(scale.allows("", "deployments/scale", "patch", "x")).as("group").isFalse();

    TenantRole.PolicyRule named =
        new TenantRole.PolicyRule(
            List.of(""), List.of("configmaps"), List.of("create", "get"), List.of("app-conf"));
    assertThat(named.allows("", "configmaps", "get", "app-conf")).isTrue();
    assertThat(named.allows("", "configmaps", "get", "other")).isFalse();
    assertThat(named.allows("", "configmaps", "create", null))
        .as("a create request carries no name")
        .isFalse();
  }

  @Test
  void theBuiltInRolesAggregateAsAClusterServesThem() {
    TenantRole edit = TenantRole.builtIn("edit");
    TenantRole admin = TenantRole.builtIn("admin");
    assertThat(edit.allows("", "configmaps", "get", "x")).as("from view").isTrue();
    assertThat(edit.allows("", "secrets", "get", "x")).isTrue();
    assertThat(edit.allows("batch", "jobs", "patch", "x")).isTrue();
    assertThat(edit.allows(TenantRole.RBAC_GROUP, "roles", "create", null)).isFalse();
    assertThat(admin.allows(TenantRole.RBAC_GROUP, "roles", "create", null)).isTrue();
    assertThat(admin.allows("batch", "jobs", "patch", "x")).as("from edit").isTrue();
    assertThat(admin.allows("", "configmaps", "list", null)).as("from view, via edit").isTrue();
    assertThat(admin.allows("", "podtemplates", "get", "x")).isFalse();
    assertThat(admin.allows("", "resourcequotas", "create", null)).isFalse();
    assertThat(TenantRole.builtIn("view").allows("", "secrets", "get", "x")).isFalse();
  }

  @Test
  void aNamespaceIsRefusedToEveryTenant() {
    Rendered shared = rendered("apiVersion: v1\nkind: Namespace\nmetadata: {name: app-staging}\n");

    assertThat(check(rendered(JOB), shared))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object()).isEqualTo("Namespace/app-staging");
              assertThat(f.message()).startsWith("is cluster-scoped: neither edit nor admin");
              assertThat(f.fix())
                  .contains("ask the platform team to create it")
                  .contains("set cluster: local for staging in .sparkgen.yaml");
            });
  }

  @Test
  void anUnknownKindCannotBeChecked() {
    Rendered job =
        rendered(
            JOB,
            object("example.com/v1", "Widget", "app-widget"),
            object("extensions.example.com/v1", "Job", "app-lookalike"));

    assertThat(check(job, null))
        .extracting(Finding::object, Finding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Widget/app-widget",
                "Widget of example.com/v1 is not a kind tenant-rights knows, so whether a tenant may create it cannot be checked."),
            org.assertj.core.groups.Tuple.tuple(
                "Job/app-lookalike",
                "Job of extensions.example.com/v1 is not a kind tenant-rights knows, so whether a tenant may create it cannot be checked."));
  }

  @Test
  void aBindingToAClusterRoleIsCheckedWhenItIsBuiltIn() {
    Rendered shared =
        rendered(
            binding("app-viewers", "ClusterRole", "view"),
            binding("app-admins", "ClusterRole", "cluster-admin"));

    assertThat(check(rendered(JOB), shared))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object()).isEqualTo("RoleBinding/app-admins");
              assertThat(f.message())
                  .isEqualTo(
                      "binds ClusterRole cluster-admin, whose rules validate does not know, so whether a tenant may bind it cannot be checked.");
            });
  }

  @Test
  void aClusterTheTeamOwnsIsNotChecked() {
    Rendered job = rendered(JOB, object("v1", "PodTemplate", "app-executor-scheduling"));

    assertThat(check(TenantRights.BUILT_IN, "dev", job, null)).isEmpty();
  }

  @Test
  void theAnswersFileSaysWhichClusterAnEnvironmentRunsOn() throws Exception {
    Files.writeString(
        dir.resolve(".sparkgen.yaml"),
        "inputs:\n  envs:\n    - {name: dev, tier: dev, cluster: shared}\n"
            + "    - {name: prod, tier: prod, cluster: local}\n");
    JobRepository repo = new JobRepository(dir, "app", null, List.of("dev", "prod", "qa"));

    assertThat(repo.onSharedCluster("dev")).isTrue();
    assertThat(repo.onSharedCluster("prod")).isFalse();
    assertThat(repo.onSharedCluster("qa")).as("not in the file: by its name").isTrue();
  }

  // ---- a platform team's own role

  @Test
  void aPlatformTeamsRoleReplacesEdit() throws Exception {
    Path file = dir.resolve("tenant.yaml");
    Files.writeString(
        file,
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: tenant
        rules:
          - apiGroups: [batch]
            resources: [jobs]
            verbs: [create, get, delete]
          - apiGroups: [extensions]
            resources: [networkpolicies]
            verbs: ["*"]
          - nonResourceURLs: [/healthz]
            verbs: [get]
        """);
    TenantRole tenant = TenantRole.read("--tenant-role", file);
    Rendered job = rendered(JOB, object("networking.k8s.io/v1", "NetworkPolicy", "app-driver"));

    assertThat(check(new TenantRights(tenant, TenantRole.builtIn("admin")), "staging", job, null))
        .extracting(Finding::object, Finding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Job/app-driver",
                "cannot be applied by a tenant holding ClusterRole tenant of "
                    + file
                    + ": it may not patch jobs.batch."),
            org.assertj.core.groups.Tuple.tuple(
                "NetworkPolicy/app-driver",
                "cannot be applied by a tenant holding ClusterRole tenant of "
                    + file
                    + ": it may not create, get, patch, delete networkpolicies.networking.k8s.io."));
  }

  @Test
  void aBadRoleFileIsOneSentence() throws Exception {
    assertBad(null, "--tenant-role '" + dir.resolve("missing.yaml") + "' is not a file");
    assertBad("kind: [", "is not valid YAML");
    assertBad("just-a-host-name\n", "is not a YAML mapping; give one ClusterRole or Role.");
    assertBad("", "holds 0 YAML documents; give exactly one ClusterRole or Role.");
    assertBad(
        "apiVersion: v1\nkind: ConfigMap\n",
        "is a ConfigMap of v1, not a ClusterRole or Role of rbac.authorization.k8s.io/v1.");
    assertBad(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a}\n---\n"
            + "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: b}\n",
        "holds 2 YAML documents; give exactly one ClusterRole or Role.");
    assertBad(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: tenant}\n"
            + "aggregationRule: {clusterRoleSelectors: [{matchLabels: {a: b}}]}\n",
        "has no rules (an aggregated ClusterRole: give the rules the cluster serves, `kubectl get clusterrole tenant -o yaml`).");
    assertBad(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: t}\n"
            + "rules: [{apiGroups: [\"\"], resources: [pods], verbs: get}]\n",
        "rules[0] has verbs get; verbs must be a list of strings, not empty.");
    assertBad(
        "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
        "is not valid YAML");
    assertBad(
        "# " + "x".repeat(TenantRole.MAX_FILE_BYTES) + "\n",
        "bytes; a role file is at most " + TenantRole.MAX_FILE_BYTES + " bytes");
  }

  private void assertBad(String text, String expected) throws Exception {
    Path file = dir.resolve(text == null ? "missing.yaml" : "role.yaml");
    if (text != null) {
      Files.writeString(file, text);
    }
    assertThatThrownBy(() -> TenantRole.read("--tenant-role", file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
