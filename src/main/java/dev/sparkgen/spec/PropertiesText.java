package dev.sparkgen.spec;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A properties file line by line, as {@link Properties#load(java.io.Reader)} reads it (a line
 * ending in an odd number of backslashes continues; {@code #} and {@code !} comments), keeping what
 * Properties does not: the line each entry starts on. Spark's spark-defaults.conf and
 * spark-submit's --properties-file are this format.
 */
public final class PropertiesText {

  /**
   * One logical line: the physical line it starts on (1-based) and the entry Properties reads from
   * it, empty when it holds a malformed {@code \\uXXXX} escape (Properties refuses the file).
   */
  public record Line(int number, Optional<Properties> entry) {}

  private PropertiesText() {}

  /** The logical lines of {@code text} that are neither blank nor comments, in order. */
  public static List<Line> lines(String text) {
    List<Line> lines = new ArrayList<>();
    String[] physical = text.split("\r?\n|\r", -1);
    for (int i = 0; i < physical.length; i++) {
      int start = i + 1;
      StringBuilder logical = new StringBuilder(physical[i].stripLeading());
      while (endsWithOddBackslashes(logical) && i + 1 < physical.length) {
        logical.setLength(logical.length() - 1);
        logical.append(physical[++i].stripLeading());
      }
      String line = logical.toString();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      // Properties decides where the key ends and unescapes both sides.
      Properties one = new Properties();
      try {
        one.load(new StringReader(line));
        lines.add(new Line(start, Optional.of(one)));
      } catch (IOException | IllegalArgumentException e) {
        lines.add(new Line(start, Optional.empty()));
      }
    }
    return lines;
  }

  private static boolean endsWithOddBackslashes(CharSequence s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }
}
