package dev.sparkgen.validate;

import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The rules a tenant holds in its namespace, and RBAC's answer to "may it?": the built-in {@code
 * edit} and {@code admin} roles (kept as data, {@code sparkgen/validate/tenant-roles.yaml}), or a
 * platform team's own ClusterRole or Role read from a file.
 *
 * @param description how findings name it, e.g. "the built-in edit ClusterRole"
 */
public record TenantRole(String description, List<PolicyRule> rules) {

  static final String BUILT_IN_ROLES = "sparkgen/validate/tenant-roles.yaml";

  /** A role file larger than this is not a role: refused before it is parsed. */
  static final int MAX_FILE_BYTES = 256 * 1024;

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  /**
   * One rule of a Role: an empty {@code resourceNames} means every object. Non-resource URLs are
   * not kept (no namespaced object needs them).
   */
  public record PolicyRule(
      List<String> apiGroups, List<String> resources, List<String> verbs, List<String> names) {

    public PolicyRule {
      apiGroups = List.copyOf(apiGroups);
      resources = List.copyOf(resources);
      verbs = List.copyOf(verbs);
      names = List.copyOf(names);
    }

    /**
     * Whether this rule grants one right, as RBAC's authorizer matches a request: {@code *} for
     * groups, resources and verbs, {@code *}/subresource, and resourceNames (which never match
     * create: a create request carries no name). {@code name} is null for a right on every object.
     * The same test is RBAC's escalation check for one broken-down rule of a Role being created:
     * there a {@code *} of the Role is matched only by the applier's own {@code *}.
     */
    boolean allows(String group, String resource, String verb, String name) {
      return (apiGroups.contains("*") || apiGroups.contains(group))
          && (verbs.contains("*") || verbs.contains(verb))
          && coversResource(resource)
          && (names.isEmpty() || (name != null && names.contains(name)));
    }

    private boolean coversResource(String resource) {
      if (resources.contains("*") || resources.contains(resource)) {
        return true;
      }
      int slash = resource.indexOf('/');
      return slash >= 0 && resources.contains("*" + resource.substring(slash));
    }
  }

  /** One right RBAC checks: a verb on a resource of a group, for one name or every name. */
  public record Right(String group, String resource, String verb, String name) {}

  public boolean allows(String group, String resource, String verb, String name) {
    return rules.stream().anyMatch(r -> r.allows(group, resource, verb, name));
  }

  /**
   * The rights of {@code rule} (broken down as RBAC does, one group, resource, verb and name each)
   * that this role does not hold: a Role granting any of them is refused to whoever holds only this
   * role, and so is a RoleBinding to it (unless the role may {@code bind} it).
   */
  public List<Right> notCovered(PolicyRule rule) {
    List<Right> missing = new ArrayList<>();
    List<String> names =
        rule.names().isEmpty() ? java.util.Collections.singletonList(null) : rule.names();
    for (String group : rule.apiGroups()) {
      for (String resource : rule.resources()) {
        for (String verb : rule.verbs()) {
          for (String name : names) {
            if (rules.stream().noneMatch(r -> r.allows(group, resource, verb, name))) {
              missing.add(new Right(group, resource, verb, name));
            }
          }
        }
      }
    }
    return missing;
  }

  // ---- the built-in roles

  private static final Map<String, TenantRole> BUILT_IN = loadBuiltIn();

  /** view, edit or admin, aggregated as a cluster serves them. */
  public static TenantRole builtIn(String name) {
    TenantRole role = BUILT_IN.get(name);
    if (role == null) {
      throw new IllegalArgumentException("no built-in role " + name);
    }
    return role;
  }

  public static boolean isBuiltIn(String name) {
    return BUILT_IN.containsKey(name);
  }

  private static Map<String, TenantRole> loadBuiltIn() {
    Map<String, Object> data;
    try (InputStream in = TenantRole.class.getClassLoader().getResourceAsStream(BUILT_IN_ROLES)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN_ROLES + " is missing from the jar");
      }
      data =
          Rendered.map(
              new Load(LoadSettings.builder().build())
                  .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, TenantRole> roles = new LinkedHashMap<>();
    for (String name : data.keySet()) {
      roles.put(
          name, new TenantRole("the built-in " + name + " ClusterRole", aggregated(data, name, 0)));
    }
    return Map.copyOf(roles);
  }

  private static List<PolicyRule> aggregated(Map<String, Object> data, String name, int depth) {
    if (depth > data.size()) {
      throw new IllegalStateException(BUILT_IN_ROLES + ": roles include each other: " + name);
    }
    Map<String, Object> role = Rendered.map(data.get(name));
    List<PolicyRule> rules = new ArrayList<>();
    for (String included : Rendered.strings(role.get("includes"))) {
      rules.addAll(aggregated(data, included, depth + 1));
    }
    for (Map<String, Object> rule : Rendered.list(role.get("rules"))) {
      rules.add(
          new PolicyRule(
              Rendered.strings(rule.get("apiGroups")),
              Rendered.strings(rule.get("resources")),
              Rendered.strings(rule.get("verbs")),
              Rendered.strings(rule.get("resourceNames"))));
    }
    return rules;
  }

  // ---- a platform team's own role

  /**
   * Reads a ClusterRole or Role (one YAML document, as {@code kubectl get clusterrole NAME -o yaml}
   * prints it) from {@code file}, given as {@code option}; anything else is bad input, one sentence
   * saying what is accepted.
   */
  public static TenantRole read(String option, Path file) {
    String shown = option + " '" + file + "'";
    String text;
    try {
      if (!Files.isRegularFile(file)) {
        throw bad(shown + " is not a file; give a ClusterRole or Role YAML file.");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw bad(
            shown
                + " is "
                + Files.size(file)
                + " bytes; a role file is at most "
                + MAX_FILE_BYTES
                + " bytes (one ClusterRole or Role).");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad(shown + " cannot be read (" + e.getMessage() + "); give a readable YAML file.");
    }
    List<Object> documents = new ArrayList<>();
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setLabel(file.toString())
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(20)
              .setCodePointLimit(MAX_FILE_BYTES)
              .build();
      new Load(settings)
          .loadAllFromString(text)
          .forEach(
              d -> {
                if (d != null) {
                  documents.add(d);
                }
              });
    } catch (YamlEngineException e) {
      throw bad(
          shown
              + " is not valid YAML ("
              + e.getMessage().lines().findFirst().orElse("").strip()
              + "); give one ClusterRole or Role.");
    }
    if (documents.size() == 1 && !(documents.get(0) instanceof Map<?, ?>)) {
      throw bad(shown + " is not a YAML mapping; give one ClusterRole or Role.");
    }
    if (documents.size() != 1) {
      throw bad(
          shown
              + " holds "
              + documents.size()
              + " YAML documents; give exactly one ClusterRole or Role.");
    }
    Map<String, Object> role = Rendered.map(documents.get(0));
    Object kind = role.get("kind");
    String apiVersion = String.valueOf(role.get("apiVersion"));
    if (!("ClusterRole".equals(kind) || "Role".equals(kind))
        || !apiVersion.startsWith(RBAC_GROUP + "/")) {
      throw bad(
          shown
              + " is a "
              + kind
              + " of "
              + apiVersion
              + ", not a ClusterRole or Role of "
              + RBAC_GROUP
              + "/v1.");
    }
    String name = String.valueOf(Rendered.map(role.get("metadata")).get("name"));
    if (!(role.get("rules") instanceof List<?> list) || list.isEmpty()) {
      throw bad(
          shown
              + " has no rules"
              + (role.get("aggregationRule") != null
                  ? " (an aggregated ClusterRole: give the rules the cluster serves, `kubectl get clusterrole "
                      + name
                      + " -o yaml`)."
                  : "; a role with no rules allows nothing."));
    }
    List<PolicyRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = shown + " rules[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?>)) {
        throw bad(at + " is not a mapping; each rule has apiGroups, resources and verbs.");
      }
      Map<String, Object> rule = Rendered.map(list.get(i));
      if (rule.get("nonResourceURLs") != null && rule.get("resources") == null) {
        continue; // a URL such as /healthz: no object of a namespace is one
      }
      rules.add(
          new PolicyRule(
              strings(at, rule, "apiGroups", true),
              strings(at, rule, "resources", true),
              strings(at, rule, "verbs", true),
              strings(at, rule, "resourceNames", false)));
    }
    return new TenantRole(kind + " " + name + " of " + file, rules);
  }

  private static List<String> strings(
      String at, Map<String, Object> rule, String field, boolean required) {
    Object value = rule.get(field);
    if (value == null && !required) {
      return List.of();
    }
    if (!(value instanceof List<?> list)
        || (required && list.isEmpty())
        || !list.stream().allMatch(String.class::isInstance)) {
      throw bad(
          at
              + " has "
              + (value == null ? "no " + field : field + " " + value)
              + "; "
              + field
              + " must be a list of strings"
              + (required ? ", not empty." : "."));
    }
    Set<String> distinct = new LinkedHashSet<>();
    list.forEach(s -> distinct.add((String) s));
    return List.copyOf(distinct);
  }

  private static InvalidInputException bad(String sentence) {
    return new InvalidInputException(sentence);
  }
}
