package dev.sparkgen.validate;

import dev.sparkgen.spec.PropertiesText;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a properties file in order, with the line each starts on (java.util.Properties keeps
 * neither).
 */
final class PropertiesFile {

  record Entry(String key, int line) {}

  private PropertiesFile() {}

  static List<Entry> entries(String text) {
    List<Entry> entries = new ArrayList<>();
    for (PropertiesText.Line line : PropertiesText.lines(text)) {
      // A line Properties refuses has no key to list.
      line.entry()
          .ifPresent(
              one ->
                  one.stringPropertyNames()
                      .forEach(key -> entries.add(new Entry(key, line.number()))));
    }
    return entries;
  }
}
