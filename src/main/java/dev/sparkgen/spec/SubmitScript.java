package dev.sparkgen.spec;

import dev.sparkgen.spec.StandaloneSetting.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shell file holding a team's {@code spark-submit} invocation into its settings: the
 * words as the shell would split them (quotes, backslashes, line continuations, comments), with
 * {@code $VARS} and {@code $(...)} left as written, then spark-submit's own argument rules
 * (SparkSubmitOptionParser: options with a value, {@code --opt=value}, switches; the first other
 * word is the application jar, every word after it an application argument). Variables of Spark,
 * Hadoop and the cloud SDKs exported in the file are settings too.
 */
public final class SubmitScript {

  /** spark-submit's options that take a value (Spark 3.5 to 4.x). */
  static final Set<String> OPTIONS =
      Set.of(
          "--archives",
          "--class",
          "--conf",
          "-c",
          "--deploy-mode",
          "--driver-class-path",
          "--driver-cores",
          "--driver-default-class-path",
          "--driver-java-options",
          "--driver-library-path",
          "--driver-memory",
          "--executor-cores",
          "--executor-memory",
          "--files",
          "--jars",
          "--keytab",
          "--kill",
          "--master",
          "--remote",
          "--name",
          "--num-executors",
          "--packages",
          "--exclude-packages",
          "--principal",
          "--properties-file",
          "--proxy-user",
          "--py-files",
          "--queue",
          "--repositories",
          "--status",
          "--total-executor-cores");

  static final Set<String> SWITCHES =
      Set.of(
          "--help",
          "-h",
          "--supervise",
          "--usage-error",
          "--verbose",
          "-v",
          "--version",
          "--load-spark-defaults");

  /** Words a command may start with before the program it runs. */
  private static final Set<String> PREFIXES =
      Set.of("exec", "nohup", "time", "command", "env", "then", "do", "else", "!", "{");

  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
  private static final Pattern REPORTED_VARIABLE =
      Pattern.compile("(SPARK|HADOOP|YARN|PYSPARK|AWS|AZURE|GOOGLE)_[A-Z0-9_]*|JAVA_HOME");

  /** {@code >}, {@code >>}, {@code >&}, {@code <}, {@code >|} and the blanks before the target. */
  private static final Pattern REDIRECTION_OPERATOR = Pattern.compile("[<>&|]*[ \t]*");

  private static final Pattern EQ_OPTION = Pattern.compile("(--[^=]+)=(.+)", Pattern.DOTALL);

  private final String label;
  private final String file;

  private SubmitScript(String label) {
    this.label = label;
    this.file = label.substring(label.lastIndexOf('/') + 1);
  }

  /**
   * The settings of the one spark-submit command in {@code text}, in order, after the Spark, Hadoop
   * and cloud variables the file sets.
   *
   * @param label the file as the user named it, for messages
   */
  public static List<StandaloneSetting> parse(String label, String text) {
    return new SubmitScript(label).settings(text);
  }

  private List<StandaloneSetting> settings(String text) {
    List<List<Word>> commands = new Lexer(text).commands();
    List<StandaloneSetting> settings = new ArrayList<>();
    List<Word> submit = null;
    for (List<Word> command : commands) {
      int start = 0;
      while (start < command.size()
          && (PREFIXES.contains(command.get(start).text())
              || command.get(start).text().equals("export")
              || ASSIGNMENT.matcher(command.get(start).text()).matches())) {
        variable(command.get(start), settings);
        start++;
      }
      if (start < command.size() && isSparkSubmit(command.get(start).text())) {
        if (submit != null) {
          throw bad(
              command.get(start).line(),
              "runs spark-submit a second time (first on line "
                  + submit.get(0).line()
                  + "); give one spark-submit per file");
        }
        submit = command.subList(start, command.size());
      } else {
        // export A=b C=d, or a command of its own: the variables it exports count, nothing else
        boolean export = start > 0 && command.get(start - 1).text().equals("export");
        for (int i = start; export && i < command.size(); i++) {
          variable(command.get(i), settings);
        }
      }
    }
    if (submit == null) {
      throw new InvalidInputException(
          "Submit file "
              + label
              + " runs no spark-submit; give the shell file whose spark-submit command runs the job today.");
    }
    arguments(submit, settings);
    return settings;
  }

  private void variable(Word word, List<StandaloneSetting> settings) {
    Matcher m = ASSIGNMENT.matcher(word.text());
    if (m.matches() && REPORTED_VARIABLE.matcher(m.group(1)).matches()) {
      settings.add(new StandaloneSetting(file, word.line(), Form.VARIABLE, m.group(1), m.group(2)));
    }
  }

  private static boolean isSparkSubmit(String word) {
    String name = word.substring(word.lastIndexOf('/') + 1);
    return name.equals("spark-submit") || name.equals("spark-submit.sh");
  }

  private void arguments(List<Word> submit, List<StandaloneSetting> settings) {
    int i = 1;
    for (; i < submit.size(); i++) {
      Word word = submit.get(i);
      String arg = word.text();
      String value = null;
      Matcher eq = EQ_OPTION.matcher(arg);
      if (eq.matches() && OPTIONS.contains(eq.group(1))) {
        arg = eq.group(1);
        value = eq.group(2);
      }
      if (OPTIONS.contains(arg)) {
        if (value == null) {
          if (i + 1 >= submit.size()) {
            throw bad(
                word.line(),
                "gives "
                    + arg
                    + " without a value; spark-submit refuses it ('Missing argument for option')");
          }
          value = submit.get(++i).text();
        }
        settings.add(option(word, arg, value));
      } else if (SWITCHES.contains(arg)) {
        settings.add(new StandaloneSetting(file, word.line(), Form.OPTION, canonical(arg), ""));
      } else if (arg.startsWith("-") && !arg.equals("-")) {
        throw bad(
            word.line(),
            "gives spark-submit the option '"
                + shown(arg)
                + "', which it does not have and refuses ('Unrecognized option'); "
                + "correct it, or quote it if it is part of a value");
      } else {
        break;
      }
    }
    if (i >= submit.size()) {
      throw bad(
          submit.get(submit.size() - 1).line(),
          "gives spark-submit no application jar; name the jar after the options, as spark-submit requires");
    }
    settings.add(
        new StandaloneSetting(
            file,
            submit.get(i).line(),
            Form.APPLICATION_JAR,
            "application jar",
            submit.get(i).text()));
    for (int n = 1; ++i < submit.size(); n++) {
      settings.add(
          new StandaloneSetting(
              file, submit.get(i).line(), Form.ARGUMENT, String.valueOf(n), submit.get(i).text()));
    }
  }

  private StandaloneSetting option(Word word, String option, String value) {
    if (!option.equals("--conf") && !option.equals("-c")) {
      return new StandaloneSetting(file, word.line(), Form.OPTION, option, value);
    }
    int equals = value.indexOf('=');
    if (equals < 0) {
      throw bad(
          word.line(),
          "gives --conf '"
              + shown(value)
              + "' without KEY=VALUE; spark-submit refuses it ('Spark config without \"=\"')");
    }
    String key = value.substring(0, equals).strip();
    if (key.isEmpty()) {
      // spark-submit takes it, as a setting named "": it configures nothing.
      throw bad(
          word.line(),
          "gives --conf '"
              + shown(value)
              + "' with no key before '='; name the Spark setting, as in --conf spark.executor.cores=2");
    }
    return new StandaloneSetting(file, word.line(), Form.CONF, key, value.substring(equals + 1));
  }

  /** A word as a refusal quotes it: never a credential (Credentials), abbreviated. */
  private static String shown(String word) {
    return Credentials.inValue(word).isPresent()
        ? Credentials.REDACTED
        : SpecBuilder.abbreviate(word);
  }

  private static String canonical(String option) {
    return switch (option) {
      case "-h" -> "--help";
      case "-v" -> "--verbose";
      default -> option;
    };
  }

  private InvalidInputException bad(int line, String problem) {
    return new InvalidInputException(
        "Submit file " + label + " line " + line + " " + problem + ".");
  }

  record Word(String text, int line) {}

  /**
   * Splits a shell file into commands of words, as the shell's tokenizer does for what a submit
   * script holds: no expansion, no here-documents, no control flow beyond the words.
   */
  private final class Lexer {
    private final String text;
    private int pos;
    private int line = 1;
    private final List<List<Word>> commands = new ArrayList<>();
    private List<Word> command = new ArrayList<>();

    Lexer(String text) {
      this.text = text;
    }

    List<List<Word>> commands() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\r') {
          pos++;
        } else if (c == '\\' && (next() == '\n' || pos + 1 == text.length())) {
          // a continuation, or a backslash ending the file, which the shell drops
          pos += 2;
          line++;
        } else if (c == '\n') {
          pos++;
          end();
          line++;
        } else if (c == '#') {
          while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
          }
        } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
          pos++;
          end();
        } else if (c == '<' || c == '>') {
          redirection();
        } else {
          int start = line;
          String word = word();
          // 2>&1, 2>file: the descriptor belongs to the redirection, read next
          boolean descriptor =
              pos < text.length()
                  && (text.charAt(pos) == '<' || text.charAt(pos) == '>')
                  && word.matches("[0-9]+");
          if (!descriptor) {
            command.add(new Word(word, start));
          }
        }
      }
      end();
      return commands;
    }

    private void end() {
      if (!command.isEmpty()) {
        commands.add(command);
        command = new ArrayList<>();
      }
    }

    private char next() {
      return pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
    }

    /** {@code > file}, {@code >> file}, {@code >&2}, {@code < file}: skipped with its target. */
    private void redirection() {
      int start = line;
      if (text.startsWith("<<", pos) && !text.startsWith("<<<", pos)) {
        throw bad(
            start,
            "has a here-document, which sparkgen does not read; put the spark-submit command in a file of its own");
      }
      Matcher operator = REDIRECTION_OPERATOR.matcher(text).region(pos, text.length());
      operator.lookingAt(); // always: the pattern matches an empty operator too
      pos = operator.end();
      word(); // the target: none where a newline or an operator follows
    }

    private String word() {
      StringBuilder word = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (" \t\r\n;&|()<>".indexOf(c) >= 0) {
          break;
        }
        if (c == '\\') {
          if (next() == '\n') {
            line++;
          } else if (pos + 1 < text.length()) {
            word.append(text.charAt(pos + 1));
          }
          pos += 2;
        } else if (c == '\'') {
          int opened = line;
          int close = text.indexOf('\'', pos + 1);
          if (close < 0) {
            throw bad(
                opened,
                "opens a ' quote that is never closed; close it (the shell refuses the file as it is)");
          }
          String quoted = text.substring(pos + 1, close);
          line += (int) quoted.chars().filter(ch -> ch == '\n').count();
          word.append(quoted);
          pos = close + 1;
        } else if (c == '"') {
          doubleQuoted(word);
        } else if (c == '$' && (next() == '(' || next() == '{')) {
          substitution(word);
        } else if (c == '`') {
          int opened = line;
          int close = text.indexOf('`', pos + 1);
          if (close < 0) {
            throw bad(opened, "opens a ` command substitution that is never closed; close it");
          }
          String inner = text.substring(pos, close + 1);
          line += (int) inner.chars().filter(ch -> ch == '\n').count();
          word.append(inner);
          pos = close + 1;
        } else {
          word.append(c);
          pos++;
        }
      }
      return word.toString();
    }

    private void doubleQuoted(StringBuilder word) {
      int opened = line;
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw bad(
              opened,
              "opens a \" quote that is never closed; close it (the shell refuses the file as it is)");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return;
        }
        if (c == '\\' && pos + 1 < text.length()) {
          char n = text.charAt(pos + 1);
          if (n == '\n') {
            line++;
          } else if ("$`\"\\".indexOf(n) >= 0) {
            word.append(n);
          } else {
            word.append(c).append(n);
          }
          pos += 2;
        } else if (c == '$' && (next() == '(' || next() == '{')) {
          substitution(word);
        } else {
          if (c == '\n') {
            line++;
          }
          word.append(c);
          pos++;
        }
      }
    }

    /** {@code $(...)} or {@code ${...}}, kept as written, nesting and quotes inside included. */
    private void substitution(StringBuilder word) {
      int opened = line;
      char open = next();
      char close = open == '(' ? ')' : '}';
      int depth = 0;
      int start = pos;
      pos++;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\n') {
          line++;
        } else if (c == '\\') {
          pos++;
        } else if (c == '\'' && open == '(') {
          int end = text.indexOf('\'', pos + 1);
          pos = end < 0 ? text.length() : end;
        } else if (c == open) {
          depth++;
        } else if (c == close && --depth == 0) {
          pos++;
          word.append(text, start, pos);
          return;
        }
        pos++;
      }
      throw bad(opened, "opens a $" + open + " that is never closed; close it with " + close);
    }
  }
}
