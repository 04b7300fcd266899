package dev.sparkgen.plan;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team's calls to classes sparkgen once generated and no longer does, found in its sources when
 * upgrade leaves the repository without them: rewritten where the fix is mechanical, else reported
 * with the exact fix. Pure, text to text.
 *
 * <p>{@code ExecutorImage.sameAsDriver(conf)} gave the executors the driver's image by setting it
 * on {@code conf} and returning it; the executor feature step in {@code src/sparkgen/java} (named
 * in k8s/base) does that now without the application's help, so the call becomes {@code conf}
 * itself.
 */
public final class RemovedApis {

  private RemovedApis() {}

  /** The class sparkgen generated in the project's package, by file name. */
  public static final String EXECUTOR_IMAGE = "ExecutorImage";

  private static final Pattern CALL =
      Pattern.compile("\\b(?:[\\w$]+\\.)*ExecutorImage\\s*\\.\\s*sameAsDriver\\s*\\(");

  private static final Pattern IMPORT =
      Pattern.compile("(?m)^[ \\t]*import\\s+(?!static)[\\w.]+\\.ExecutorImage\\s*;[ \\t]*\\r?\\n");

  /** A use left in code (not in a comment): a method reference, a static import, a variable. */
  private static final Pattern LEFT = Pattern.compile("\\bExecutorImage\\s*(?:\\.|::)");

  /**
   * @param text the source rewritten, or empty when it could not be (see needsAction)
   * @param needsAction for each use not rewritten, the line and the exact fix
   */
  public record Result(Optional<String> text, List<String> needsAction) {}

  /**
   * {@code source} (at {@code path}) with each {@code ExecutorImage.sameAsDriver(x)} replaced by
   * {@code x} and an import of ExecutorImage removed; when some other use of ExecutorImage would
   * remain, the source is left as it is and each such line is reported. Empty when the source does
   * not use ExecutorImage.
   */
  public static Optional<Result> rewrite(String path, String source) {
    if (!LEFT.matcher(withoutComments(source)).find()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    Matcher call = CALL.matcher(source);
    while (call.find(from)) {
      int close = closingParenthesis(source, call.end());
      if (close < 0) {
        break;
      }
      out.append(source, from, call.start()).append(source, call.end(), close);
      from = close + 1;
    }
    out.append(source.substring(from));
    String rewritten = IMPORT.matcher(out).replaceAll("");
    String code = withoutComments(rewritten);
    Matcher left = LEFT.matcher(code);
    if (!left.find()) {
      return Optional.of(new Result(Optional.of(rewritten), List.of()));
    }
    // Report against the team's own text: the lines as they are now.
    Matcher original = LEFT.matcher(withoutComments(source));
    List<String> lines = new java.util.ArrayList<>();
    while (original.find()) {
      int line =
          1 + (int) source.substring(0, original.start()).chars().filter(c -> c == '\n').count();
      lines.add(
          path
              + ":"
              + line
              + " uses ExecutorImage.sameAsDriver, which sparkgen no longer generates: give Spark the"
              + " configuration itself (ExecutorImage.sameAsDriver(conf) becomes conf; sparkgen's executor"
              + " feature step in src/sparkgen/java gives the executors the driver's image), and remove"
              + " the import of ExecutorImage");
    }
    return Optional.of(new Result(Optional.empty(), List.copyOf(lines)));
  }

  /**
   * The offset of the parenthesis closing the one just before {@code from}, skipping strings,
   * characters and comments; -1 when it is not closed.
   */
  private static int closingParenthesis(String s, int from) {
    int depth = 1;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfLiteral(s, i, c);
      } else if (s.startsWith("//", i)) {
        i = s.indexOf('\n', i);
        if (i < 0) {
          return -1;
        }
      } else if (s.startsWith("/*", i)) {
        i = s.indexOf("*/", i + 2);
        if (i < 0) {
          return -1;
        }
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int endOfLiteral(String s, int start, char quote) {
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return s.length();
  }

  /**
   * {@code source} with each comment's characters (not its line ends) blanked, so offsets and line
   * numbers stay; strings are kept.
   */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source);
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i, c);
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
        blank(out, i, end);
        i = end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
        blank(out, i, end);
        i = end - 1;
      }
    }
    return out.toString();
  }

  private static void blank(StringBuilder out, int from, int to) {
    for (int i = from; i < to; i++) {
      if (out.charAt(i) != '\n') {
        out.setCharAt(i, ' ');
      }
    }
  }
}
