package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Document;

class PlanRendererTest {

  private final Plan demo =
      Fixtures.plan("payments-etl", b -> b.group("com.acme").envs(List.of("dev", "qa", "prod")));

  @Test
  void templatesParsedAheadRenderTheSamePlanAndAreTakenOnce() {
    AtomicInteger loads = new AtomicInteger();
    PlanRenderer.parseAhead(
        "spark-pi",
        () -> {
          loads.incrementAndGet();
          return ArchetypeCatalog.builtIn().load("spark-pi");
        });
    Plan ahead = Fixtures.demoPlan();
    Plan parsedNow = Fixtures.demoPlan();

    assertThat(contents(ahead)).isEqualTo(contents(parsedNow));
    // Taken by the first render: a second head start loads again.
    PlanRenderer.parseAhead(
        "spark-pi",
        () -> {
          loads.incrementAndGet();
          return ArchetypeCatalog.builtIn().load("spark-pi");
        });
    assertThat(contents(Fixtures.demoPlan())).isEqualTo(contents(parsedNow));
    assertThat(loads).hasValue(2);
  }

  @Test
  void aHeadStartOnOtherTemplatesIsNotUsed() {
    Archetype builtIn = ArchetypeCatalog.builtIn().load("spark-pi");
    Map<String, byte[]> changed = new TreeMap<>(builtIn.files());
    changed.put("README.md.ftl", "changed\n".getBytes(StandardCharsets.UTF_8));
    PlanRenderer.parseAhead(
        "spark-pi",
        () ->
            new Archetype(
                builtIn.descriptor(),
                new TreeMap<>(changed),
                builtIn.kustomizeBase(),
                Set.of(),
                builtIn.source()));

    assertThat(Fixtures.demoPlan().files().get("README.md").text())
        .contains("spark-pi-demo")
        .isNotEqualTo("changed\n");
  }

  @Test
  void aFailedHeadStartParsesAsUsual() {
    PlanRenderer.parseAhead(
        "spark-pi",
        () -> {
          throw new IllegalStateException("no templates");
        });

    assertThat(Fixtures.demoPlan().files().get("README.md").text()).contains("spark-pi-demo");
  }

  private static Map<String, String> contents(Plan plan) {
    Map<String, String> contents = new TreeMap<>();
    plan.files().forEach((path, file) -> contents.put(path, file.text()));
    return contents;
  }

  @Test
  void placesSourcesInTheUsersPackage() {
    assertThat(demo.files())
        .containsKeys(
            "src/main/java/com/acme/paymentsetl/SparkPi.java",
            "src/test/java/com/acme/paymentsetl/SparkPiTest.java");
    assertThat(demo.file("src/main/java/com/acme/paymentsetl/SparkPi.java").text())
        .startsWith("package com.acme.paymentsetl;");
    assertThat(demo.files().keySet())
        .noneMatch(path -> path.contains("__") || path.endsWith(".ftl"));
  }

  @Test
  void rendersEnvironmentFilesOncePerEnvironmentWithEnvBound() {
    ArchetypeDescriptor descriptor =
        new ArchetypeDescriptor("spark-pi", "test", "SparkPi", List.of(), Set.of(), List.of());
    Archetype archetype =
        Archetype.of(
            descriptor,
            Map.of(
                "k8s/overlays/__env__/kustomization.yaml.ftl",
                "namespace: [=env.namespace] # [=env.tier]\n".getBytes(StandardCharsets.UTF_8)),
            Map.of());
    ProjectSpec spec = Fixtures.spec("job", b -> b.envs(List.of("dev", "qa", "prod")));

    Plan plan = new PlanRenderer("0").render(spec, archetype);

    assertThat(plan.files().keySet())
        .containsExactly(
            ".sparkgen.yaml",
            "k8s/overlays/dev/kustomization.yaml",
            "k8s/overlays/prod/kustomization.yaml",
            "k8s/overlays/qa/kustomization.yaml");
    assertThat(plan.file("k8s/overlays/qa/kustomization.yaml").text())
        .isEqualTo("namespace: job-qa # staging\n");
    assertThat(plan.file("k8s/overlays/prod/kustomization.yaml").text())
        .isEqualTo("namespace: job-prod # prod\n");
  }

  @Test
  void copiesTheKustomizeBaseVerbatimUnderK8sBase() {
    ArchetypeDescriptor descriptor =
        new ArchetypeDescriptor("spark-pi", "test", "SparkPi", List.of(), Set.of(), List.of());
    byte[] base = "resources:\n  - job.yaml # [=not.a.template]\n".getBytes(StandardCharsets.UTF_8);
    Archetype archetype = Archetype.of(descriptor, Map.of(), Map.of("kustomization.yaml", base));

    Plan plan = new PlanRenderer("0").render(Fixtures.spec("job", b -> b), archetype);

    assertThat(plan.file("k8s/base/kustomization.yaml").content()).isEqualTo(base);
  }

  @Test
  void shipsTheBuiltInKustomizeBaseInEveryRepository() {
    Map<String, byte[]> base = ArchetypeCatalog.builtIn().load("spark-pi").kustomizeBase();
    base.forEach(
        (path, bytes) -> assertThat(demo.file("k8s/base/" + path).content()).isEqualTo(bytes));
  }

  @Test
  void marksOnlyTheWrapperExecutable() {
    assertThat(demo.files())
        .hasEntrySatisfying("mvnw", file -> assertThat(file.executable()).isTrue());
    assertThat(demo.files().entrySet())
        .filteredOn(e -> e.getValue().executable())
        .extracting(Map.Entry::getKey)
        .containsExactly("mvnw");
  }

  @Test
  void rendersTheSameBytesEveryTime() {
    assertThat(
            Fixtures.plan(
                "payments-etl", b -> b.group("com.acme").envs(List.of("dev", "qa", "prod"))))
        .isEqualTo(demo);
  }

  @Test
  void keepsMavenPropertiesLiteralInThePom() throws Exception {
    String pom = demo.file("pom.xml").text();

    assertThat(pom)
        .contains(
            "<version>${spark.version}</version>",
            "<artifactId>payments-etl</artifactId>",
            "<groupId>com.acme</groupId>",
            "<spark.version>4.2.0</spark.version>");
    Document parsed =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(demo.file("pom.xml").content()));
    assertThat(parsed.getDocumentElement().getTagName()).isEqualTo("project");
  }

  @Test
  void generatesOnlyYamlThatParses() {
    demo.files()
        .forEach(
            (path, file) -> {
              if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                assertThat(new Load(LoadSettings.builder().build()).loadAllFromString(file.text()))
                    .as(path)
                    .isNotEmpty();
              }
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void recordsInputsAndTheBlobIdAndModeOfEveryFileInTheAnswersFile() {
    Map<String, Object> answers =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(demo.file(".sparkgen.yaml").text());

    assertThat(answers).containsEntry("schema", 1).doesNotContainKey("templates");
    assertThat((Map<String, Object>) answers.get("generator"))
        .containsEntry("version", Fixtures.GENERATOR_VERSION);
    assertThat(answers).containsEntry("archetype", "spark-pi");
    Map<String, Object> inputs = (Map<String, Object>) answers.get("inputs");
    assertThat(inputs)
        .containsEntry("name", "payments-etl")
        .containsEntry("group", "com.acme")
        .containsEntry("package", "com.acme.paymentsetl")
        .containsEntry("spark", "4.2.0")
        .containsEntry("java", 17)
        .containsEntry(
            "envs",
            List.of(
                Map.of("name", "dev", "tier", "dev", "cluster", "local"),
                Map.of("name", "qa", "tier", "staging", "cluster", "shared"),
                Map.of("name", "prod", "tier", "prod", "cluster", "shared")))
        .containsEntry("parameters", Map.of("partitions", "10"));
    Map<String, Object> hashes = (Map<String, Object>) answers.get("files");
    assertThat(hashes.keySet())
        .containsExactlyInAnyOrderElementsOf(
            demo.files().keySet().stream()
                .filter(p -> !p.equals(PlanRenderer.ANSWERS_FILE))
                .toList());
    hashes.forEach(
        (path, recorded) ->
            assertThat(recorded)
                .as(path)
                .isEqualTo(
                    (path.equals("mvnw") ? "100755 " : "100644 ") + demo.file(path).gitBlobId()));
  }

  @Test
  void compilesAgainstTheKubernetesClientAndModuleOfEachSparkLineFromTheReleaseTable() {
    for (var release : dev.sparkgen.spec.SparkVersions.RELEASES) {
      Plan plan = Fixtures.plan("job", b -> b.spark(release.version()));

      assertThat(plan.file("pom.xml").text())
          .as(release.version())
          .contains(
              "<kubernetes-client.version>"
                  + release.kubernetesClient()
                  + "</kubernetes-client.version>")
          .contains(
              "<spark-kubernetes.version>"
                  + release.kubernetesModule()
                  + "</spark-kubernetes.version>");
    }
    // spark-kubernetes 3.5.8 is not on Maven Central: the newest 3.5 that is.
    assertThat(Fixtures.plan("job", b -> b.spark("3.5")).file("pom.xml").text())
        .contains("<kubernetes-client.version>6.7.2<")
        .contains("<spark-kubernetes.version>3.5.6<");
  }

  /**
   * The connectors match the Hadoop inside each line's image, from the release table; the pom
   * parses as XML (an option's "--" in a comment would not); without --object-store, neither
   * connector nor Hadoop version is in it.
   */
  @Test
  void addsTheObjectStoreConnectorsOfEachSparkLinesHadoop() throws Exception {
    for (var release : dev.sparkgen.spec.SparkVersions.RELEASES) {
      String pom =
          Fixtures.plan("job", b -> b.spark(release.version()).objectStores(List.of("s3a", "gcs")))
              .file("pom.xml")
              .text();
      javax.xml.parsers.DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(new org.xml.sax.InputSource(new java.io.StringReader(pom)));
      var gcs = release.hadoop().gcsConnector();
      assertThat(pom)
          .as(release.version())
          .contains("<hadoop.version>" + release.hadoop().version() + "</hadoop.version>")
          .contains(
              "<artifactId>hadoop-aws</artifactId>\n      <version>${hadoop.version}</version>\n      <scope>runtime</scope>")
          .contains(
              "<groupId>"
                  + gcs.groupId()
                  + "</groupId>\n      <artifactId>"
                  + gcs.artifactId()
                  + "</artifactId>")
          .contains(
              gcs.classifier().isEmpty()
                  ? "<version>${hadoop.version}</version>"
                  : "<version>"
                      + gcs.version()
                      + "</version>\n      <classifier>shaded</classifier>");
    }
    assertThat(Fixtures.plan("job", b -> b.spark("4.2")).file("pom.xml").text())
        .doesNotContain("hadoop");
    assertThat(dev.sparkgen.spec.SparkVersions.find("4.2").hadoop().gcsConnector().artifactId())
        .isEqualTo("hadoop-gcp");
    assertThat(dev.sparkgen.spec.SparkVersions.find("3.5").hadoop().version()).isEqualTo("3.3.4");
  }

  @Test
  void namesTheBaseObjectsInSkaffoldWithTheSuffixesTheNameLengthIsCheckedWith() {
    Plan plan = Fixtures.plan("job", b -> b);

    // The History Server is opt-in (k8s/overlays/<env>/shared/), so skaffold forwards the UI only.
    assertThat(plan.file("skaffold.yaml").text())
        .contains("resourceName: \"job-driver-svc\"")
        .contains("delete job job-driver ");
  }

  @Test
  void passesArchetypeParametersToTemplates() {
    Plan plan = Fixtures.plan("job", b -> b.parameters(Map.of("partitions", "42")));

    assertThat(plan.file("src/main/java/com/example/job/SparkPi.java").text())
        .contains("DEFAULT_PARTITIONS = 42;");
  }

  @Test
  void namesTheTemplateAndLineOfASyntaxError() {
    Archetype broken = archetypeWith("pom.xml.ftl", "<project>\n  <#list>\n</project>\n");

    assertThatThrownBy(() -> render(broken))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("files/pom.xml.ftl line 2");
  }

  @Test
  void namesTheTemplateAndLineOfAnUnknownValue() {
    Archetype broken = archetypeWith("README.md.ftl", "# [=app.name]\n\n[=app.nmae]\n");

    assertThatThrownBy(() -> render(broken))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("files/README.md.ftl line 3")
        .hasMessageContaining("evaluated to null or missing: app.nmae");
  }

  @Test
  void forbidsTemplatesFromInstantiatingJavaClasses() {
    Archetype hostile =
        archetypeWith(
            "x.txt.ftl",
            "<#assign ex = \"freemarker.template.utility.Execute\"?new()>[=ex(\"id\")]");

    assertThatThrownBy(() -> render(hostile)).isInstanceOf(TemplateRenderException.class);
  }

  @Test
  void reportsABuiltInTemplateThatFailsToRenderAsABugNotAsBadInput() {
    Archetype user = archetypeWith("pom.xml.ftl", "[=app.nope]");
    Archetype builtIn =
        new Archetype(
            user.descriptor(),
            user.files(),
            user.kustomizeBase(),
            java.util.Set.of(),
            dev.sparkgen.spec.TemplateSource.BUILT_IN);

    assertThatThrownBy(() -> render(builtIn))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(dev.sparkgen.spec.InvalidInputException.class)
        .hasMessageContaining("built-in Template files/pom.xml.ftl line 1 does not render")
        .hasMessageContaining("a bug in sparkgen");
  }

  @Test
  void formatsNumbersAndBooleansForMachinesNotForTheLocale() {
    Plan plan = render(archetypeWith("x.txt.ftl", "[=1234567] [=true] [=0.5]"));

    assertThat(plan.file("x.txt").text()).isEqualTo("1234567 true 0.5");
  }

  @Test
  void forbidsTheApiBuiltIn() {
    Archetype hostile = archetypeWith("x.txt.ftl", "[=app?api.getClass()]");

    assertThatThrownBy(() -> render(hostile))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessageContaining("?api");
  }

  @Test
  void rethrowsInsteadOfPrintingTheErrorIntoTheFile() {
    Archetype broken = archetypeWith("x.txt.ftl", "before [=nope] after");

    assertThatThrownBy(() -> render(broken))
        .isInstanceOf(TemplateRenderException.class)
        .hasMessage(
            "Template files/x.txt.ftl line 1 does not render: The following has evaluated to null or missing: nope");
  }

  @Test
  void plansKnowTheirTotalSize() {
    Plan plan =
        Plan.of(java.util.Map.of("a", PlannedFile.text("12"), "b", PlannedFile.text("345")));

    assertThat(plan.totalBytes()).isEqualTo(5);
  }

  @Test
  void plannedFilesAreValuesOfContentAndMode() {
    PlannedFile file = PlannedFile.text("x");

    assertThat(file)
        .isEqualTo(PlannedFile.text("x"))
        .hasSameHashCodeAs(PlannedFile.text("x"))
        .isNotEqualTo(PlannedFile.text("y"))
        .isNotEqualTo(new PlannedFile("x".getBytes(StandardCharsets.UTF_8), true))
        .isNotEqualTo("x");
    assertThat(file.hashCode())
        .isNotEqualTo(new PlannedFile("x".getBytes(StandardCharsets.UTF_8), true).hashCode())
        .isNotEqualTo(PlannedFile.text("y").hashCode());
    assertThat(file).hasToString("PlannedFile[1 bytes]");
    assertThat(new PlannedFile(new byte[2], true)).hasToString("PlannedFile[2 bytes, executable]");
  }

  private static Archetype archetypeWith(String path, String template) {
    ArchetypeDescriptor descriptor =
        new ArchetypeDescriptor("spark-pi", "test", "SparkPi", List.of(), Set.of(), List.of());
    return Archetype.of(
        descriptor, Map.of(path, template.getBytes(StandardCharsets.UTF_8)), Map.of());
  }

  private static Plan render(Archetype archetype) {
    ProjectSpec spec = Fixtures.spec("job", b -> b);
    return new PlanRenderer("0").render(spec, archetype);
  }
}
