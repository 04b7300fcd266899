package dev.sparkgen.doctor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the developer's tools (kubectl, skaffold) found on PATH, read-only commands only, with a
 * time limit.
 */
public class Tools {

  /** What a command left; {@code missing} when the tool is not on PATH. */
  public record Result(boolean missing, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return !missing && exitCode == 0;
    }

    /** The first line of stderr (or stdout), for a table cell. */
    public String firstLine() {
      String text = stderr.isBlank() ? stdout : stderr;
      return text.strip().lines().findFirst().orElse("exit code " + exitCode);
    }
  }

  private final String path;

  public Tools(String path) {
    this.path = path == null ? "" : path;
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
      return new Result(true, -1, "", "");
    }
    List<String> command = new ArrayList<>();
    command.add(executable.get().toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      // A cluster that does not answer must not hang the doctor.
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(
            false, -1, "", tool + " " + String.join(" ", args) + " did not finish within 20 s");
      }
      return new Result(false, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
