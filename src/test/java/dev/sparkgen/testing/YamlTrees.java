package dev.sparkgen.testing;

import java.util.Map;

/** Reading parsed YAML trees (maps, lists, scalars) in tests. */
public final class YamlTrees {

  private YamlTrees() {}

  /** The value at a dotted path of map keys, e.g. {@code "spec.template.spec"}; null if absent. */
  public static Object at(Object node, String path) {
    Object current = node;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }
}
