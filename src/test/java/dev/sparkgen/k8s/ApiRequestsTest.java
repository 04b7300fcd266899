package dev.sparkgen.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reading of recorded requests that SparkOnKubernetesIT holds against the driver's Role. */
class ApiRequestsTest {

  static final List<Map<String, Object>> PODS =
      List.of(
          Map.of(
              "apiGroups", List.of(""),
              "resources", List.of("pods"),
              "verbs", List.of("get", "list", "watch", "create", "delete", "deletecollection")));

  @Test
  void readsEachRequestAsTheAuthorizerDoes() {
    String pods = "/api/v1/namespaces/ns/pods";
    assertThat(ApiRequests.parse("GET", pods + "/driver-x"))
        .isEqualTo(new ApiRequests.Request("get", "", "pods", "driver-x"));
    assertThat(ApiRequests.parse("GET", pods + "?labelSelector=spark-role%3Dexecutor").verb())
        .isEqualTo("list");
    assertThat(ApiRequests.parse("GET", pods + "?labelSelector=a&watch=true").verb())
        .isEqualTo("watch");
    assertThat(ApiRequests.parse("POST", pods).verb()).isEqualTo("create");
    assertThat(ApiRequests.parse("DELETE", pods + "/exec-1").verb()).isEqualTo("delete");
    assertThat(ApiRequests.parse("DELETE", pods + "?labelSelector=a").verb())
        .isEqualTo("deletecollection");
    assertThat(ApiRequests.parse("PATCH", pods + "/exec-1").verb()).isEqualTo("patch");
    assertThat(ApiRequests.parse("PUT", pods + "/exec-1/status"))
        .isEqualTo(new ApiRequests.Request("update", "", "pods/status", "exec-1"));
    assertThat(ApiRequests.parse("GET", "/apis/batch/v1/namespaces/ns/jobs/j"))
        .isEqualTo(new ApiRequests.Request("get", "batch", "jobs", "j"));
    assertThatThrownBy(() -> ApiRequests.parse("GET", "/api/v1/nodes"))
        .hasMessageContaining("not a namespaced resource request");
  }

  @Test
  void aRoleAllowsExactlyItsVerbsResourcesGroupsAndNames() {
    assertThat(ApiRequests.allowed(PODS, ApiRequests.parse("POST", "/api/v1/namespaces/n/pods")))
        .isTrue();
    assertThat(ApiRequests.allowed(PODS, ApiRequests.parse("PATCH", "/api/v1/namespaces/n/pods/p")))
        .as("a verb the rule does not list")
        .isFalse();
    assertThat(
            ApiRequests.allowed(PODS, ApiRequests.parse("POST", "/api/v1/namespaces/n/configmaps")))
        .as("a resource the rule does not list")
        .isFalse();
    assertThat(
            ApiRequests.allowed(PODS, ApiRequests.parse("GET", "/api/v1/namespaces/n/pods/p/log")))
        .as("a subresource is a resource of its own")
        .isFalse();
    assertThat(
            ApiRequests.allowed(
                PODS, ApiRequests.parse("GET", "/apis/x.io/v1/namespaces/n/pods/p")))
        .as("another API group")
        .isFalse();
    List<Map<String, Object>> named =
        List.of(
            Map.of(
                "apiGroups", List.of(""),
                "resources", List.of("podtemplates"),
                "resourceNames", List.of("sched"),
                "verbs", List.of("get", "list")));
    assertThat(
            ApiRequests.allowed(
                named, ApiRequests.parse("GET", "/api/v1/namespaces/n/podtemplates/sched")))
        .isTrue();
    assertThat(
            ApiRequests.allowed(
                named, ApiRequests.parse("GET", "/api/v1/namespaces/n/podtemplates/other")))
        .isFalse();
    assertThat(
            ApiRequests.allowed(
                named, ApiRequests.parse("GET", "/api/v1/namespaces/n/podtemplates")))
        .as("resourceNames never allow a list")
        .isFalse();
    List<Map<String, Object>> wildcard =
        List.of(
            Map.of("apiGroups", List.of("*"), "resources", List.of("*"), "verbs", List.of("*")));
    assertThat(
            ApiRequests.allowed(
                wildcard, ApiRequests.parse("PATCH", "/apis/apps/v1/namespaces/n/deployments/d")))
        .isTrue();
  }

  @Test
  void theRightsNoRequestUsedAreListed() {
    List<ApiRequests.Request> used =
        List.of(
            ApiRequests.parse("GET", "/api/v1/namespaces/n/pods/d"),
            ApiRequests.parse("POST", "/api/v1/namespaces/n/pods"));

    assertThat(ApiRequests.unused(PODS, used))
        .containsExactly("pods delete", "pods deletecollection", "pods list", "pods watch");
  }
}
