package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ProjectSpec;
import freemarker.cache.StringTemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Renders a spec and an archetype into a {@link Plan}. Pure: no disk, no environment, and the same
 * inputs give the same plan byte for byte (the clock only bounds how long it may take).
 *
 * <p>Template rules: a file ending in {@code .ftl} is rendered by FreeMarker and loses the suffix;
 * any other file is copied as it is. A path segment {@code __packagePath__} becomes the package's
 * directories; a segment {@code __env__} renders the file once per environment with {@code env}
 * bound. The Kustomize base is copied under {@code k8s/base/}.
 *
 * <p>Templates may come from a user's folder, so rendering is bounded by {@link Limits}: time,
 * stack depth and output size. A template exceeding one is reported like a broken template.
 */
public final class PlanRenderer {

  public static final String ANSWERS_FILE = ".sparkgen.yaml";
  static final String TEMPLATE_SUFFIX = ".ftl";
  static final String PACKAGE_SEGMENT = "__packagePath__";
  static final String ENV_SEGMENT = "__env__";
  static final String BASE_DIR = "k8s/base/";
  static final String THREAD_NAME = "sparkgen-render";

  /**
   * Bounds on rendering: wall time of the whole plan, characters per file and for all files, and
   * the stack of the rendering thread (which bounds macro and function nesting).
   */
  public record Limits(Duration time, long maxFileChars, long maxTotalChars, long stackBytes) {
    /** The demo renders in well under a second, ~0.3 MB in all, nesting a few levels. */
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(20), 16L << 20, 64L << 20, 8L << 20);
  }

  private final String generatorVersion;
  private final Limits limits;

  public PlanRenderer(String generatorVersion) {
    this(generatorVersion, Limits.DEFAULT);
  }

  public PlanRenderer(String generatorVersion, Limits limits) {
    this.generatorVersion = generatorVersion;
    this.limits = limits;
  }

  public Plan render(ProjectSpec spec, Archetype archetype) {
    Rendering rendering = new Rendering(spec, archetype);
    FutureTask<Plan> task = new FutureTask<>(rendering::plan);
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
      throw rendering.failure("it did not finish within " + limits.time().toSeconds()
          + " s (an endless loop such as <#list 1.. as i>?).");
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StackOverflowError) {
        throw rendering.failure("it nests too deeply (a macro or function that calls itself without end?).");
      }
      if (cause instanceof OutOfMemoryError) {
        throw rendering.failure("it needs more memory than the JVM has (a huge value built in memory?).");
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

  /** One rendering, on the rendering thread; remembers which template it is at, for errors. */
  private final class Rendering {
    private final ProjectSpec spec;
    private final Archetype archetype;
    private volatile String current = "(none)";
    private long totalChars;

    Rendering(ProjectSpec spec, Archetype archetype) {
      this.spec = spec;
      this.archetype = archetype;
    }

    TemplateRenderException failure(String problem) {
      return new TemplateRenderException("files/" + current, 0, problem);
    }

    Plan plan() {
      Configuration freemarker = configuration();
      Map<String, Object> model = TemplateModel.of(spec, archetype.descriptor(), generatorVersion);
      Map<String, PlannedFile> files = new TreeMap<>();
      TreeMap<String, String> sources = new TreeMap<>();

      for (Map.Entry<String, byte[]> entry : archetype.files().entrySet()) {
        String source = entry.getKey();
        String target = source.replace(PACKAGE_SEGMENT, spec.packageName().replace('.', '/'));
        List<Environment> envs = target.contains(ENV_SEGMENT) ? spec.environments() : List.of();
        if (envs.isEmpty()) {
          add(files, sources, source, strip(target), file(freemarker, source, entry.getValue(), model, target));
        } else {
          for (Environment env : envs) {
            Map<String, Object> envModel = new HashMap<>(model);
            envModel.put("env", TemplateModel.env(env));
            String envTarget = target.replace(ENV_SEGMENT, env.name());
            add(files, sources, source, strip(envTarget), file(freemarker, source, entry.getValue(), envModel, envTarget));
          }
        }
      }
      archetype.kustomizeBase().forEach((path, bytes) -> files.put(BASE_DIR + path, new PlannedFile(bytes, false)));

      files.put(ANSWERS_FILE, PlannedFile.text(AnswersFile.render(spec, generatorVersion, files)));
      return Plan.of(files);
    }

    /** Each template must make a distinct, valid file path that no other file needs as a directory. */
    private void add(Map<String, PlannedFile> files, TreeMap<String, String> sources, String source, String target,
        PlannedFile file) {
      for (String segment : target.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw new TemplateRenderException("Template files/" + source + " would be written as '" + target
              + "', which is not a file name; name each template for the file it makes, plus .ftl.");
        }
      }
      if (target.equals(ANSWERS_FILE)) {
        throw new TemplateRenderException("Template files/" + source + " would be written as '" + target
            + "', which the generator writes itself; rename the template.");
      }
      String other = sources.put(target, source);
      if (other != null) {
        throw new TemplateRenderException("Templates files/" + other + " and files/" + source
            + " would both be written as '" + target + "'; keep one.");
      }
      String below = sources.ceilingKey(target + "/");
      if (below != null && below.startsWith(target + "/")) {
        throw directoryClash(source, target, sources.get(below));
      }
      for (int slash = target.indexOf('/'); slash >= 0; slash = target.indexOf('/', slash + 1)) {
        String parent = target.substring(0, slash);
        if (sources.containsKey(parent)) {
          throw directoryClash(sources.get(parent), parent, source);
        }
      }
      files.put(target, file);
    }

    private TemplateRenderException directoryClash(String fileSource, String target, String dirSource) {
      return new TemplateRenderException("Template files/" + fileSource + " would be written as '" + target
          + "', which files/" + dirSource + " needs as a directory; rename one of them.");
    }

    private PlannedFile file(Configuration freemarker, String source, byte[] bytes, Map<String, Object> model,
        String target) {
      current = source;
      boolean executable = archetype.descriptor().executables().contains(strip(target));
      if (!source.endsWith(TEMPLATE_SUFFIX)) {
        return new PlannedFile(bytes, executable);
      }
      return new PlannedFile(render(freemarker, source, model).getBytes(StandardCharsets.UTF_8), executable);
    }

    private String render(Configuration freemarker, String source, Map<String, Object> model) {
      String displayName = "files/" + source;
      BoundedWriter out = new BoundedWriter(limits.maxFileChars(), limits.maxTotalChars(), totalChars);
      try {
        Template template = freemarker.getTemplate(source);
        // FreeMarker has no public time limit; this is the hook its own online template tester uses.
        _CoreAPI.addThreadInterruptedChecks(template);
        template.process(model, out);
        totalChars += out.length();
        return out.toString();
      } catch (ParseException e) {
        throw new TemplateRenderException(displayName, e.getLineNumber(), firstLine(e.getEditorMessage()));
      } catch (TemplateException e) {
        Integer line = e.getLineNumber();
        String blamed = e.getBlamedExpressionString();
        String problem = firstLine(e.getMessageWithoutStackTop()) + (blamed == null ? "" : " " + blamed);
        throw new TemplateRenderException(displayName, line == null ? 0 : line, problem);
      } catch (OutputLimitException e) {
        throw new TemplateRenderException(displayName, 0, e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Configuration configuration() {
      Configuration cfg = new Configuration(Configuration.VERSION_2_3_35);
      StringTemplateLoader loader = new StringTemplateLoader();
      archetype.files().forEach((path, bytes) -> {
        if (path.endsWith(TEMPLATE_SUFFIX)) {
          current = path;
          loader.putTemplate(path, utf8(path, bytes));
        }
      });
      cfg.setTemplateLoader(loader);
      cfg.setLocalizedLookup(false);
      // [=expr] interpolation: ${...} in poms, shell scripts and Spark settings passes through as is.
      cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
      cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
      cfg.setLogTemplateExceptions(false);
      cfg.setWrapUncheckedExceptions(true);
      cfg.setFallbackOnNullLoopVariable(false);
      cfg.setNumberFormat("c");
      cfg.setBooleanFormat("c");
      // Templates may come from a user's folder: they render text, they do not run Java.
      cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
      cfg.setAPIBuiltinEnabled(false);
      return cfg;
    }
  }

  /** Strict decoding: a template in another encoding would otherwise render U+FFFD silently. */
  private static String utf8(String path, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(buffer).toString();
    } catch (CharacterCodingException e) {
      String where = e instanceof MalformedInputException ? "byte " + (buffer.position() + 1) + " is not valid" : "it cannot be decoded";
      throw new TemplateRenderException("files/" + path, 0, "it is not UTF-8 text (" + where + "); save it as UTF-8.");
    }
  }

  /** Keeps a runaway template from filling the heap: fails once a limit is passed. */
  private static final class BoundedWriter extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final long maxChars;
    private final long maxTotalChars;
    private final long writtenBefore;

    BoundedWriter(long maxChars, long maxTotalChars, long writtenBefore) {
      this.maxChars = maxChars;
      this.maxTotalChars = maxTotalChars;
      this.writtenBefore = writtenBefore;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      if (text.length() + (long) length > maxChars) {
        throw new OutputLimitException(String.format("its output exceeds %,d characters.", maxChars));
      }
      if (writtenBefore + text.length() + length > maxTotalChars) {
        throw new OutputLimitException(String.format("the repository's files exceed %,d characters together.", maxTotalChars));
      }
      text.append(buffer, offset, length);
    }

    int length() {
      return text.length();
    }

    @Override
    public String toString() {
      return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static final class OutputLimitException extends IOException {
    OutputLimitException(String message) {
      super(message);
    }
  }

  private static String strip(String path) {
    return path.endsWith(TEMPLATE_SUFFIX) ? path.substring(0, path.length() - TEMPLATE_SUFFIX.length()) : path;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
