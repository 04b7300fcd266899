package dev.sparkgen.doctor;

import dev.sparkgen.spec.BoundedYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading what kubectl prints and the repository's YAML files, tolerant of what is not there. */
final class Yaml {

  private Yaml() {}

  /** One document, or null when the text is empty or not YAML. */
  static Object parse(String text) {
    try {
      return text == null || text.isBlank() ? null : BoundedYaml.load(text);
    } catch (RuntimeException notYaml) {
      return null;
    }
  }

  /** The mappings of a multi-document stream (what kubectl kustomize prints). */
  static List<Map<String, Object>> documents(String text) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : BoundedYaml.loadAll(text)) {
      if (document instanceof Map<?, ?>) {
        documents.add(map(document));
      }
    }
    return documents;
  }

  /** The value at a dotted path of mappings, or null. */
  static Object at(Object tree, String path) {
    Object node = tree;
    for (String key : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(key);
    }
    return node;
  }

  static Map<String, Object> map(Object node) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> map.put(String.valueOf(k), v));
    }
    return map;
  }

  static List<Object> list(Object node) {
    return node instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
  }

  /** The strings of a list (numbers as their text), skipping anything else. */
  static List<String> strings(Object node) {
    return list(node).stream()
        .filter(o -> o instanceof String || o instanceof Number)
        .map(String::valueOf)
        .toList();
  }
}
