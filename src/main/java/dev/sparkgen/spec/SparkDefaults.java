package dev.sparkgen.spec;

import dev.sparkgen.spec.StandaloneSetting.Form;
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
    for (PropertiesText.Line line : PropertiesText.lines(text)) {
      Properties one =
          line.entry()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "Defaults file "
                              + label
                              + " line "
                              + line.number()
                              + " has a malformed \\uXXXX escape; "
                              + "Spark refuses the whole file, so write the character itself or four hexadecimal digits."));
      for (String key : one.stringPropertyNames()) {
        settings.add(
            new StandaloneSetting(
                file, line.number(), Form.PROPERTY, key, one.getProperty(key).strip()));
      }
    }
    return settings;
  }
}
