package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.ArchetypeDescriptor.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecBuilderTest {

  static final Map<String, ArchetypeDescriptor> ARCHETYPES =
      Map.of(
          "spark-pi",
          new ArchetypeDescriptor(
              "spark-pi",
              "demo",
              "SparkPi",
              List.of(new Parameter("partitions", "partitions", "10", "[1-9][0-9]{0,3}")),
              Set.of("mvnw"),
              List.of()));

  static ProjectSpec build(String name, UnaryOperator<SpecBuilder> options) {
    return options.apply(SpecBuilder.named(name)).build(ARCHETYPES);
  }

  @Test
  void fillsInTheDocumentedDefaults() {
    ProjectSpec spec = build("payments-etl", b -> b);

    assertThat(spec.groupId()).isEqualTo("com.example");
    assertThat(spec.packageName()).isEqualTo("com.example.paymentsetl");
    assertThat(spec.archetypeId()).isEqualTo("spark-pi");
    assertThat(spec.spark().version()).isEqualTo("4.2.0");
    assertThat(spec.javaVersion()).isEqualTo(17);
    assertThat(spec.baseImage()).hasToString("apache/spark:4.2.0-scala2.13-java17-ubuntu");
    assertThat(spec.customBaseImage()).isEmpty();
    assertThat(spec.environments())
        .extracting(Environment::name)
        .containsExactly("dev", "staging", "prod");
    assertThat(spec.environments())
        .extracting(Environment::namespace)
        .containsExactly("payments-etl-dev", "payments-etl-staging", "payments-etl-prod");
    assertThat(spec.environments())
        .extracting(e -> e.tier().key())
        .containsExactly("dev", "staging", "prod");
    // dev on a local cluster the team owns (kind, minikube); the others in namespaces of shared
    // clusters.
    assertThat(spec.environments())
        .extracting(Environment::cluster)
        .containsExactly("local", "shared", "shared");
    assertThat(spec.registry()).isEmpty();
    assertThat(spec.imageRepository()).isEqualTo("payments-etl");
    assertThat(spec.parameters()).containsExactly(Map.entry("partitions", "10"));
  }

  static Stream<Arguments> goodInputs() {
    return Stream.of(
        Arguments.of(
            "spark 3.5 line on java 17",
            (UnaryOperator<SpecBuilder>) b -> b.spark("3.5"),
            "apache/spark:3.5.8-scala2.12-java17-ubuntu"),
        Arguments.of(
            "spark 4.1.2 on java 21",
            (UnaryOperator<SpecBuilder>) b -> b.spark("4.1.2").java(21),
            "apache/spark:4.1.2-scala2.13-java21-ubuntu"),
        Arguments.of(
            "registry with port and path",
            (UnaryOperator<SpecBuilder>) b -> b.registry("registry.example.com:5000/data-team"),
            "apache/spark:4.2.0-scala2.13-java17-ubuntu"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodInputs")
  void acceptsValidCombinations(String what, UnaryOperator<SpecBuilder> options, String baseImage) {
    assertThat(build("job", options).baseImage()).hasToString(baseImage);
  }

  static final String DIGEST =
      "sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

  static Stream<Arguments> baseImages() {
    return Stream.of(
        Arguments.of(
            "mirror by tag",
            "registry.example.com/mirror/apache/spark:4.2.0-scala2.13-java17-ubuntu",
            "registry.example.com/mirror/apache/spark",
            "4.2.0-scala2.13-java17-ubuntu",
            ""),
        Arguments.of(
            "mirror by tag and digest",
            "registry.example.com:5000/hardened/spark:4.2.0@" + DIGEST,
            "registry.example.com:5000/hardened/spark",
            "4.2.0",
            DIGEST),
        Arguments.of(
            "by digest only", "localhost:5000/spark@" + DIGEST, "localhost:5000/spark", "", DIGEST),
        Arguments.of(
            "Docker Hub, one component", "spark:v4.2.0_hardened", "spark", "v4.2.0_hardened", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("baseImages")
  void acceptsABaseImageByTagOrDigest(
      String what, String reference, String name, String tag, String digest) {
    ProjectSpec spec = build("job", b -> b.baseImage(reference));
    assertThat(spec.baseImage()).hasToString(reference);
    assertThat(spec.baseImage().name()).isEqualTo(name);
    assertThat(spec.baseImage().tag().orElse("")).isEqualTo(tag);
    assertThat(spec.baseImage().digest().orElse("")).isEqualTo(digest);
    assertThat(spec.officialBaseImage()).isEqualTo("apache/spark:4.2.0-scala2.13-java17-ubuntu");
  }

  @Test
  void prefixesTheImageWithTheRegistry() {
    assertThat(build("job", b -> b.registry("ghcr.io/acme")).imageRepository())
        .isEqualTo("ghcr.io/acme/job");
  }

  @Test
  void givesCustomEnvironmentsTheStagingTierUnlessNamedForDevOrProd() {
    ProjectSpec spec = build("job", b -> b.envs(List.of("local", "qa", "production")));

    assertThat(spec.environments())
        .extracting(e -> e.tier().key())
        .containsExactly("dev", "staging", "prod");
  }

  @Test
  void givesAnEnvironmentTheTierItIsGivenOverTheOneItsNameSuggests() {
    assertThat(
            build("job", b -> b.envs(List.of("qa", "dev")).tiers(Map.of("qa", "prod")))
                .environments())
        .extracting(e -> e.tier().key())
        .containsExactly("prod", "dev");
  }

  @Test
  void takesTheClusterOfAnEnvironmentFromItsSuffix() {
    ProjectSpec spec =
        build("job", b -> b.envs(List.of("dev:shared", "qa:local", "prod", "local")));

    assertThat(spec.environments())
        .extracting(Environment::name)
        .containsExactly("dev", "qa", "prod", "local");
    assertThat(spec.environments())
        .extracting(Environment::namespace)
        .containsExactly("job-dev", "job-qa", "job-prod", "job-local");
    assertThat(spec.environments())
        .extracting(e -> e.tier().key())
        .containsExactly("dev", "staging", "prod", "dev");
    assertThat(spec.environments())
        .extracting(Environment::cluster)
        .containsExactly("shared", "local", "shared", "local");
    assertThat(spec.environments())
        .extracting(Environment::spec)
        .containsExactly("dev:shared", "qa:local", "prod:shared", "local:local");
    assertThat(build("job", b -> b.envs(List.of("dev:local"))).environments())
        .extracting(Environment::ownsNamespace)
        .containsExactly(true);
  }

  static Stream<Arguments> badInputs() {
    String longest = "a".repeat(KubernetesNames.maxAppNameLength());
    return Stream.of(
        bad("uppercase name", "Payments", b -> b, "'Payments' is not a DNS-1123 label"),
        bad("name with underscore", "pay_ments", b -> b, "not a DNS-1123 label"),
        bad("name ending in a dash", "payments-", b -> b, "not a DNS-1123 label"),
        bad("empty name", "", b -> b, "name is empty"),
        bad(
            "name one over the limit",
            longest + "b",
            b -> b,
            "'"
                + longest
                + "b' is 46 characters long; at most 45 are accepted, because the scheduled CronJob (NAME-driver) is built from it and is limited to 52"),
        bad(
            "name starting with a digit",
            "1job",
            b -> b,
            "'1job' starts with a digit; it must start with a letter"),
        bad("group with reserved word", "job", b -> b.group("com.int.jobs"), "reserved word 'int'"),
        bad("group with 'class'", "job", b -> b.group("org.class"), "reserved word 'class'"),
        bad(
            "group with empty segment",
            "job",
            b -> b.group("com..example"),
            "not a valid Java package name"),
        bad("group with dash", "job", b -> b.group("com.my-team"), "not a valid Java package name"),
        bad(
            "package starting with a digit",
            "job",
            b -> b.packageName("com.1job"),
            "not a valid Java package name"),
        bad(
            "package literal",
            "job",
            b -> b.packageName("com.example.true"),
            "reserved word 'true'"),
        bad("name that yields no package", "int", b -> b, "pass --package"),
        bad(
            "env with uppercase",
            "job",
            b -> b.envs(List.of("dev", "Prod")),
            "'Prod' is not a DNS-1123 label"),
        bad(
            "duplicate env",
            "job",
            b -> b.envs(List.of("dev", "prod", "dev")),
            "'dev' is given twice"),
        bad("no env", "job", b -> b.envs(List.of()), "No environments"),
        bad(
            "unknown cluster",
            "job",
            b -> b.envs(List.of("dev:cloud", "prod")),
            "Environment 'dev:cloud' names the cluster 'cloud'; use ENV:local for a cluster you own"),
        bad(
            "empty cluster",
            "job",
            b -> b.envs(List.of("dev:")),
            "Environment 'dev:' names the cluster ''"),
        bad(
            "two clusters",
            "job",
            b -> b.envs(List.of("dev:local:shared")),
            "names the cluster 'local:shared'"),
        bad(
            "uppercase cluster",
            "job",
            b -> b.envs(List.of("dev:Local")),
            "names the cluster 'Local'"),
        bad(
            "env given twice with different clusters",
            "job",
            b -> b.envs(List.of("dev:local", "dev:shared")),
            "'dev' is given twice"),
        bad(
            "bad env name with a cluster",
            "job",
            b -> b.envs(List.of("Dev:shared")),
            "'Dev' is not a DNS-1123 label"),
        bad(
            "namespace too long",
            "a".repeat(40),
            b -> b.envs(List.of("dev", "x".repeat(23))),
            "namespace '" + "a".repeat(40) + "-" + "x".repeat(23) + "', 64 characters long"),
        bad(
            "unknown archetype",
            "job",
            b -> b.archetype("spark-sql"),
            "Archetype 'spark-sql' does not exist; available: spark-pi"),
        bad(
            "main class for an archetype of sparkgen new",
            "job",
            b -> b.mainClass("com.acme.Main"),
            "Archetype 'spark-pi' makes new repositories ('sparkgen new'); an existing project is adopted with an archetype of 'command: init'."),
        bad(
            "unknown tier",
            "job",
            b -> b.envs(List.of("qa")).tiers(Map.of("qa", "production")),
            "Environment 'qa' has the tier 'production'; use one of dev, staging, prod."),
        bad(
            "unknown spark",
            "job",
            b -> b.spark("3.4.1"),
            "Spark version '3.4.1' is not supported"),
        bad(
            "spark 3.5 has no java 21 image",
            "job",
            b -> b.spark("3.5.8").java(21),
            "no official apache/spark image for Spark 3.5.8 on Java 21"),
        bad("unsupported java", "job", b -> b.java(11), "Java 11 is not supported"),
        bad(
            "registry with scheme",
            "job",
            b -> b.registry("https://registry.example.com"),
            "Registry 'https://registry.example.com' is malformed"),
        bad(
            "registry with tag",
            "job",
            b -> b.registry("registry.example.com/team:1"),
            "malformed"),
        bad(
            "registry with uppercase path",
            "job",
            b -> b.registry("registry.example.com/Team"),
            "malformed"),
        bad("registry with trailing slash", "job", b -> b.registry("localhost:5000/"), "malformed"),
        bad(
            "base image without tag or digest",
            "job",
            b -> b.baseImage("registry.example.com/mirror/spark"),
            "--base-image 'registry.example.com/mirror/spark' names neither a tag nor a digest"),
        bad(
            "base image with a scheme",
            "job",
            b -> b.baseImage("https://registry.example.com/spark:4.2.0"),
            "--base-image 'https://registry.example.com/spark:4.2.0' is not a valid image reference"),
        bad(
            "base image with uppercase repository",
            "job",
            b -> b.baseImage("registry.example.com/Mirror/spark:4.2.0"),
            "is not a valid image reference"),
        bad(
            "base image with a short digest",
            "job",
            b -> b.baseImage("apache/spark@sha256:abc"),
            "is not a valid image reference"),
        bad(
            "base image with an uppercase digest",
            "job",
            b -> b.baseImage("apache/spark@" + DIGEST.toUpperCase(java.util.Locale.ROOT)),
            "is not a valid image reference"),
        bad(
            "base image with an uppercase first component that is no registry",
            "job",
            b -> b.baseImage("Apache/spark:4.2.0"),
            "--base-image 'Apache/spark:4.2.0' is not a valid image reference"),
        bad(
            "base image with two tags",
            "job",
            b -> b.baseImage("apache/spark:4.2.0:extra"),
            "is not a valid image reference"),
        bad(
            "base image with a space",
            "job",
            b -> b.baseImage("apache/spark:4.2.0 "),
            "is not a valid image reference"),
        bad("empty base image", "job", b -> b.baseImage(""), "--base-image is empty"),
        bad(
            "unknown parameter",
            "job",
            b -> b.parameters(Map.of("slices", "2")),
            "has no parameter 'slices'"),
        bad(
            "parameter not matching",
            "job",
            b -> b.parameters(Map.of("partitions", "0")),
            "'partitions' = '0' is not accepted"),
        bad(
            "unknown object store",
            "job",
            b -> b.objectStores(List.of("s3")),
            "Object store 's3' is not known; use 's3a' for s3a:// (Amazon S3 and S3-compatible stores: hadoop-aws), 'gcs' for gs://"),
        bad(
            "object store given twice",
            "job",
            b -> b.objectStores(List.of("gcs", "s3a", "gcs")),
            "Object store 'gcs' is given twice"),
        bad(
            "object store list with an empty item",
            "job",
            b -> b.objectStores(List.of("s3a", "")),
            "The object store list 's3a,' has an empty item"),
        bad(
            "none with an object store",
            "job",
            b -> b.objectStores(List.of("none", "s3a")),
            "combines 'none' with object stores"),
        // Hostile input (issue 12): lengths the file system and registries cannot take, names the
        // JVM refuses.
        bad(
            "group of 5,201 characters (no stack overflow)",
            "job",
            b -> b.group("a.".repeat(2600) + "a"),
            "is 5201 characters long; at most 1024 are accepted"),
        bad(
            "package of 5,201 characters",
            "job",
            b -> b.packageName("a.".repeat(2600) + "a"),
            "is 5201 characters long"),
        bad(
            "package of 4,000 characters in short segments",
            "job",
            b -> b.packageName("abcd.".repeat(800).substring(0, 3999)),
            "is 3999 characters long; at most 1024"),
        bad(
            "package segment of 300 characters",
            "job",
            b -> b.packageName("com." + "x".repeat(300)),
            "has a segment of 300 characters; at most 255 are accepted, because each segment is a directory name"),
        bad(
            "group segment of 256 characters",
            "job",
            b -> b.group("g" + "x".repeat(255)),
            "a segment of 256 characters"),
        bad(
            "package java.lang",
            "job",
            b -> b.packageName("java.lang"),
            "The package 'java.lang' is reserved for the JDK"),
        bad(
            "package java.foo",
            "job",
            b -> b.packageName("java.foo"),
            "'java.foo' is reserved for the JDK"),
        bad("package java", "job", b -> b.packageName("java"), "'java' is reserved for the JDK"),
        bad(
            "default package under the group java",
            "job",
            b -> b.group("java"),
            "'java.job' is reserved for the JDK"),
        bad(
            "registry port 99999",
            "job",
            b -> b.registry("r.io:99999"),
            "Registry 'r.io:99999' has port 99999; a port is 1 to 65535"),
        bad(
            "registry port 0",
            "job",
            b -> b.registry("r.io:0"),
            "Registry 'r.io:0' has port 0; a port is 1 to 65535"),
        bad(
            "registry port 65536",
            "job",
            b -> b.registry("r.io:65536/team"),
            "Registry 'r.io:65536/team' has port 65536; a port is 1 to 65535."),
        bad(
            "registry port with 6 digits",
            "job",
            b -> b.registry("r.io:123456"),
            "has port 123456"),
        bad(
            "registry host label of 300 characters",
            "job",
            b -> b.registry("x".repeat(300) + ".io"),
            "has a host name label of 300 characters; DNS allows at most 63"),
        bad(
            "registry host label of 64 characters",
            "job",
            b -> b.registry("r." + "x".repeat(64) + ".io:5000"),
            "has a host name label of 64 characters; DNS allows at most 63."),
        bad(
            "registry without a host",
            "job",
            b -> b.registry("/team"),
            "Registry '/team' is malformed"),
        bad(
            "registry with a port but no host",
            "job",
            b -> b.registry(":5000/team"),
            "Registry ':5000/team' is malformed"),
        bad(
            "registry host of 5,000 labels (no stack overflow)",
            "job",
            b -> b.registry("a.".repeat(5000) + "io"),
            "is 10002 characters long"),
        bad(
            "image reference over 255 characters",
            "job",
            b -> b.registry("r.io/" + "p".repeat(250)),
            "is 255 characters long and makes the image name 'r.io/ppp"),
        bad(
            "image reference over 255 characters, its length",
            "job",
            b -> b.registry("r.io/" + "p".repeat(250)),
            "' 259 characters long; registries accept at most 255."),
        bad(
            "registry path of 5,000 components (no stack overflow)",
            "job",
            b -> b.registry("r.io/" + "a-".repeat(5000) + "a"),
            "is 10006 characters long"),
        bad(
            "registry with an empty host label",
            "job",
            b -> b.registry("r..io"),
            "Registry 'r..io' is malformed"),
        bad(
            "registry with an empty port",
            "job",
            b -> b.registry("r.io:"),
            "Registry 'r.io:' is malformed"),
        bad(
            "empty item in the environment list",
            "job",
            b -> b.envs(List.of("dev", "")),
            "The environment list 'dev,' has an empty item"),
        bad(
            "only an empty environment",
            "job",
            b -> b.envs(List.of("")),
            "The environment list '' has an empty item"),
        bad(
            "parameter given twice",
            "job",
            b -> b.parameterAssignments(List.of("partitions=1", "partitions=2")),
            "Parameter 'partitions' is given twice ('partitions=1', 'partitions=2'); give each parameter once"),
        bad(
            "parameter without a value",
            "job",
            b -> b.parameterAssignments(List.of("partitions")),
            "Parameter 'partitions' has no value; use --param KEY=VALUE"),
        bad(
            "parameter without a key",
            "job",
            b -> b.parameterAssignments(List.of("=3")),
            "Parameter '=3' has no name; use --param KEY=VALUE"));
  }

  static Arguments bad(
      String what, String name, UnaryOperator<SpecBuilder> options, String message) {
    return Arguments.of(what, name, options, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void rejectsBadInputWithOneSentenceNamingTheValue(
      String what, String name, UnaryOperator<SpecBuilder> options, String message) {
    assertThatThrownBy(() -> build(name, options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
  }

  @Test
  void listsTheSupportedSparkReleasesWhenRefusingOne() {
    assertThatThrownBy(() -> build("job", b -> b.spark("3.4")))
        .hasMessage(
            "Spark version '3.4' is not supported; use one of 4.2.0 (or 4.2), 4.1.2 (or 4.1), 4.0.3 (or 4.0), 3.5.8 (or 3.5).");
  }

  @Test
  void ownsTheNamespaceOnlyOnALocalCluster() {
    assertThat(build("job", b -> b.envs(List.of("dev:local", "dev2:shared"))).environments())
        .extracting(Environment::ownsNamespace)
        .containsExactly(true, false);
  }

  @Test
  void namesAnEmptyEnvironmentBeforeItsCluster() {
    assertThatThrownBy(() -> build("job", b -> b.envs(List.of(":local"))))
        .hasMessageStartingWith("Environment name '' is not a DNS-1123 label");
  }

  @Test
  void splitsADefaultsAssignmentAtItsFirstEqualsSign() {
    assertThat(SpecBuilder.defaultsAssignment("prod=conf/prod.conf"))
        .isEqualTo(Map.entry("prod", "conf/prod.conf"));
    assertThat(SpecBuilder.defaultsAssignment("p=c")).isEqualTo(Map.entry("p", "c"));
    assertThat(SpecBuilder.defaultsAssignment("qa=conf/a=b.conf"))
        .isEqualTo(Map.entry("qa", "conf/a=b.conf"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=conf/prod.conf", "prod=", "="})
  void refusesADefaultsAssignmentWithoutAnEnvironmentOrAFile(String given) {
    assertThatThrownBy(() -> SpecBuilder.defaultsAssignment(given))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "--defaults '"
                + given
                + "' is not ENV=FILE; name the environment and its spark-defaults.conf, e.g. --defaults prod=conf/prod/spark-defaults.conf.");
  }

  @Test
  void translatesTheStandaloneInputsOfTheAnswersFileOnlyForEnvironmentsTheRepositoryHas() {
    StandaloneInputs inputs =
        new StandaloneInputs(
            Optional.empty(),
            Map.of(
                "qa",
                new StandaloneInputs.Source(
                    "qa.conf", SparkDefaults.parse("qa.conf", "spark.executor.cores 3"))));

    assertThat(
            build("job", b -> b.envs(List.of("qa")).standalone(inputs))
                .migration()
                .orElseThrow()
                .environments()
                .get("qa")
                .executors()
                .cores())
        .isEqualTo(3);
    assertThatThrownBy(() -> build("job", b -> b.envs(List.of("dev", "prod")).standalone(inputs)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "The answers file records a defaults file for environment 'qa', which the repository does not have; restore .sparkgen.yaml from git.");
  }

  @Test
  void translatesDefaultsFilesWithoutASubmitScriptNamingThemWithoutTheirDirectory() {
    StandaloneMigration migration =
        build(
                "job",
                b ->
                    b.defaults("dev", "conf/dev/spark-defaults.conf", "spark.executor.cores 2")
                        .defaults(
                            "prod", "conf/prod/spark-defaults.conf", "spark.executor.cores 4"))
            .migration()
            .orElseThrow();

    assertThat(migration.inputs().submit()).isEmpty();
    assertThat(migration.inputs().defaults().get("prod").file()).isEqualTo("spark-defaults.conf");
    assertThat(migration.environments().get("dev").executors().cores()).isEqualTo(2);
    assertThat(migration.environments().get("prod").executors().cores()).isEqualTo(4);
    assertThat(migration.environments().get("prod").rows().get(0).setting().where())
        .isEqualTo("spark-defaults.conf:1");
    assertThat(build("job", b -> b).migration()).isEmpty();
  }

  @Test
  void abbreviatesOnlyValuesOver80Characters() {
    assertThat(SpecBuilder.abbreviate("a".repeat(80))).isEqualTo("a".repeat(80));
    assertThat(SpecBuilder.abbreviate("a".repeat(81))).isEqualTo("a".repeat(60) + "…");
  }

  @Test
  void acceptsValuesExactlyAtTheFileSystemAndRegistryLimits() {
    assertThat(
            build("a".repeat(40), b -> b.envs(List.of("x".repeat(22))))
                .environments()
                .get(0)
                .namespace())
        .hasSize(63);
    assertThat(build("job", b -> b.registry("R.IO/team")).imageRepository())
        .isEqualTo("R.IO/team/job");
    String segment = "s".repeat(255);
    String longPackage = ("p".repeat(99) + ".").repeat(10) + "p".repeat(23);

    assertThat(build("job", b -> b.packageName("com." + segment)).packageName()).endsWith(segment);
    assertThat(build("job", b -> b.packageName(longPackage)).packageName()).hasSize(1023);
    assertThat(build("job", b -> b.packageName(longPackage + "p")).packageName()).hasSize(1024);
    assertThat(build("job", b -> b.registry("r.io:65535")).registry()).contains("r.io:65535");
    assertThat(build("job", b -> b.registry("r.io:1")).registry()).contains("r.io:1");
    assertThat(build("job", b -> b.registry("x".repeat(63) + ".io")).registry()).isPresent();
    assertThat(build("job", b -> b.registry("r.io/" + "p".repeat(246))).imageRepository())
        .hasSize(255);
    assertThat(build("job", b -> b.packageName("javax.jobs").group("javaa")).packageName())
        .isEqualTo("javax.jobs");
    assertThat(build("job", b -> b.parameterAssignments(List.of("partitions=7"))).parameters())
        .containsExactly(Map.entry("partitions", "7"));
  }

  @Test
  void objectStoresAreKeptInOneOrderAndNoneMeansNone() {
    assertThat(build("job", b -> b.objectStores(List.of("gcs", "s3a"))).objectStores())
        .containsExactly(ObjectStore.S3A, ObjectStore.GCS);
    assertThat(build("job", b -> b.objectStores(List.of("none"))).objectStores()).isEmpty();
    assertThat(build("job", b -> b).objectStores()).isEmpty();
  }

  @Test
  void acceptsANameExactlyAtTheLimit() {
    String name = "a".repeat(KubernetesNames.maxAppNameLength());

    assertThat(build(name, b -> b).name()).hasSize(45);
  }

  @Test
  void boundsTheNameByTheTightestDerivedName() {
    // The CronJob "NAME-driver" (52 at most, its Jobs append 11 characters) is the tightest.
    assertThat(KubernetesNames.maxAppNameLength()).isEqualTo(45);
    assertThat(KubernetesNames.tightest().what()).contains("CronJob");
    for (KubernetesNames.DerivedName derived : KubernetesNames.DERIVED) {
      assertThat(45 + derived.suffix().length()).isLessThanOrEqualTo(derived.limit());
    }
  }
}
