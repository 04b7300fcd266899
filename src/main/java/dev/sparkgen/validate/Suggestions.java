package dev.sparkgen.validate;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean": the closest of some names to a mistyped one, when it is close enough to be a
 * typo.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate nearest to {@code typed} by edit distance (ignoring case first), if within {@code
   * allowed} edits; the first such candidate wins a tie.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates, int allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = candidate.equalsIgnoreCase(typed) ? 0 : distance(candidate, typed, allowed);
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Levenshtein distance, or {@code limit + 1} as soon as the lengths alone exceed {@code limit}.
   */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
