package dev.sparkgen.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Spark configuration keys a Spark line knows: every key of Spark's own ConfigEntry table,
 * extracted from its jars into {@code sparkgen/validate/spark-properties/<line>.txt}
 * (src/dev/spark-config-keys.sh), plus the free-form families in {@code prefixes.txt} (labels,
 * annotations, metrics, Hadoop settings...), whose keys no table lists.
 */
public final class SparkKeys {

  private static final String DIRECTORY = "sparkgen/validate/spark-properties/";

  private final String line;
  private final Set<String> keys;
  private final List<String> prefixes;

  private SparkKeys(String line, Set<String> keys, List<String> prefixes) {
    this.line = line;
    this.keys = keys;
    this.prefixes = prefixes;
  }

  /**
   * The keys of a Spark line ("4.2"), if this generator ships them. Read anew on each call, a few
   * milliseconds: a validation reads each line once, and a JVM-wide cache would hide a mutant of
   * the reading from every later test in a mutation run's JVM.
   */
  public static Optional<SparkKeys> forLine(String line) {
    List<String> keys = lines(DIRECTORY + line + ".txt");
    if (keys == null) {
      return Optional.empty();
    }
    List<String> prefixes = lines(DIRECTORY + "prefixes.txt");
    return Optional.of(
        new SparkKeys(line, new TreeSet<>(keys), prefixes == null ? List.of() : prefixes));
  }

  /**
   * Whether another supported Spark line knows the key: the base is shared by every line and may
   * set a key that only newer Sparks read (spark.kubernetes.executor.terminationGracePeriodSeconds,
   * 4.1+), which older ones ignore by design. Such a key is deliberate, not a typo.
   */
  public static boolean knownToAnyLine(String key, List<SparkKeys> lines) {
    return lines.stream().anyMatch(k -> k.keys.contains(key));
  }

  public String line() {
    return line;
  }

  /** Whether Spark reads this key: a key of its table, or one of a free-form family. */
  public boolean known(String key) {
    // Keys outside spark.* belong to someone else (a library's own settings): not ours to judge.
    return keys.contains(key)
        || !key.startsWith("spark.")
        || prefixes.stream().anyMatch(p -> p.endsWith(".") ? key.startsWith(p) : key.equals(p));
  }

  /**
   * The known key closest to a misspelt one, if it is close enough to be a typo: at most two edits,
   * or the same words in another case (spark.executor.memoryoverhead).
   */
  public Optional<String> suggestion(String key) {
    return Suggestions.closest(key, keys, key.length() < 16 ? 1 : 2);
  }

  private static List<String> lines(String resource) {
    InputStream in = SparkKeys.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      return null;
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        if (!l.isBlank() && !l.startsWith("#")) {
          lines.add(l.strip());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
