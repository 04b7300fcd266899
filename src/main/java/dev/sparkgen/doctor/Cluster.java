package dev.sparkgen.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The API server of the current context, asked through kubectl: reads only, each with {@code
 * --request-timeout}. Once one call times out (or cannot connect), the rest are not asked: each
 * would wait as long again, and together they would run for minutes.
 */
final class Cluster {

  /** kubectl's own limit per request; a call (discovery retries included) is killed at Tools'. */
  static final String REQUEST_TIMEOUT = "--request-timeout=10s";

  /**
   * Questions asked at once: each kubectl call mostly waits on its process start and the server.
   */
  private static final int PARALLEL = 4;

  /** One {@code kubectl auth can-i} question; {@code as} null for the current user. */
  record Question(
      String verb, String resource, String subresource, String name, String namespace, String as) {

    static Question of(String verb, String resource, String name, String namespace, String as) {
      int slash = resource.indexOf('/');
      return slash < 0
          ? new Question(verb, resource, null, name, namespace, as)
          : new Question(
              verb,
              resource.substring(0, slash),
              resource.substring(slash + 1),
              name,
              namespace,
              as);
    }

    List<String> args() {
      List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, target()));
      if (subresource != null) {
        args.add("--subresource=" + subresource);
      }
      if (namespace != null) {
        args.addAll(List.of("--namespace", namespace));
      }
      if (as != null) {
        args.addAll(List.of("--as", as));
      }
      return args;
    }

    /** {@code pods/log} for a table cell; kubectl takes the subresource as a flag. */
    String right() {
      return verb + " " + target() + (subresource == null ? "" : " (" + subresource + ")");
    }

    private String target() {
      return name == null ? resource : resource + "/" + name;
    }
  }

  /** yes, no, or why neither (kubectl's error, or that the server did not answer). */
  record Answer(Boolean allowed, boolean silent, String why) {}

  private final Tools tools;
  private final AtomicReference<String> silence = new AtomicReference<>();

  Cluster(Tools tools) {
    this.tools = tools;
  }

  /**
   * {@code kubectl ARGS --request-timeout=10s}; when the server already did not answer, a timed-out
   * result that says so, without asking.
   */
  Tools.Result read(String... args) {
    String before = silence.get();
    if (before != null) {
      return Tools.Result.timedOut("not asked: " + before);
    }
    List<String> command = new ArrayList<>(List.of(args));
    command.add(REQUEST_TIMEOUT);
    Tools.Result result = tools.run("kubectl", command.toArray(String[]::new));
    String call = "kubectl " + String.join(" ", args);
    if (result.timedOut()) {
      silence.compareAndSet(
          null,
          result.stderr().startsWith("not run")
              ? result.stderr().substring("not run: ".length())
              : "the API server did not answer " + call + " in time");
      return result;
    }
    if (!result.ok() && unreachable(result.stderr())) {
      String said = lastLine(result.stderr());
      silence.compareAndSet(null, call + " failed: " + said);
      return new Tools.Result(false, true, result.exitCode(), result.stdout(), said);
    }
    return result;
  }

  /** Whether a call timed out or could not connect: every call after it would too. */
  boolean silent() {
    return silence.get() != null;
  }

  /** Each distinct question once, several at a time. */
  Map<Question, Answer> ask(List<Question> questions) {
    List<Question> distinct = questions.stream().distinct().toList();
    Map<Question, Answer> answers = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<Answer>> pending = new ArrayList<>();
      for (Question question : distinct) {
        pending.add(pool.submit(() -> answer(question)));
      }
      for (int i = 0; i < distinct.size(); i++) {
        answers.put(distinct.get(i), pending.get(i).get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    return answers;
  }

  private Answer answer(Question question) {
    Tools.Result result = read(question.args().toArray(String[]::new));
    if (result.timedOut()) {
      return new Answer(null, true, result.stderr());
    }
    // can-i prints yes or no, exit 0 or 1; anything else is an error (impersonation forbidden, say)
    String said = result.stdout().strip();
    if (said.equals("yes") || said.equals("no")) {
      return new Answer(said.equals("yes"), false, null);
    }
    return new Answer(null, false, result.firstLine());
  }

  private static boolean unreachable(String stderr) {
    return stderr.contains("Unable to connect to the server")
        || stderr.contains("context deadline exceeded")
        || stderr.contains("Client.Timeout exceeded")
        || stderr.contains("i/o timeout");
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
