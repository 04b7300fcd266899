package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.strings;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Requests a mock API server recorded, read as Kubernetes' RBAC authorizer reads them (verb, API
 * group, resource, subresource, name), and held against the rules of a Role: what a real API server
 * would have allowed a client with exactly that Role.
 */
final class ApiRequests {

  private ApiRequests() {}

  /** One request's authorization attributes; {@code name} is empty for a collection. */
  record Request(String verb, String group, String resource, String name) {
    @Override
    public String toString() {
      return verb
          + " "
          + (group.isEmpty() ? "" : group + "/")
          + resource
          + (name.isEmpty() ? "" : " " + name);
    }
  }

  /** Every request recorded so far whose Authorization header is {@code authorization}. */
  static List<Request> takeAll(MockWebServer server, String authorization)
      throws InterruptedException {
    List<Request> requests = new ArrayList<>();
    RecordedRequest recorded;
    while ((recorded = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      if (authorization.equals(recorded.getHeader("Authorization"))) {
        requests.add(parse(recorded.getMethod(), recorded.getPath()));
      }
    }
    return requests;
  }

  /** A namespaced resource request (the only kind a Role can allow), as the authorizer sees it. */
  static Request parse(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts = List.of(path.replaceFirst("^/", "").split("/"));
    String group;
    int rest;
    if (parts.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = 3;
    } else {
      throw new IllegalArgumentException("not a resource request: " + method + " " + pathAndQuery);
    }
    if (parts.size() < rest + 3 || !parts.get(rest).equals("namespaces")) {
      throw new IllegalArgumentException(
          "not a namespaced resource request: " + method + " " + pathAndQuery);
    }
    String resource = parts.get(rest + 2);
    String name = parts.size() > rest + 3 ? parts.get(rest + 3) : "";
    if (parts.size() > rest + 4) {
      resource = resource + "/" + parts.get(rest + 4);
    }
    boolean watch =
        List.of(query.split("&")).stream()
            .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> throw new IllegalArgumentException("method " + method);
        };
    return new Request(verb, group, resource, name);
  }

  /** Whether one of {@code rules} (a Role's) allows {@code request}, as RBAC decides. */
  static boolean allowed(List<Map<String, Object>> rules, Request request) {
    return rules.stream().anyMatch(rule -> allows(rule, request));
  }

  private static boolean allows(Map<String, Object> rule, Request request) {
    List<String> names = strings(rule.get("resourceNames"));
    return matches(strings(rule.get("verbs")), request.verb())
        && matches(strings(rule.get("apiGroups")), request.group())
        && matches(strings(rule.get("resources")), request.resource())
        && (names.isEmpty() || (!request.name().isEmpty() && names.contains(request.name())));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.contains("*") || allowed.contains(value);
  }

  /** The rights ("resource verb") {@code rules} grant that none of {@code requests} used. */
  static Set<String> unused(List<Map<String, Object>> rules, List<Request> requests) {
    Set<String> unused = new TreeSet<>();
    for (Map<String, Object> rule : rules) {
      for (String resource : strings(rule.get("resources"))) {
        for (String verb : strings(rule.get("verbs"))) {
          boolean used =
              requests.stream()
                  .anyMatch(r -> r.resource().equals(resource) && r.verb().equals(verb));
          if (!used) {
            unused.add(resource + " " + verb);
          }
        }
      }
    }
    return unused;
  }
}
