package dev.sparkgen.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials by what they are, not only by their key: the names Hadoop's connectors, Spark,
 * JDBC and the cloud SDKs give them, the shapes their values have (private keys, access key ids,
 * tokens, long random strings), passwords inside Java options, environment variables. One detector
 * for the translator of Standalone inputs (which redacts before anything is written) and for {@code
 * sparkgen validate}'s rule credentials-in-config (which reports what a repository holds).
 *
 * <p>A finding names the kind of credential and, for Java options, the {@code -D} property; it
 * never carries the value.
 */
public final class Credentials {

  private Credentials() {}

  /** What a credential is for: decides how the repository takes it instead. */
  public enum Kind {
    /** Keys of S3A, GCS, ABFS/WASB and the cloud SDKs' variables: workload identity or a Secret. */
    OBJECT_STORE,
    /** A {@code -D} property inside Java options: a JVM option reads no environment variable. */
    JAVA_OPTION,
    /** Spark's own authentication secret: Spark on Kubernetes makes one per application. */
    SPARK_AUTH,
    /** Anything else: a password, token or key the job reads. */
    OTHER
  }

  /**
   * A credential found.
   *
   * @param what what it is, for a report ("an S3A secret key"); never the value
   * @param kind how to replace it
   */
  public record Found(String what, Kind kind) {}

  /** What a redacted value, or the redacted part of one, reads. */
  public static final String REDACTED = "<redacted>";

  private static final Pattern HADOOP_PREFIX = Pattern.compile("^spark\\.hadoop\\.");

  /** Hadoop keys that hold a connector's credential (without {@code spark.hadoop.}). */
  private static final List<Map.Entry<Pattern, String>> OBJECT_STORE_KEYS =
      List.of(
          Map.entry(
              Pattern.compile(
                  "fs\\.s3a\\.(bucket\\.[^.]+\\.)?(access\\.key|secret\\.key|session\\.token)"),
              "an S3A access key, secret key or session token"),
          Map.entry(
              Pattern.compile("fs\\.s3[n]?\\.aws(AccessKeyId|SecretAccessKey)"),
              "an S3 access key"),
          Map.entry(
              Pattern.compile(
                  "(fs\\.gs|google\\.cloud)\\.auth\\.(service\\.account\\.)?(private\\.key(\\.id)?|client\\.secret|refresh\\.token)"),
              "a GCS service account key or client secret"),
          Map.entry(
              Pattern.compile(
                  "fs\\.azure\\.(account\\.key(\\..+)?|account\\.oauth2\\.(client\\.secret|refresh\\.token)(\\..+)?|sas\\..+)"),
              "an Azure storage account key, SAS token or OAuth client secret"),
          Map.entry(
              Pattern.compile("fs\\.adl\\.oauth2\\.(credential|refresh\\.token)"),
              "an ADLS OAuth credential"));

  /** Variables the cloud SDKs read credentials from. */
  private static final Set<String> CLOUD_VARIABLES =
      Set.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AZURE_CLIENT_SECRET",
          "AZURE_STORAGE_KEY",
          "AZURE_STORAGE_ACCESS_KEY",
          "AZURE_STORAGE_SAS_TOKEN",
          "AZURE_STORAGE_CONNECTION_STRING",
          "GOOGLE_API_KEY");

  /** Words that make a key or variable a credential's, matched on the name without separators. */
  private static final Pattern SECRET_WORD =
      Pattern.compile(
          "password|passwd|passphrase|secret|token|credential|accesskey|apikey|privatekey|accountkey|storagekey|connectionstring");

  /** Kubernetes Secret references of Spark: names, not values. */
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile(
          "spark\\.kubernetes\\.(driver|executor)\\.(secretKeyRef|secrets)\\..*|spark\\.kubernetes\\.kerberos\\.tokenSecret\\..*");

  /**
   * The last part of a key that makes it name something other than the value: a file, a path, a
   * class, a switch. A path to a mounted file is not a secret.
   */
  private static final Pattern REFERENCE_ENDING =
      Pattern.compile(
          "(?i).*(file|path|dir|location|keytab|provider|providers|class|classes|name|enabled|type|impl|binding|interval|timeout|itemkey|mountpath|ttl|length|algorithm|uri|url|endpoint|scope|mode)$");

  /** Spark settings whose names say credential but whose values are a choice among words. */
  private static final Set<String> NOT_SECRET = Set.of("spark.kerberos.renewal.credentials");

  private static final Pattern ENV_SETTING =
      Pattern.compile(
          "spark\\.(executorEnv|kubernetes\\.driverEnv|yarn\\.appMasterEnv|kubernetes\\.executorEnv)\\.(.+)");

  private static final Pattern JAVA_OPTIONS_SETTING =
      Pattern.compile("spark\\.(driver|executor|yarn\\.am)\\.(extra|default)JavaOptions");

  private static final Set<String> JAVA_OPTIONS_VARIABLES =
      Set.of(
          "SPARK_SUBMIT_OPTS",
          "SPARK_JAVA_OPTS",
          "SPARK_DAEMON_JAVA_OPTS",
          "SPARK_DRIVER_OPTS",
          "SPARK_EXECUTOR_OPTS",
          "HADOOP_OPTS",
          "HADOOP_CLIENT_OPTS",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "_JAVA_OPTIONS");

  /** {@code -Dname=value} in Java options, the value quoted or not. */
  private static final Pattern SYSTEM_PROPERTY =
      Pattern.compile("-D([^=\\s\"']+)=(\"[^\"]*\"|'[^']*'|[^\\s\"']*)");

  /** Value shapes, the most specific first. */
  private static final List<Map.Entry<Pattern, String>> SHAPES =
      List.of(
          Map.entry(
              Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"),
              "a PEM private key"),
          Map.entry(
              Pattern.compile(
                  "\"private_key\"\\s*:|\"type\"\\s*:\\s*\"service_account\"|\\\\\"private_key\\\\\""),
              "a Google service account key (JSON)"),
          Map.entry(Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"), "an AWS access key id"),
          Map.entry(
              Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"),
              "a GitHub token"),
          Map.entry(Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), "a Slack token"),
          Map.entry(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), "a Google API key"),
          Map.entry(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+"),
              "a JSON Web Token"),
          Map.entry(
              Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@"),
              "a password in a URL"),
          Map.entry(
              Pattern.compile(
                  "(?i)(?:^|[?&;\\s])(?:password|pwd|passwd|secret|token|sig|accountkey|sharedaccesskey|apikey|api_key|access_token|client_secret)=(?!$|[&;\\s])"),
              "a password or key in a URL or connection string"),
          Map.entry(
              Pattern.compile(
                  "(?i)^--?[a-z0-9._-]*(password|passwd|secret|token|apikey|api-key)[a-z0-9._-]*=."),
              "a password given as an option"));

  /** Where the redactable part of a URL or connection string is. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:)([^/\\s@]+)(@)");

  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)((?:^|[?&;\\s])(?:password|pwd|passwd|secret|token|sig|accountkey|sharedaccesskey|apikey|api_key|access_token|client_secret)=)([^&;\\s]+)");

  /** Words of a value that may be a random key: split where keys have no characters. */
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s,;&?=:\"'()\\[\\]{}<>@|]+");

  private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9+/_-]{32,}={0,2}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern PATH_PART = Pattern.compile("[a-z][a-z0-9_-]{2,}");

  /**
   * A credential in a Spark or Hadoop setting, by its key and by its value: a key of a connector, a
   * generic credential key whose value is not a path, class, switch or number, an environment
   * variable of the executors or driver ({@code spark.executorEnv.*}), a {@code -D} property in
   * Java options, or a value shaped like a key.
   */
  public static Optional<Found> inSetting(String key, String value) {
    Matcher env = ENV_SETTING.matcher(key);
    if (env.matches()) {
      return inVariable(env.group(2), value);
    }
    if (JAVA_OPTIONS_SETTING.matcher(key).matches()) {
      return inJavaOptions(value);
    }
    return byName(key, value).or(() -> inValue(value));
  }

  /**
   * A credential in an environment variable: the cloud SDKs' names, generic names, Java options,
   * shapes.
   */
  public static Optional<Found> inVariable(String name, String value) {
    if (JAVA_OPTIONS_VARIABLES.contains(name)) {
      return inJavaOptions(value);
    }
    if (CLOUD_VARIABLES.contains(name)) {
      return Optional.of(new Found("a cloud credential (" + name + ")", Kind.OBJECT_STORE));
    }
    if (name.equals("GOOGLE_APPLICATION_CREDENTIALS") && looksLikePath(value)) {
      return inValue(value); // the key file's path, not the key
    }
    if (SECRET_WORD.matcher(squeezed(name)).find() && !harmless(value)) {
      return Optional.of(new Found("a credential (by its name)", Kind.OTHER));
    }
    return inValue(value);
  }

  /** A {@code -D} property of Java options holding a credential, by its name or value. */
  public static Optional<Found> inJavaOptions(String options) {
    Matcher m = SYSTEM_PROPERTY.matcher(options);
    while (m.find()) {
      String name = m.group(1);
      Optional<Found> found = byName(name, unquoted(m.group(2))).or(() -> inValue(m.group(2)));
      if (found.isPresent()) {
        return Optional.of(
            new Found("-D" + name + " (" + found.get().what() + ")", Kind.JAVA_OPTION));
      }
    }
    return inValue(options).map(f -> new Found(f.what(), Kind.JAVA_OPTION));
  }

  /** A credential by the shape of the value alone. */
  public static Optional<Found> inValue(String value) {
    if (value.isEmpty() || value.contains(REDACTED)) {
      return Optional.empty();
    }
    for (Map.Entry<Pattern, String> shape : SHAPES) {
      if (shape.getKey().matcher(value).find()) {
        return Optional.of(new Found(shape.getValue(), Kind.OTHER));
      }
    }
    for (String word : WORD_SEPARATORS.split(value)) {
      if (randomKey(word)) {
        return Optional.of(
            new Found("a long random string, the shape of a key or token", Kind.OTHER));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code value} with the credential in it replaced by {@link #REDACTED}: the value of a secret
   * {@code -D} property, a URL's password or a connection string's key where that is all, the whole
   * value otherwise. Only for a value one of the {@code in*} methods found a credential in.
   */
  public static String redact(String key, String value, boolean javaOptions) {
    if (javaOptions) {
      Matcher m = SYSTEM_PROPERTY.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        boolean secret =
            byName(name, unquoted(m.group(2))).or(() -> inValue(m.group(2))).isPresent();
        m.appendReplacement(
            out, Matcher.quoteReplacement(secret ? "-D" + name + "=" + REDACTED : m.group()));
      }
      m.appendTail(out);
      String redacted = out.toString();
      return leftover(redacted) ? REDACTED : redacted;
    }
    if (byName(key, value).isEmpty()) {
      String partly =
          PARAMETER
              .matcher(URL_PASSWORD.matcher(value).replaceAll("$1" + REDACTED + "$3"))
              .replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
      if (!partly.equals(value) && !leftover(partly)) {
        return partly;
      }
    }
    return REDACTED;
  }

  /** Whether a partly redacted value still holds something shaped like a credential. */
  private static boolean leftover(String partly) {
    return inValue(partly.replace(REDACTED, "")).isPresent();
  }

  /** Whether a setting's key names Java options ({@code spark.executor.extraJavaOptions}). */
  public static boolean javaOptionsSetting(String key) {
    return JAVA_OPTIONS_SETTING.matcher(key).matches();
  }

  /** Whether a variable holds Java options ({@code SPARK_SUBMIT_OPTS}). */
  public static boolean javaOptionsVariable(String name) {
    return JAVA_OPTIONS_VARIABLES.contains(name);
  }

  /** The variable a setting gives the executors or the driver, if it gives one. */
  public static Optional<String> environmentVariable(String key) {
    Matcher env = ENV_SETTING.matcher(key);
    return env.matches() ? Optional.of(env.group(2)) : Optional.empty();
  }

  // ---- by name

  private static Optional<Found> byName(String key, String value) {
    String hadoop = HADOOP_PREFIX.matcher(key).replaceFirst("");
    for (Map.Entry<Pattern, String> store : OBJECT_STORE_KEYS) {
      if (store.getKey().matcher(hadoop).matches()) {
        return Optional.of(new Found(store.getValue(), Kind.OBJECT_STORE));
      }
    }
    if (SECRET_REFERENCE.matcher(key).matches() || NOT_SECRET.contains(key)) {
      return Optional.empty();
    }
    if (key.equals("spark.authenticate.secret")
        || key.matches("spark\\.authenticate\\.secret\\.(driver|executor)")) {
      return Optional.of(new Found("Spark's authentication secret", Kind.SPARK_AUTH));
    }
    String squeezed = squeezed(key);
    if (!SECRET_WORD.matcher(squeezed).find() && !segments(key).contains("sas")) {
      return Optional.empty();
    }
    if (REFERENCE_ENDING.matcher(key).matches() || harmless(value)) {
      return Optional.empty();
    }
    return Optional.of(new Found(kindOfName(squeezed), Kind.OTHER));
  }

  private static String kindOfName(String squeezed) {
    if (squeezed.contains("ssl")
        && (squeezed.contains("store") || squeezed.contains("keypassword"))) {
      return "an SSL key or trust store password";
    }
    if (squeezed.contains("jdbc")
        || squeezed.contains("connectionpassword")
        || squeezed.contains("javaxjdo")) {
      return "a database password";
    }
    if (squeezed.contains("password") || squeezed.contains("passwd")) {
      return "a password";
    }
    if (squeezed.contains("token")) {
      return "a token";
    }
    return "a secret or key (by its name)";
  }

  /**
   * A value that cannot be a secret whatever the key says: empty, a switch, a Java class (a
   * credentials provider), a path to a file.
   */
  private static boolean harmless(String value) {
    String v = value.strip();
    return v.isEmpty()
        || v.equalsIgnoreCase("true")
        || v.equalsIgnoreCase("false")
        // Spark's reference to an environment variable, the way to hand it one from a Secret
        || v.matches("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}")
        || v.matches(
            "([a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(\\s*,\\s*([a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*)*")
        || looksLikePath(v);
  }

  private static boolean looksLikePath(String value) {
    String v = value.strip();
    return (v.startsWith("/")
            || v.startsWith("./")
            || v.startsWith("~/")
            || v.startsWith("$HOME/")
            || v.matches("(?i)(file|local|hdfs|jceks|localjceks|s3a|gs|abfss?|wasbs?):/.*"))
        && !v.contains(" ")
        && inValue(v).isEmpty();
  }

  private static String squeezed(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[._\\-]", "");
  }

  private static List<String> segments(String key) {
    List<String> parts = new ArrayList<>();
    for (String part : key.toLowerCase(Locale.ROOT).split("[._\\-]")) {
      parts.add(part);
    }
    return parts;
  }

  private static String unquoted(String value) {
    return value.length() >= 2
            && ((value.startsWith("\"") && value.endsWith("\""))
                || (value.startsWith("'") && value.endsWith("'")))
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /**
   * A word of 32 characters or more of a key's alphabet (base64, URL-safe base64, hex) with the
   * entropy of a random one, which a path, a class or a word has not.
   */
  private static boolean randomKey(String word) {
    if (!KEY_CHARACTERS.matcher(word).matches() || word.startsWith("/")) {
      return false;
    }
    for (String part : word.split("/")) {
      if (PATH_PART.matcher(part).matches()) {
        return false; // a path's directory name, lower case and readable
      }
    }
    double entropy = entropy(word);
    if (HEX.matcher(word).matches()) {
      return word.chars().anyMatch(Character::isDigit)
          && word.chars().anyMatch(Character::isLetter)
          && entropy >= 3.0;
    }
    return word.chars().anyMatch(Character::isDigit)
        && word.chars().anyMatch(Character::isUpperCase)
        && word.chars().anyMatch(Character::isLowerCase)
        && entropy >= 4.0;
  }

  /** Shannon entropy in bits per character. */
  private static double entropy(String word) {
    Map<Integer, Integer> counts = new HashMap<>();
    word.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / word.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }
}
