package dev.sparkgen.spec;

import dev.sparkgen.spec.StandaloneSetting.Form;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a {@code spark-defaults.conf} as Spark does (Utils.getPropertiesFromFile): the format of
 * {@link Properties#load(java.io.Reader)} (key and value separated by {@code =}, {@code :} or
 * whitespace; {@code #} and {@code !} comments; a line ending in a backslash continues; escapes),
 * values trimmed. Each entry keeps the line it starts on, which Properties does not tell.
 */
public final class SparkDefaults {

  private SparkDefaults() {}

  /**
   * The entries of {@code text} in order, a key set twice included (the later wins in Spark).
   *
   * @param label the file as the user named it, for messages
   */
  public static List<StandaloneSetting> parse(String label, String text) {
    String file = label.substring(label.lastIndexOf('/') + 1);
    List<StandaloneSetting> settings = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      int start = i + 1;
      StringBuilder logical = new StringBuilder(lines[i].stripLeading());
      while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(lines[++i].stripLeading());
      }
      String line = logical.toString();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      Properties one = new Properties();
      try {
        one.load(new StringReader(line));
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidInputException(
            "Defaults file "
                + label
                + " line "
                + start
                + " has a malformed \\uXXXX escape; "
                + "Spark refuses the whole file, so write the character itself or four hexadecimal digits.");
      }
      for (String key : one.stringPropertyNames()) {
        settings.add(
            new StandaloneSetting(file, start, Form.PROPERTY, key, one.getProperty(key).strip()));
      }
    }
    return settings;
  }

  private static boolean endsWithOddBackslashes(CharSequence s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }
}
