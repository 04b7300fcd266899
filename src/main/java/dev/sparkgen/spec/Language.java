package dev.sparkgen.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of the team's job and its tests ({@code sparkgen new --language}). sparkgen's own
 * sources (the executor feature step in src/sparkgen/) and the shared tests stay Java either way.
 */
public enum Language {
  JAVA,
  /**
   * Built with the scala-maven-plugin at the Scala version of the Spark line ({@link
   * SparkRelease#scalaVersion}).
   */
  SCALA;

  /** As given on the command line, recorded in the answers file and named in templates. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Language> of(String key) {
    return Arrays.stream(values()).filter(l -> l.key().equals(key)).findFirst();
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(Language::key).toList();
  }
}
