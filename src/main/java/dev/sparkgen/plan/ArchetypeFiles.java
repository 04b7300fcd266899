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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Contributes the archetype's {@code files/}: a file ending in {@code .ftl} is rendered by
 * FreeMarker and loses the suffix; any other file is copied as it is. A path segment {@code
 * __packagePath__} becomes the package's directories; a segment {@code __env__} renders the file
 * once per environment with {@code env} bound.
 *
 * <p>Templates may come from a user's folder, so output is bounded ({@link PlanRenderer.Limits});
 * time and stack depth are bounded by the thread {@link PlanRenderer} renders on.
 */
final class ArchetypeFiles implements PlanContributor {

  static final String TEMPLATE_SUFFIX = ".ftl";
  static final String PACKAGE_SEGMENT = "__packagePath__";
  static final String ENV_SEGMENT = "__env__";

  private final String generatorVersion;
  private final PlanRenderer.Limits limits;

  /** The template being rendered, for errors raised outside FreeMarker (time, stack, memory). */
  private volatile String current = "(none)";

  private long totalChars;

  ArchetypeFiles(String generatorVersion, PlanRenderer.Limits limits) {
    this.generatorVersion = generatorVersion;
    this.limits = limits;
  }

  String current() {
    return current;
  }

  @Override
  public void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files) {
    totalChars = 0;
    Parsed freemarker = parsed(archetype);
    Map<String, Object> model = TemplateModel.of(spec, archetype.descriptor(), generatorVersion);
    TreeMap<String, String> sources = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : archetype.files().entrySet()) {
      String source = entry.getKey();
      String target = source.replace(PACKAGE_SEGMENT, spec.packageName().replace('.', '/'));
      List<Environment> envs = target.contains(ENV_SEGMENT) ? spec.environments() : List.of();
      if (envs.isEmpty()) {
        add(
            files,
            sources,
            source,
            strip(target),
            file(archetype, freemarker, source, entry.getValue(), model, target));
      } else {
        for (Environment env : envs) {
          Map<String, Object> envModel = new HashMap<>(model);
          envModel.put("env", TemplateModel.env(spec, archetype.descriptor(), env));
          String envTarget = target.replace(ENV_SEGMENT, env.name());
          add(
              files,
              sources,
              source,
              strip(envTarget),
              file(archetype, freemarker, source, entry.getValue(), envModel, envTarget));
        }
      }
    }
  }

  /**
   * Each template must make a distinct, valid file path that no other file needs as a directory.
   */
  private void add(
      Map<String, PlannedFile> files,
      java.util.NavigableMap<String, String> sources,
      String source,
      String target,
      PlannedFile file) {
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new TemplateRenderException(
            "Template files/"
                + source
                + " would be written as '"
                + target
                + "', which is not a file name; name each template for the file it makes, plus .ftl.");
      }
    }
    if (target.equals(PlanRenderer.ANSWERS_FILE)) {
      throw new TemplateRenderException(
          "Template files/"
              + source
              + " would be written as '"
              + target
              + "', which the generator writes itself; rename the template.");
    }
    String other = sources.put(target, source);
    if (other != null) {
      throw new TemplateRenderException(
          "Templates files/"
              + other
              + " and files/"
              + source
              + " would both be written as '"
              + target
              + "'; keep one.");
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
    // A template that renders nothing makes no file: a file only some specs have (a test of a
    // connector the pom may lack) is a template wrapped in one <#if>.
    if (source.endsWith(TEMPLATE_SUFFIX) && file.text().isBlank()) {
      return;
    }
    files.put(target, file);
  }

  private TemplateRenderException directoryClash(
      String fileSource, String target, String dirSource) {
    return new TemplateRenderException(
        "Template files/"
            + fileSource
            + " would be written as '"
            + target
            + "', which files/"
            + dirSource
            + " needs as a directory; rename one of them.");
  }

  private PlannedFile file(
      Archetype archetype,
      Parsed freemarker,
      String source,
      byte[] bytes,
      Map<String, Object> model,
      String target) {
    current = source;
    boolean executable = archetype.descriptor().executables().contains(strip(target));
    if (!source.endsWith(TEMPLATE_SUFFIX)) {
      return new PlannedFile(bytes, executable);
    }
    try {
      return new PlannedFile(
          render(freemarker, source, model).getBytes(StandardCharsets.UTF_8), executable);
    } catch (TemplateRenderException e) {
      if (archetype.isUserFile(source)) {
        throw e;
      }
      // Every built-in template renders for every valid spec (GoldenTreeTest, OverlaysTest): if
      // one does not, the generator is wrong, not the user's input.
      throw new IllegalStateException(
          "built-in "
              + e.getMessage()
              + " (a bug in sparkgen "
              + generatorVersion
              + "; please report it with the command line you ran)",
          e);
    }
  }

  private String render(Parsed freemarker, String source, Map<String, Object> model) {
    String displayName = "files/" + source;
    BoundedWriter out =
        new BoundedWriter(limits.maxFileChars(), limits.maxTotalChars(), totalChars);
    try {
      Template template = freemarker.template(source);
      template.process(model, out);
      totalChars += out.length();
      return out.toString();
    } catch (ParseException e) {
      throw new TemplateRenderException(
          displayName, e.getLineNumber(), firstLine(e.getEditorMessage()));
    } catch (TemplateException e) {
      Integer line = e.getLineNumber();
      String blamed = e.getBlamedExpressionString();
      String problem =
          firstLine(e.getMessageWithoutStackTop()) + (blamed == null ? "" : " " + blamed);
      throw new TemplateRenderException(displayName, line == null ? 0 : line, problem);
    } catch (OutputLimitException e) {
      throw new TemplateRenderException(displayName, 0, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The archetype's templates: parsed ahead of time when {@link #parseAhead} did it for this
   * built-in archetype, otherwise now, each as it is first rendered.
   */
  private Parsed parsed(Archetype archetype) {
    CompletableFuture<Parsed> ahead =
        // Not equals(BUILT_IN): a record's first equals links its method handles, ~10 ms of a new.
        archetype.source().builtIn() ? PARSED_AHEAD.remove(archetype.descriptor().id()) : null;
    if (ahead != null) {
      try {
        Parsed parsed = ahead.get();
        if (parsed.isOf(archetype)) {
          return parsed;
        }
      } catch (ExecutionException e) {
        // Parsed again below, on the rendering thread, so that a failure is reported as usual.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rendering", e);
      }
    }
    return new Parsed(archetype.files(), configuration(archetype, path -> current = path));
  }

  /**
   * Parses a built-in archetype's templates on a thread of their own, for {@link #contribute} to
   * take when it renders that archetype. Parsing is most of FreeMarker's part of a {@code sparkgen
   * new} in a cold JVM (its lexer is one method too big to compile); the command can parse its
   * command line and check its input meanwhile.
   */
  static void parseAhead(Supplier<Archetype> archetype, String id) {
    CompletableFuture<Parsed> ahead = new CompletableFuture<>();
    if (PARSED_AHEAD.putIfAbsent(id, ahead) != null) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                // FreeMarker's setup first, half of what there is to do before parsing: it needs
                // no templates, and the command is meanwhile reading them and its input.
                Configuration settings = settings();
                Archetype loaded = archetype.get();
                Parsed parsed =
                    new Parsed(loaded.files(), withTemplates(settings, loaded, path -> {}));
                ahead.complete(parsed);
                // From the last template back, as rendering goes from the first: each thread
                // parses what the other has not, until they meet.
                List<String> paths = new ArrayList<>(loaded.files().keySet());
                Collections.reverse(paths);
                for (String path : paths) {
                  if (path.endsWith(TEMPLATE_SUFFIX)) {
                    parsed.template(path);
                  }
                }
              } catch (IOException | RuntimeException | Error e) {
                // Before complete: the rendering thread sets up its own. After: it finds the
                // failure in that template's task and reports it as it would have.
                ahead.completeExceptionally(e);
              }
            },
            "sparkgen-parse-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  private static final Map<String, CompletableFuture<Parsed>> PARSED_AHEAD =
      new ConcurrentHashMap<>();

  /**
   * FreeMarker set up for one archetype's templates, each parsed once whichever thread gets to it
   * first; a thread that needs a template another is parsing waits for it.
   */
  private static final class Parsed {
    private final SortedMap<String, byte[]> files;
    private final Configuration configuration;
    private final Map<String, FutureTask<Template>> templates = new ConcurrentHashMap<>();

    Parsed(SortedMap<String, byte[]> files, Configuration configuration) {
      this.files = files;
      this.configuration = configuration;
    }

    Template template(String path) throws IOException {
      FutureTask<Template> task =
          templates.computeIfAbsent(path, p -> new FutureTask<>(() -> parse(p)));
      task.run(); // Does nothing once run, or while another thread runs it.
      try {
        return task.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw (Error) cause;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while parsing " + path, e);
      }
    }

    private Template parse(String path) throws IOException {
      Template template = configuration.getTemplate(path);
      // FreeMarker has no public time limit; this is the hook its own online template tester
      // uses. Once per template: each call adds another check to every loop.
      _CoreAPI.addThreadInterruptedChecks(template);
      return template;
    }

    /** Whether these are the templates of {@code archetype}, byte for byte. */
    boolean isOf(Archetype archetype) {
      if (!files.keySet().equals(archetype.files().keySet())) {
        return false;
      }
      return files.entrySet().stream()
          .allMatch(e -> Arrays.equals(e.getValue(), archetype.files().get(e.getKey())));
    }
  }

  private static Configuration configuration(Archetype archetype, Consumer<String> current) {
    return withTemplates(settings(), archetype, current);
  }

  private static Configuration withTemplates(
      Configuration cfg, Archetype archetype, Consumer<String> current) {
    StringTemplateLoader loader = new StringTemplateLoader();
    archetype
        .files()
        .forEach(
            (path, bytes) -> {
              if (path.endsWith(TEMPLATE_SUFFIX)) {
                current.accept(path);
                loader.putTemplate(path, utf8(path, bytes));
              }
            });
    cfg.setTemplateLoader(loader);
    return cfg;
  }

  private static Configuration settings() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_35);
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

  /** Strict decoding: a template in another encoding would otherwise render U+FFFD silently. */
  private static String utf8(String path, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(buffer).toString();
    } catch (CharacterCodingException e) {
      String where =
          e instanceof MalformedInputException
              ? "byte " + (buffer.position() + 1) + " is not valid"
              : "it cannot be decoded";
      throw new TemplateRenderException(
          "files/" + path, 0, "it is not UTF-8 text (" + where + "); save it as UTF-8.");
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
        throw new OutputLimitException(
            String.format("its output exceeds %,d characters.", maxChars));
      }
      if (writtenBefore + text.length() + length > maxTotalChars) {
        throw new OutputLimitException(
            String.format("the repository's files exceed %,d characters together.", maxTotalChars));
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
    return path.endsWith(TEMPLATE_SUFFIX)
        ? path.substring(0, path.length() - TEMPLATE_SUFFIX.length())
        : path;
  }

  private static String firstLine(String message) {
    return message == null
        ? ""
        : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
