package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.ArchetypeDescriptor.UpgradePolicy;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DescriptorParserTest {

  static final String GOOD =
      """
      id: job
      description: a job
      mainClass: Main
      parameters:
        - name: partitions
          description: how many
          default: "10"
          pattern: "[1-9][0-9]*"
      executables:
        - mvnw
      upgrade:
        "src/main/java/**/Main.java": team
        "k8s/base/**": managed
      """;

  static ArchetypeDescriptor parse(String yaml) {
    return DescriptorParser.parse(
        "archetypes/job/archetype.yaml", "job", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryFieldAndThePerFileUpgradePolicy() {
    ArchetypeDescriptor d = parse(GOOD);

    assertThat(d.mainClass()).isEqualTo("Main");
    assertThat(d.parameters())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.defaultValue()).isEqualTo("10");
              assertThat(p.pattern()).isEqualTo("[1-9][0-9]*");
            });
    assertThat(d.executables()).containsExactly("mvnw");
    assertThat(d.policyOf("src/main/java/com/example/job/Main.java")).isEqualTo(UpgradePolicy.TEAM);
    assertThat(d.policyOf("k8s/base/job.yaml")).isEqualTo(UpgradePolicy.MANAGED);
    assertThat(d.policyOf("k8s/base/components/schedule/cronjob.yaml"))
        .isEqualTo(UpgradePolicy.MANAGED);
    assertThat(d.policyOf("pom.xml")).isEqualTo(UpgradePolicy.MERGED);
  }

  static Stream<Arguments> badDescriptors() {
    return Stream.of(
        Arguments.of(
            GOOD.replaceFirst("(?s)parameters:.*?executables:", "parameters: [1, 2]\nexecutables:"),
            "field 'parameters[0]' is the integer '1'; each parameter must be a mapping"),
        Arguments.of(
            GOOD.replace("    default: \"10\"\n", ""),
            "has no field 'parameters[0].default'; it is required."),
        Arguments.of(
            GOOD.replace("default: \"10\"", "default: \"0\""),
            "field 'parameters[0].default' is '0', which does not match its own pattern [1-9][0-9]*."),
        Arguments.of(
            GOOD.replace("pattern: \"[1-9][0-9]*\"", "pattern: \"[1-9\""),
            "field 'parameters[0].pattern' is not a valid Java regular expression"),
        Arguments.of(
            GOOD.replace("mainClass: Main", "mainClass: ../../x"),
            "field 'mainClass' is '../../x'; it must be a simple Java class name"),
        Arguments.of(
            GOOD.replace("mainClass: Main", "mainClass: class"), "field 'mainClass' is 'class'"),
        Arguments.of(
            GOOD.replace("default: \"10\"", "default: 10"),
            "field 'parameters[0].default' is the integer '10'; it must be a string (quote it)."),
        Arguments.of(
            GOOD.replace("id: job", "id: other"), "declares id 'other' but lives in folder 'job'"),
        Arguments.of(
            GOOD.replace("- mvnw", "- ../mvnw"),
            "field 'executables[0]' is the string '../mvnw'; use a relative generated path"),
        Arguments.of(
            GOOD.replace(": team", ": mine"),
            "field 'upgrade.src/main/java/**/Main.java' is the string 'mine'; use one of managed, merged, team."),
        Arguments.of(
            GOOD.replace("\"k8s/base/**\"", "\"k8s/base/[\""),
            "field 'upgrade.k8s/base/[' is not a valid glob"),
        Arguments.of(
            GOOD + "extra: 1\n",
            "has an unknown field 'extra'; the fields are [arguments, command, description, executables, id,"
                + " languages, mainClass, objectStore, parameters, shared, success, upgrade]."),
        Arguments.of(
            GOOD.replace("default: \"10\"", "default: \"10\"\n    type: int"),
            "field 'parameters[0]' has an unknown key 'type'; a parameter has [default,"
                + " description, name, pattern, storeDefaults]."),
        Arguments.of("- just a list\n", "is not a YAML mapping"),
        Arguments.of("id: [\n", "is not valid YAML"),
        Arguments.of(
            "id: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n",
            "is nested deeper than 100 levels (line 1)."),
        Arguments.of(GOOD + "shared: k8s\n", "field 'shared' must be a list of globs"),
        Arguments.of(GOOD + "shared:\n  - 3\n", "field 'shared[0]' is the integer '3'; use a glob"),
        Arguments.of(
            GOOD + "shared:\n  - \"**\"\n  - \"../x/**\"\n",
            "field 'shared[1]' is '../x/**'; use a relative glob"),
        Arguments.of(GOOD + "shared:\n  - \"k8s/[\"\n", "field 'shared[0]' is not a valid glob"),
        Arguments.of(GOOD + "command: adopt\n", "field 'command' is the string 'adopt'; use new"),
        Arguments.of(GOOD + "arguments: --input\n", "field 'arguments' must be a list of strings"),
        Arguments.of(
            GOOD + "arguments:\n  - 3\n",
            "field 'arguments[0]' is the integer '3'; each argument must be a quoted string."),
        Arguments.of(
            GOOD + "arguments:\n  - \"{params.input}/{env}\"\n",
            "field 'arguments[0]' names the parameter 'input', which field 'parameters' does not"
                + " declare; declare it or use one of [partitions]."),
        Arguments.of(
            GOOD + "arguments:\n  - \"{environment}\"\n",
            "field 'arguments[0]' is '{environment}'; its only placeholders may be {env} and"
                + " {params.NAME}."),
        Arguments.of(
            GOOD + "command: init\n",
            "field 'mainClass' is set, but an archetype with 'command: init' adopts a project"),
        Arguments.of(GOOD + "languages: java\n", "field 'languages' must be a non-empty list"),
        Arguments.of(GOOD + "languages: []\n", "field 'languages' must be a non-empty list"),
        Arguments.of(
            GOOD + "languages: [java, kotlin]\n",
            "field 'languages' names the string 'kotlin'; the languages are java, scala."),
        Arguments.of(GOOD + "languages: [scala, scala]\n", "field 'languages' names scala twice"),
        Arguments.of(
            GOOD + "objectStore: true\n", "field 'objectStore' is the boolean 'true'; use none"),
        Arguments.of(
            GOOD.replace("pattern: \"[1-9][0-9]*\"", "storeDefaults: {s3a: \"20\"}"),
            "parameter 'partitions' has storeDefaults, but the archetype's job keeps no data on an"
                + " object store"),
        Arguments.of(
            GOOD.replace("pattern: \"[1-9][0-9]*\"", "storeDefaults: {hdfs: \"20\"}")
                + "objectStore: optional\n",
            "field 'parameters[0].storeDefaults' names the object store 'hdfs'; the object stores"
                + " are [s3a, gcs]."),
        Arguments.of(
            GOOD.replace("default: \"10\"", "default: \"10\"\n    storeDefaults: {s3a: \"x\"}")
                + "objectStore: optional\n",
            "field 'parameters[0].storeDefaults.s3a' is 'x', which does not match the parameter's"
                + " pattern"));
  }

  @Test
  void languagesObjectStoreNeedsAndDefaultsPerStore() {
    ArchetypeDescriptor d =
        parse(
            GOOD.replace("default: \"10\"", "default: \"10\"\n    storeDefaults: {gcs: \"30\"}")
                + "languages: [scala, java]\nobjectStore: optional\n");

    assertThat(d.languages()).containsExactly(Language.SCALA, Language.JAVA);
    assertThat(d.defaultLanguage()).isEqualTo(Language.SCALA);
    assertThat(d.objectStore()).isEqualTo(ArchetypeDescriptor.ObjectStoreUse.OPTIONAL);
    ArchetypeDescriptor.Parameter p = d.parameters().get(0);
    assertThat(p.defaultFor(java.util.List.of())).isEqualTo("10");
    assertThat(p.defaultFor(java.util.List.of(ObjectStore.S3A))).isEqualTo("10");
    assertThat(p.defaultFor(java.util.List.of(ObjectStore.S3A, ObjectStore.GCS))).isEqualTo("30");
    // Without the fields: Java alone, no object store needed.
    assertThat(parse(GOOD).languages()).containsExactly(Language.JAVA);
    assertThat(parse(GOOD).objectStore()).isEqualTo(ArchetypeDescriptor.ObjectStoreUse.NONE);
  }

  @ParameterizedTest
  @MethodSource("badDescriptors")
  void rejectsEveryBadFieldInOneSentenceNamingTheFileAndField(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Archetype descriptor archetypes/job/archetype.yaml ")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void sharedGlobsPickTemplatesOfTheSharedFolderAndInitArchetypesHaveNoMainClass() {
    ArchetypeDescriptor d =
        parse(
            GOOD.replace("mainClass: Main\n", "")
                + "command: init\nshared:\n  - \"k8s/**\"\n  - mvnw\n");

    assertThat(d.command()).isEqualTo(ArchetypeDescriptor.Command.INIT);
    assertThat(d.mainClass()).isNull();
    assertThat(d.takesShared("k8s/overlays/__env__/kustomization.yaml.ftl")).isTrue();
    assertThat(d.takesShared("mvnw")).isTrue();
    assertThat(d.takesShared("skaffold.yaml.ftl")).isFalse();
    assertThat(parse(GOOD).command()).isEqualTo(ArchetypeDescriptor.Command.NEW);
    assertThat(parse(GOOD).takesShared("mvnw")).as("nothing shared unless asked").isFalse();
  }

  @Test
  void argumentsTakeTheEnvironmentAndTheParametersValues() {
    ArchetypeDescriptor d =
        parse(
            GOOD
                + "arguments:\n  - \"--partitions\"\n  - \"{params.partitions}\"\n"
                + "  - \"s3a://b/{env}/{params.partitions}\"\n");

    assertThat(d.argumentsFor("prod", java.util.Map.of("partitions", "7")))
        .containsExactly("--partitions", "7", "s3a://b/prod/7");
    assertThat(parse(GOOD).arguments()).isEmpty();
  }

  @Test
  void rejectsADescriptorThatIsNotUtf8() {
    byte[] latin1 = GOOD.replace("a job", "un métier").getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> DescriptorParser.parse("archetypes/job/archetype.yaml", "job", latin1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Archetype descriptor archetypes/job/archetype.yaml is not UTF-8 text; save it as UTF-8.");
  }
}
