package dev.sparkgen.validate;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The keys of a properties file in order, with the line each starts on (java.util.Properties keeps
 * neither).
 */
final class PropertiesFile {

  record Entry(String key, int line) {}

  private PropertiesFile() {}

  static List<Entry> entries(String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      int start = i;
      StringBuilder logical = new StringBuilder(lines[i].stripLeading());
      // A line ending in an odd number of backslashes continues on the next one.
      while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(lines[++i].stripLeading());
      }
      String line = logical.toString();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      // Let java.util.Properties decide where the key ends and unescape it.
      Properties one = new Properties();
      try {
        one.load(new StringReader(line));
      } catch (IOException | IllegalArgumentException e) {
        continue;
      }
      one.stringPropertyNames().forEach(key -> entries.add(new Entry(key, start + 1)));
    }
    return entries;
  }

  private static boolean endsWithOddBackslashes(CharSequence s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }
}
