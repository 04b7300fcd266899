package dev.sparkgen.spec;

import java.util.Map;
import java.util.Optional;

/**
 * One setting of a team's Spark Standalone submission, as written and where: an option of the
 * {@code spark-submit} line, a {@code --conf}, a line of a {@code spark-defaults.conf}, an exported
 * environment variable, the application jar or one application argument.
 *
 * <p>A credential's value is replaced by {@link #REDACTED} here, when the setting is made (found by
 * {@link Credentials}: by its name, its shape, inside Java options): it then reaches no generated
 * file, the answers file included.
 *
 * @param file the input file's name (no directory), for the report
 * @param line the line the setting starts on, from 1
 * @param name the option ({@code --executor-memory}), key ({@code spark.eventLog.dir}), variable,
 *     or for an argument its position ({@code 1})
 * @param value the value as written, {@code $VARS} unexpanded; empty for a switch
 */
public record StandaloneSetting(String file, int line, Form form, String name, String value) {

  public enum Form {
    OPTION,
    CONF,
    PROPERTY,
    VARIABLE,
    APPLICATION_JAR,
    ARGUMENT
  }

  public static final String REDACTED = Credentials.REDACTED;

  /** spark-submit's options and the Spark settings they stand for (SparkSubmitArguments). */
  static final Map<String, String> OPTION_KEYS =
      Map.ofEntries(
          Map.entry("--master", "spark.master"),
          Map.entry("--deploy-mode", "spark.submit.deployMode"),
          Map.entry("--name", "spark.app.name"),
          Map.entry("--jars", "spark.jars"),
          Map.entry("--packages", "spark.jars.packages"),
          Map.entry("--exclude-packages", "spark.jars.excludes"),
          Map.entry("--repositories", "spark.jars.repositories"),
          Map.entry("--py-files", "spark.submit.pyFiles"),
          Map.entry("--files", "spark.files"),
          Map.entry("--archives", "spark.archives"),
          Map.entry("--driver-memory", "spark.driver.memory"),
          Map.entry("--driver-java-options", "spark.driver.extraJavaOptions"),
          Map.entry("--driver-library-path", "spark.driver.extraLibraryPath"),
          Map.entry("--driver-class-path", "spark.driver.extraClassPath"),
          Map.entry("--driver-default-class-path", "spark.driver.defaultExtraClassPath"),
          Map.entry("--driver-cores", "spark.driver.cores"),
          Map.entry("--executor-memory", "spark.executor.memory"),
          Map.entry("--executor-cores", "spark.executor.cores"),
          Map.entry("--total-executor-cores", "spark.cores.max"),
          Map.entry("--num-executors", "spark.executor.instances"),
          Map.entry("--supervise", "spark.driver.supervise"),
          Map.entry("--queue", "spark.yarn.queue"),
          Map.entry("--principal", "spark.kerberos.principal"),
          Map.entry("--keytab", "spark.kerberos.keytab"));

  public StandaloneSetting {
    // Here, as the setting is made: a credential's value then reaches nothing written, the
    // answers file, MIGRATION.md and every message included. A value read back from the answers
    // file is redacted already.
    if (!value.contains(REDACTED)) {
      Optional<Credentials.Found> found = credential(form, name, value);
      if (found.isPresent()) {
        value =
            Credentials.redact(
                keyOf(form, name), value, found.get().kind() == Credentials.Kind.JAVA_OPTION);
      }
    }
  }

  /** The credential the setting holds, if any, as {@link Credentials} finds it. */
  static Optional<Credentials.Found> credential(Form form, String name, String value) {
    return switch (form) {
      case VARIABLE -> Credentials.inVariable(name, value);
      case OPTION, CONF, PROPERTY -> Credentials.inSetting(keyOf(form, name), value);
      case APPLICATION_JAR, ARGUMENT -> Credentials.inValue(value);
    };
  }

  /**
   * What the credential in this setting is, for the report; a redacted value no longer shows its
   * shape, so then what its name tells or that it had one.
   */
  public Optional<Credentials.Found> credential() {
    if (!redacted()) {
      return Optional.empty();
    }
    // What the name tells, or what is left around a partly redacted value (a URL's password).
    Optional<Credentials.Found> found = credential(form, name, value.replace(REDACTED, "x"));
    if (found.isPresent()) {
      return found;
    }
    boolean javaOptions =
        form == Form.VARIABLE
            ? Credentials.javaOptionsVariable(name)
            : Credentials.javaOptionsSetting(keyOf(form, name));
    return Optional.of(
        new Credentials.Found(
            "a value shaped like a key, token or private key",
            javaOptions ? Credentials.Kind.JAVA_OPTION : Credentials.Kind.OTHER));
  }

  private static String keyOf(Form form, String name) {
    return form == Form.OPTION ? OPTION_KEYS.getOrDefault(name, name) : name;
  }

  /** Where it was written: {@code submit.sh:12}. */
  public String where() {
    return file + ":" + line;
  }

  /**
   * The Spark setting it stands for, or its own name (options without one, variables, the jar,
   * arguments).
   */
  public String key() {
    if (form == Form.VARIABLE && name.equals("SPARK_LOCAL_DIRS")) {
      return "spark.local.dir"; // the workers' variable wins over the setting
    }
    return switch (form) {
      case OPTION -> OPTION_KEYS.getOrDefault(name, name);
      case ARGUMENT -> "argument " + name;
      default -> name;
    };
  }

  /** Whether the value held a credential, now replaced (all of it, or its secret part). */
  public boolean redacted() {
    return value.contains(REDACTED);
  }

  /** As the team wrote it, a shell word quoted where it needs quotes. */
  public String written() {
    return switch (form) {
      case OPTION -> value.isEmpty() ? name : name + " " + shellWord(value);
      case CONF -> "--conf " + shellWord(name + "=" + value);
      case PROPERTY -> name + " " + value;
      case VARIABLE -> name + "=" + shellWord(value);
      case APPLICATION_JAR, ARGUMENT -> shellWord(value);
    };
  }

  private static String shellWord(String word) {
    return word.isEmpty() || word.chars().anyMatch(c -> " \t\n'\"\\;&|<>()`".indexOf(c) >= 0)
        ? "'" + word.replace("'", "'\\''") + "'"
        : word;
  }
}
