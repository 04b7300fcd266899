package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which namespace an overlay deploys to, as the rules see it. */
class EnvironmentTest {

  static Environment of(String rendered) {
    return new Environment("dev", "k8s/overlays/dev", Rendered.parse(rendered), Rendered.parse(""));
  }

  @Test
  void theDriverJobsNamespaceWinsOverAnEarlierObjectsInAnother() {
    Environment env =
        of(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: dashboards, namespace: monitoring}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: job-driver}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: job-driver, namespace: job-dev}
            """);

    assertThat(env.namespace()).isEqualTo("job-dev");
  }

  @Test
  void aCronJobCountsAsTheDriver() {
    assertThat(
            of("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: a, namespace: other}
                    ---
                    apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: job-driver, namespace: job-prod}
                    """)
                .namespace())
        .isEqualTo("job-prod");
  }

  @Test
  void withoutADriverTheFirstObjectThatNamesANamespace() {
    assertThat(
            of("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: a}
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: b, namespace: first}
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: c, namespace: second}
                    """)
                .namespace())
        .isEqualTo("first");
    assertThat(of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n").namespace()).isNull();
  }
}
