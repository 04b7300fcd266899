package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link Rules#check}, how the generator's own tests hold the base and the templates to validate's
 * rules: those tests only ever expect no finding, so here a rendering that breaks a rule gets its
 * finding, whole.
 */
class RulesCheckTest {

  @Test
  void aRenderingThatBreaksTheRuleGetsItsFinding() {
    Rendered rendered =
        Rendered.parse(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: spark-pi-demo-driver
            rules: []
            """);

    assertThat(Rules.check("namespaced-only", new Environment("test", "rendered", rendered, null)))
        .containsExactly(
            new Finding(
                "namespaced-only",
                "test",
                "rendered/kustomization.yaml",
                "ClusterRole/spark-pi-demo-driver",
                "ClusterRole is cluster-scoped (or unknown to a job repository): an application team may not create it on a shared cluster.",
                "remove it, or ask the platform team to provide it; use namespaced objects (Role, RoleBinding) only."));
  }

  @Test
  void aRepositoryRuleOrAnUnknownOneIsRefused() {
    Environment empty = new Environment("test", "rendered", Rendered.parse(""), null);

    assertThatThrownBy(() -> Rules.check("skaffold-overlays", empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no environment rule skaffold-overlays");
    assertThatThrownBy(() -> Rules.check("no-such-rule", empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no environment rule no-such-rule");
  }
}
