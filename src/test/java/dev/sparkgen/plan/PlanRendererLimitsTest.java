package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Templates from a user's folder are untrusted: rendering is bounded in time, depth and size. */
class PlanRendererLimitsTest {

  static final PlanRenderer.Limits SMALL =
      new PlanRenderer.Limits(Duration.ofSeconds(2), 1 << 20, 3 << 20, 1 << 20);

  static Stream<Arguments> hostileTemplates() {
    return Stream.of(
        hostile(
            "a macro calling itself",
            Map.of("x.txt.ftl", "<#macro r><@r/></#macro><@r/>"),
            "Template files/x.txt.ftl does not render: it nests too deeply"),
        hostile(
            "a function calling itself",
            Map.of("x.txt.ftl", "<#function f n><#return f(n + 1)></#function>[=f(1)]"),
            "Template files/x.txt.ftl does not render: it nests too deeply"),
        hostile(
            "an endless list",
            Map.of("x.txt.ftl", "<#list 1.. as i></#list>"),
            "Template files/x.txt.ftl does not render: it did not finish within 2 s"),
        hostile(
            "an endless list without a loop variable",
            Map.of("x.txt.ftl", "<#list 1..></#list>"),
            "Template files/x.txt.ftl line 1 does not render: #list must have either \"as loopVar\""),
        hostile(
            "an endless list through #items",
            Map.of("x.txt.ftl", "<#list 1..><#items as i></#items></#list>"),
            "Template files/x.txt.ftl does not render: it did not finish within 2 s"),
        hostile(
            "an endless list with output",
            Map.of("x.txt.ftl", "<#list 1.. as i>[=i]</#list>"),
            "Template files/x.txt.ftl does not render: its output exceeds 1,048,576 characters"),
        hostile(
            "a huge file",
            Map.of("x.txt.ftl", "<#list 1..10000000 as i>0123456789</#list>"),
            "Template files/x.txt.ftl does not render: its output exceeds 1,048,576 characters"),
        hostile(
            "a huge string built in memory",
            Map.of("x.txt.ftl", "[=''?left_pad(2147483647)]"),
            "Template files/x.txt.ftl does not render: it needs more memory than the JVM has"),
        hostile(
            "files huge together",
            Map.of(
                "a.txt.ftl", "<#list 1..90000 as i>0123456789</#list>",
                "b.txt.ftl", "<#list 1..90000 as i>0123456789</#list>",
                "c.txt.ftl", "<#list 1..90000 as i>0123456789</#list>",
                "d.txt.ftl", "<#list 1..90000 as i>0123456789</#list>"),
            "Template files/d.txt.ftl does not render: the repository's files exceed 3,145,728 characters together"),
        hostile(
            "a template that is not UTF-8",
            Map.of("x.txt.ftl", new byte[] {'o', 'k', (byte) 0xff, '\n'}),
            "Template files/x.txt.ftl does not render: it is not UTF-8 text (byte 3 is not valid); save it as UTF-8"),
        hostile(
            "a template named ...ftl",
            Map.of("...ftl", "x"),
            "Template files/...ftl would be written as '..', which is not a file name"),
        hostile(
            "a template named sub/..ftl",
            Map.of("sub/..ftl", "x"),
            "Template files/sub/..ftl would be written as 'sub/.', which is not a file name"),
        hostile(
            "a template named .ftl",
            Map.of("sub/.ftl", "x"),
            "Template files/sub/.ftl would be written as 'sub/', which is not a file name"),
        hostile(
            "two files for one path",
            Map.of("a.txt", "x", "a.txt.ftl", "y"),
            "Templates files/a.txt and files/a.txt.ftl would both be written as 'a.txt'; keep one"),
        hostile(
            "a file where a directory goes",
            Map.of("a.ftl", "x", "a/b.txt", "y"),
            "Template files/a.ftl would be written as 'a', which files/a/b.txt needs as a directory"),
        hostile(
            "the answers file",
            Map.of(".sparkgen.yaml.ftl", "x"),
            "Template files/.sparkgen.yaml.ftl would be written as '.sparkgen.yaml', which the generator writes itself"));
  }

  static Arguments hostile(String what, Map<String, ?> files, String message) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach(
        (path, content) ->
            bytes.put(
                path,
                content instanceof byte[] b
                    ? b
                    : ((String) content).getBytes(StandardCharsets.UTF_8)));
    return Arguments.of(what, bytes, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTemplates")
  void refusesAHostileTemplateNamingIt(String what, Map<String, byte[]> files, String message) {
    assertThatThrownBy(() -> render(files, SMALL))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
  }

  @Test
  void stopsTheRenderingThreadOfAnEndlessLoop() throws Exception {
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "x.txt.ftl", "<#list 1.. as i></#list>".getBytes(StandardCharsets.UTF_8)),
                    SMALL))
        .isInstanceOf(TemplateRenderException.class);

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (renderThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(renderThreads()).isZero();
  }

  @Test
  void rendersWithinTheLimitsAndByDefaultAllowsTheBuiltInTemplates() {
    Plan plan =
        render(
            Map.of("x.txt.ftl", "<#list 1..3 as i>[=i]</#list>".getBytes(StandardCharsets.UTF_8)),
            SMALL);

    assertThat(plan.file("x.txt").text()).isEqualTo("123");
    assertThat(PlanRenderer.Limits.DEFAULT.time()).isEqualTo(Duration.ofSeconds(20));
    assertThat(PlanRenderer.Limits.DEFAULT.maxFileChars()).isEqualTo(16L << 20);
    assertThat(PlanRenderer.Limits.DEFAULT.maxTotalChars()).isEqualTo(64L << 20);
  }

  @Test
  void acceptsOutputExactlyAtTheLimits() {
    String exactlyOneMiB = "<#list 1..104857 as i>0123456789</#list>012345";

    Plan plan = render(Map.of("x.txt.ftl", exactlyOneMiB.getBytes(StandardCharsets.UTF_8)), SMALL);

    assertThat(plan.file("x.txt").size()).isEqualTo(1 << 20);
  }

  @Test
  void acceptsFilesFillingTheTotalExactly() {
    PlanRenderer.Limits limits =
        new PlanRenderer.Limits(Duration.ofSeconds(5), 1 << 20, 30, 1 << 20);
    byte[] ten = "0123456789".getBytes(StandardCharsets.UTF_8);

    Plan plan = render(Map.of("a.ftl", ten, "b.ftl", ten, "c.ftl", ten), limits);

    assertThat(plan.files()).containsKeys("a", "b", "c");
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "a.ftl",
                        ten,
                        "b.ftl",
                        ten,
                        "c.ftl",
                        "01234567890".getBytes(StandardCharsets.UTF_8)),
                    limits))
        .hasMessage(
            "Template files/c.ftl does not render: the repository's files exceed 30 characters together.");
  }

  private static long renderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sparkgen-render"))
        .count();
  }

  /**
   * The template language as docs/templates.md gives it: [=...] interpolation, numbers and booleans
   * as a computer writes them, no locale variants of an include, and no way out to Java.
   */
  @Test
  void rendersTheDocumentedDialectAndNoJava() {
    java.util.Locale locale = java.util.Locale.getDefault();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a.txt.ftl", utf8("[=true] [=1234567] [=0.5] ${kept} <#include \"inc.ftl\">"));
    files.put("inc.ftl", utf8("plain"));
    // With localized lookup FreeMarker would take these for inc.ftl.
    files.put("inc_" + locale.getLanguage() + ".ftl", utf8("localized"));
    files.put("inc_" + locale + ".ftl", utf8("localized"));

    Plan plan = render(files, SMALL);

    assertThat(new String(plan.file("a.txt").content(), StandardCharsets.UTF_8))
        .isEqualTo("true 1234567 0.5 ${kept} plain");
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "x.txt.ftl", utf8("[='freemarker.template.utility.Execute'?new()('id')]")),
                    SMALL))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("Template files/x.txt.ftl line 1 does not render")
        .hasMessageContaining("Instantiating freemarker.template.utility.Execute is not allowed");
    assertThatThrownBy(() -> render(Map.of("y.txt.ftl", utf8("[=app?api.size()]")), SMALL))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("Template files/y.txt.ftl line 1 does not render")
        .hasMessageContaining("api_builtin_enabled");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Plan render(Map<String, byte[]> files, PlanRenderer.Limits limits) {
    ArchetypeDescriptor descriptor =
        new ArchetypeDescriptor("spark-pi", "test", "SparkPi", List.of(), Set.of(), List.of());
    ProjectSpec spec = Fixtures.spec("job", b -> b);
    return new PlanRenderer("0", limits).render(spec, Archetype.of(descriptor, files, Map.of()));
  }
}
