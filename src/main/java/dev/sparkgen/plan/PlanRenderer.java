package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Answers;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.TemplateSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Renders a spec and an archetype into a {@link Plan}. Pure: no disk, no environment, and the same
 * inputs give the same plan byte for byte (the clock only bounds how long it may take).
 *
 * <p>The plan is the sum of small contributors, in order: the archetype's files ({@link
 * ArchetypeFiles}, the template rules are there), the Kustomize base under {@code k8s/base/}
 * ({@link KustomizeBase}), the report of a Standalone migration ({@link MigrationReport}), and last
 * the answers file, which records the others ({@link AnswersFile}).
 *
 * <p>Templates may come from a user's folder, so rendering is bounded by {@link Limits}: time,
 * stack depth and output size. A template exceeding one is reported like a broken template.
 */
public final class PlanRenderer {

  public static final String ANSWERS_FILE = Answers.FILE_NAME;
  static final String THREAD_NAME = "sparkgen-render";

  /**
   * Bounds on rendering: wall time of the whole plan, characters per file and for all files, and
   * the stack of the rendering thread (which bounds macro and function nesting).
   */
  public record Limits(Duration time, long maxFileChars, long maxTotalChars, long stackBytes) {
    /** The demo renders in well under a second, ~0.3 MB in all, nesting a few levels. */
    public static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(20), 16L << 20, 64L << 20, 8L << 20);
  }

  private final Limits limits;
  private final ArchetypeFiles archetypeFiles;
  private final List<PlanContributor> contributors;

  public PlanRenderer(String generatorVersion) {
    this(generatorVersion, Limits.DEFAULT);
  }

  public PlanRenderer(String generatorVersion, Limits limits) {
    this.limits = limits;
    this.archetypeFiles = new ArchetypeFiles(generatorVersion, limits);
    this.contributors =
        List.of(
            archetypeFiles,
            new KustomizeBase(),
            new MigrationReport(),
            new AnswersFile(generatorVersion));
  }

  public Plan render(ProjectSpec spec, Archetype archetype) {
    FutureTask<Plan> task =
        new FutureTask<>(
            () -> {
              Map<String, PlannedFile> files = new TreeMap<>();
              contributors.forEach(contributor -> contributor.contribute(spec, archetype, files));
              return Plan.of(files);
            });
    // Its own thread: a stack of known size turns endless recursion into a StackOverflowError
    // here, and a thread can be given up on when a template loops forever.
    Thread thread = new Thread(null, task, THREAD_NAME, limits.stackBytes());
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(limits.time().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The templates carry FreeMarker's interruption checks, so the thread stops at its next step.
      thread.interrupt();
      throw failure(
          "it did not finish within "
              + limits.time().toSeconds()
              + " s (an endless loop such as <#list 1.. as i>?).");
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StackOverflowError) {
        throw failure("it nests too deeply (a macro or function that calls itself without end?).");
      }
      if (cause instanceof OutOfMemoryError) {
        throw failure("it needs more memory than the JVM has (a huge value built in memory?).");
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Starts parsing built-in archetype {@code id}'s templates, loaded by {@code archetype}, on a
   * background thread; a later {@link #render} of that archetype takes them. Only a head start:
   * rendering anything else, or after a failure here, parses as usual.
   */
  public static void parseAhead(String id, Supplier<Archetype> archetype) {
    ArchetypeFiles.parseAhead(archetype, id);
  }

  private TemplateRenderException failure(String problem) {
    return new TemplateRenderException("files/" + archetypeFiles.current(), 0, problem);
  }

  /**
   * The answers file for {@code spec} recording {@code files} as generated: for add-env, whose
   * repository keeps the files it does not touch as an earlier generator version made them.
   */
  public static PlannedFile answers(
      ProjectSpec spec,
      TemplateSource templates,
      String generatorVersion,
      Map<String, PlannedFile> files) {
    Map<String, PlannedFile> generated = new TreeMap<>(files);
    generated.remove(ANSWERS_FILE);
    return PlannedFile.text(AnswersFile.render(spec, templates, generatorVersion, generated));
  }
}
