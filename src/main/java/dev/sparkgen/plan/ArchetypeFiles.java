package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.Environment;
import dev.sparkgen.spec.ProjectSpec;
import freemarker.cache.StringTemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contributes the archetype's {@code files/}: a file ending in {@code .ftl} is rendered by
 * FreeMarker and loses the suffix; any other file is copied as it is. A path segment
 * {@code __packagePath__} becomes the package's directories; a segment {@code __env__} renders the
 * file once per environment with {@code env} bound.
 */
final class ArchetypeFiles implements PlanContributor {

  static final String TEMPLATE_SUFFIX = ".ftl";
  static final String PACKAGE_SEGMENT = "__packagePath__";
  static final String ENV_SEGMENT = "__env__";

  private final String generatorVersion;

  ArchetypeFiles(String generatorVersion) {
    this.generatorVersion = generatorVersion;
  }

  @Override
  public void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files) {
    Configuration freemarker = configuration(archetype);
    Map<String, Object> model = TemplateModel.of(spec, archetype.descriptor(), generatorVersion);
    for (Map.Entry<String, byte[]> entry : archetype.files().entrySet()) {
      String source = entry.getKey();
      String target = source.replace(PACKAGE_SEGMENT, spec.packageName().replace('.', '/'));
      List<Environment> envs = hasSegment(target, ENV_SEGMENT) ? spec.environments() : List.of();
      if (envs.isEmpty()) {
        files.put(strip(target), file(archetype, freemarker, source, entry.getValue(), model, target));
      } else {
        for (Environment env : envs) {
          Map<String, Object> envModel = new HashMap<>(model);
          envModel.put("env", TemplateModel.env(env));
          String envTarget = target.replace(ENV_SEGMENT, env.name());
          files.put(strip(envTarget), file(archetype, freemarker, source, entry.getValue(), envModel, envTarget));
        }
      }
    }
  }

  private PlannedFile file(Archetype archetype, Configuration freemarker, String source, byte[] bytes,
      Map<String, Object> model, String target) {
    boolean executable = archetype.descriptor().executables().contains(strip(target));
    if (!source.endsWith(TEMPLATE_SUFFIX)) {
      return new PlannedFile(bytes, executable);
    }
    return new PlannedFile(render(archetype, freemarker, source, model).getBytes(StandardCharsets.UTF_8), executable);
  }

  private String render(Archetype archetype, Configuration freemarker, String source, Map<String, Object> model) {
    try {
      return render(freemarker, source, model);
    } catch (TemplateRenderException e) {
      if (archetype.isUserFile(source)) {
        throw e;
      }
      // Every built-in template renders for every valid spec (GoldenTreeTest, OverlaysTest): if
      // one does not, the generator is wrong, not the user's input.
      throw new IllegalStateException("built-in " + e.getMessage() + " (a bug in sparkgen " + generatorVersion
          + "; please report it with the command line you ran)", e);
    }
  }

  private static String render(Configuration freemarker, String source, Map<String, Object> model) {
    String displayName = "files/" + source;
    try {
      Template template = freemarker.getTemplate(source);
      StringWriter out = new StringWriter();
      template.process(model, out);
      return out.toString();
    } catch (ParseException e) {
      throw new TemplateRenderException(displayName, e.getLineNumber(), firstLine(e.getEditorMessage()));
    } catch (TemplateException e) {
      Integer line = e.getLineNumber();
      String blamed = e.getBlamedExpressionString();
      String problem = firstLine(e.getMessageWithoutStackTop()) + (blamed == null ? "" : " " + blamed);
      throw new TemplateRenderException(displayName, line == null ? 0 : line, problem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Configuration configuration(Archetype archetype) {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_35);
    StringTemplateLoader loader = new StringTemplateLoader();
    archetype.files().forEach((path, bytes) -> {
      if (path.endsWith(TEMPLATE_SUFFIX)) {
        loader.putTemplate(path, new String(bytes, StandardCharsets.UTF_8));
      }
    });
    cfg.setTemplateLoader(loader);
    cfg.setDefaultEncoding("UTF-8");
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

  private static boolean hasSegment(String path, String segment) {
    return path.contains(segment);
  }

  private static String strip(String path) {
    return path.endsWith(TEMPLATE_SUFFIX) ? path.substring(0, path.length() - TEMPLATE_SUFFIX.length()) : path;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
