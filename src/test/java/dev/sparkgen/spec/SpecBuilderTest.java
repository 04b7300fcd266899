package dev.sparkgen.spec;

import dev.sparkgen.spec.ArchetypeDescriptor.Parameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.ArchetypeDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SpecBuilderTest {

  static final Map<String, ArchetypeDescriptor> ARCHETYPES = Map.of("spark-pi",
      new ArchetypeDescriptor("spark-pi", "demo", "SparkPi",
          List.of(new Parameter("partitions", "partitions", "10", "[1-9][0-9]{0,3}")), Set.of("mvnw"), List.of()));

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
    assertThat(spec.baseImage()).isEqualTo("apache/spark:4.2.0-scala2.13-java17-ubuntu");
    assertThat(spec.environments()).extracting(Environment::name).containsExactly("dev", "staging", "prod");
    assertThat(spec.environments()).extracting(Environment::namespace)
        .containsExactly("payments-etl-dev", "payments-etl-staging", "payments-etl-prod");
    assertThat(spec.environments()).extracting(e -> e.tier().key()).containsExactly("dev", "staging", "prod");
    // dev on a local cluster the team owns (kind, minikube); the others in namespaces of shared clusters.
    assertThat(spec.environments()).extracting(Environment::cluster).containsExactly("local", "shared", "shared");
    assertThat(spec.registry()).isEmpty();
    assertThat(spec.imageRepository()).isEqualTo("payments-etl");
    assertThat(spec.parameters()).containsExactly(Map.entry("partitions", "10"));
  }

  static Stream<Arguments> goodInputs() {
    return Stream.of(
        Arguments.of("spark 3.5 line on java 17", (UnaryOperator<SpecBuilder>) b -> b.spark("3.5"),
            "apache/spark:3.5.8-scala2.12-java17-ubuntu"),
        Arguments.of("spark 4.1.2 on java 21", (UnaryOperator<SpecBuilder>) b -> b.spark("4.1.2").java(21),
            "apache/spark:4.1.2-scala2.13-java21-ubuntu"),
        Arguments.of("registry with port and path", (UnaryOperator<SpecBuilder>) b -> b.registry("registry.example.com:5000/data-team"),
            "apache/spark:4.2.0-scala2.13-java17-ubuntu"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodInputs")
  void acceptsValidCombinations(String what, UnaryOperator<SpecBuilder> options, String baseImage) {
    assertThat(build("job", options).baseImage()).isEqualTo(baseImage);
  }

  @Test
  void prefixesTheImageWithTheRegistry() {
    assertThat(build("job", b -> b.registry("ghcr.io/acme")).imageRepository()).isEqualTo("ghcr.io/acme/job");
  }

  @Test
  void givesCustomEnvironmentsTheStagingTierUnlessNamedForDevOrProd() {
    ProjectSpec spec = build("job", b -> b.envs(List.of("local", "qa", "production")));

    assertThat(spec.environments()).extracting(e -> e.tier().key()).containsExactly("dev", "staging", "prod");
  }

  @Test
  void takesTheClusterOfAnEnvironmentFromItsSuffix() {
    ProjectSpec spec = build("job", b -> b.envs(List.of("dev:shared", "qa:local", "prod", "local")));

    assertThat(spec.environments()).extracting(Environment::name).containsExactly("dev", "qa", "prod", "local");
    assertThat(spec.environments()).extracting(Environment::namespace).containsExactly("job-dev", "job-qa", "job-prod", "job-local");
    assertThat(spec.environments()).extracting(e -> e.tier().key()).containsExactly("dev", "staging", "prod", "dev");
    assertThat(spec.environments()).extracting(Environment::cluster).containsExactly("shared", "local", "shared", "local");
    assertThat(spec.environments()).extracting(Environment::spec).containsExactly("dev:shared", "qa:local", "prod:shared", "local:local");
    assertThat(build("job", b -> b.envs(List.of("dev:local"))).environments()).extracting(Environment::ownsNamespace).containsExactly(true);
  }

  static Stream<Arguments> badInputs() {
    String longest = "a".repeat(KubernetesNames.maxAppNameLength());
    return Stream.of(
        bad("uppercase name", "Payments", b -> b, "'Payments' is not a DNS-1123 label"),
        bad("name with underscore", "pay_ments", b -> b, "not a DNS-1123 label"),
        bad("name ending in a dash", "payments-", b -> b, "not a DNS-1123 label"),
        bad("empty name", "", b -> b, "name is empty"),
        bad("name one over the limit", longest + "b", b -> b,
            "'" + longest + "b' is 46 characters long; at most 45 are accepted, because the scheduled CronJob (NAME-driver) is built from it and is limited to 52"),
        bad("name starting with a digit", "1job", b -> b, "'1job' starts with a digit; it must start with a letter"),
        bad("group with reserved word", "job", b -> b.group("com.int.jobs"), "reserved word 'int'"),
        bad("group with 'class'", "job", b -> b.group("org.class"), "reserved word 'class'"),
        bad("group with empty segment", "job", b -> b.group("com..example"), "not a valid Java package name"),
        bad("group with dash", "job", b -> b.group("com.my-team"), "not a valid Java package name"),
        bad("package starting with a digit", "job", b -> b.packageName("com.1job"), "not a valid Java package name"),
        bad("package literal", "job", b -> b.packageName("com.example.true"), "reserved word 'true'"),
        bad("name that yields no package", "int", b -> b, "pass --package"),
        bad("env with uppercase", "job", b -> b.envs(List.of("dev", "Prod")), "'Prod' is not a DNS-1123 label"),
        bad("duplicate env", "job", b -> b.envs(List.of("dev", "prod", "dev")), "'dev' is given twice"),
        bad("no env", "job", b -> b.envs(List.of()), "No environments"),
        bad("unknown cluster", "job", b -> b.envs(List.of("dev:cloud", "prod")),
            "Environment 'dev:cloud' names the cluster 'cloud'; use ENV:local for a cluster you own"),
        bad("empty cluster", "job", b -> b.envs(List.of("dev:")), "Environment 'dev:' names the cluster ''"),
        bad("two clusters", "job", b -> b.envs(List.of("dev:local:shared")), "names the cluster 'local:shared'"),
        bad("uppercase cluster", "job", b -> b.envs(List.of("dev:Local")), "names the cluster 'Local'"),
        bad("env given twice with different clusters", "job", b -> b.envs(List.of("dev:local", "dev:shared")), "'dev' is given twice"),
        bad("bad env name with a cluster", "job", b -> b.envs(List.of("Dev:shared")), "'Dev' is not a DNS-1123 label"),
        bad("namespace too long", "a".repeat(40), b -> b.envs(List.of("dev", "x".repeat(23))),
            "namespace '" + "a".repeat(40) + "-" + "x".repeat(23) + "', 64 characters long"),
        bad("unknown archetype", "job", b -> b.archetype("spark-sql"), "Archetype 'spark-sql' does not exist; available: spark-pi"),
        bad("unknown spark", "job", b -> b.spark("3.4.1"), "Spark version '3.4.1' is not supported"),
        bad("spark 3.5 has no java 21 image", "job", b -> b.spark("3.5.8").java(21), "no official apache/spark image for Spark 3.5.8 on Java 21"),
        bad("unsupported java", "job", b -> b.java(11), "Java 11 is not supported"),
        bad("registry with scheme", "job", b -> b.registry("https://registry.example.com"), "Registry 'https://registry.example.com' is malformed"),
        bad("registry with tag", "job", b -> b.registry("registry.example.com/team:1"), "malformed"),
        bad("registry with uppercase path", "job", b -> b.registry("registry.example.com/Team"), "malformed"),
        bad("registry with trailing slash", "job", b -> b.registry("localhost:5000/"), "malformed"),
        bad("unknown parameter", "job", b -> b.parameters(Map.of("slices", "2")), "has no parameter 'slices'"),
        bad("parameter not matching", "job", b -> b.parameters(Map.of("partitions", "0")), "'partitions' = '0' is not accepted"));
  }

  static Arguments bad(String what, String name, UnaryOperator<SpecBuilder> options, String message) {
    return Arguments.of(what, name, options, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void rejectsBadInputWithOneSentenceNamingTheValue(String what, String name, UnaryOperator<SpecBuilder> options, String message) {
    assertThatThrownBy(() -> build(name, options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
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
