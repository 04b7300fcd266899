package dev.sparkgen.doctor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the developer's tools (kubectl, skaffold) found on PATH, read-only commands only, each with
 * a time limit and all of them within one budget: a cluster that does not answer must not hang the
 * doctor (kubectl retries its discovery requests, so its own --request-timeout alone does not bound
 * a call).
 */
public class Tools {

  /** One call's time limit. */
  public static final Duration CALL_LIMIT = Duration.ofSeconds(15);

  /** All calls together: doctor ends within a minute, JVM start and the table included. */
  public static final Duration BUDGET = Duration.ofSeconds(45);

  /**
   * What a command left; {@code missing} when the tool is not on PATH, {@code timedOut} when it was
   * killed at its time limit or never started because the budget was spent.
   */
  public record Result(
      boolean missing, boolean timedOut, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return !missing && !timedOut && exitCode == 0;
    }

    /** The first line of stderr (or stdout), for a table cell. */
    public String firstLine() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.strip().lines().findFirst().orElse("exit code " + exitCode);
    }

    static Result timedOut(String why) {
      return new Result(false, true, -1, "", why);
    }
  }

  /**
   * Threads of their own for the output pipes: the common pool has one thread on a 2-core machine,
   * and a reader waiting there for stderr would leave a full stdout pipe blocking the tool.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "doctor-tool-output");
            thread.setDaemon(true);
            return thread;
          });

  private final String path;
  private final Duration callLimit;
  private final Duration budget;
  private final long deadline;

  public Tools(String path) {
    this(path, CALL_LIMIT, BUDGET);
  }

  /** The budget starts now. */
  public Tools(String path, Duration callLimit, Duration budget) {
    this.path = path == null ? "" : path;
    this.callLimit = callLimit;
    this.budget = budget;
    this.deadline = System.nanoTime() + budget.toNanos();
  }

  public Duration callLimit() {
    return callLimit;
  }

  public Optional<Path> find(String tool) {
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  public Result run(String tool, String... args) {
    Optional<Path> executable = find(tool);
    if (executable.isEmpty()) {
      return new Result(true, false, -1, "", "");
    }
    String shown = String.join(" ", tool, String.join(" ", args)).strip();
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return Result.timedOut(
          "not run: "
              + shown
              + " (doctor's "
              + budget.toSeconds()
              + " s for all calls were spent)");
    }
    long limit = Math.min(callLimit.toNanos(), left);
    List<String> command = new ArrayList<>();
    command.add(executable.get().toString());
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
    try {
      if (!process.waitFor(limit, TimeUnit.NANOSECONDS)) {
        kill(process);
        return Result.timedOut(shown + " did not finish within " + seconds(limit) + " s (killed)");
      }
      return new Result(false, false, process.exitValue(), join(out), join(err));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The process and everything it started (a kubeconfig's exec credential plugin, say): a child
   * left behind would keep the output pipes open and outlive the doctor.
   */
  private static void kill(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(2, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // a process that outlives SIGKILL for 2 s is the kernel's; the doctor goes on.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A grandchild that escaped the kill (it left the process tree) may hold the pipe: take what came
   * within a second rather than wait for it.
   */
  private static String join(CompletableFuture<String> output) throws InterruptedException {
    try {
      return output.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  private static long seconds(long nanos) {
    return Math.round(nanos / 1e9);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
