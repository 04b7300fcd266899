package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.StandaloneMigration.EnvironmentMigration;
import dev.sparkgen.spec.StandaloneMigration.Outcome;
import dev.sparkgen.spec.StandaloneMigration.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Translation rules the corpus does not pin down alone, and the facts of k8s/base it relies on. */
class StandaloneTranslatorTest {

  private static StandaloneMigration migrate(String submit, String... defaults) {
    SpecBuilder builder = SpecBuilder.named("job").submit("submit.sh", submit);
    for (int i = 0; i < defaults.length; i += 2) {
      builder.defaults(defaults[i], defaults[i] + ".conf", defaults[i + 1]);
    }
    return builder.build(ArchetypeCatalog.builtIn().descriptors()).migration().orElseThrow();
  }

  private static Row row(EnvironmentMigration env, String written) {
    return env.rows().stream()
        .filter(r -> r.setting().written().equals(written))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anOptionWinsOverConfWhichWinsOverTheDefaultsFileWhateverTheOrder() {
    EnvironmentMigration prod =
        migrate(
                "spark-submit --conf spark.executor.memory=3g --executor-memory 5g app.jar",
                "prod",
                "spark.executor.memory 9g")
            .environments()
            .get("prod");

    assertThat(prod.executors().memory()).isEqualTo("5g");
    assertThat(row(prod, "--conf spark.executor.memory=3g").outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(row(prod, "--conf spark.executor.memory=3g").detail())
        .contains("overridden by `--executor-memory 5g` (submit.sh:1)");
    assertThat(row(prod, "spark.executor.memory 9g").outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(row(prod, "--executor-memory 5g").outcome()).isEqualTo(Outcome.TRANSLATED);
  }

  @Test
  void totalCoresBecomeTheExecutorCountOrTheDynamicMaximum() {
    StandaloneMigration m =
        migrate("spark-submit --total-executor-cores 40 --executor-cores 4 app.jar");

    assertThat(m.environments().get("dev").executors())
        .extracting(Tier.Executors::dynamic, Tier.Executors::min)
        .containsExactly(false, 10);
    assertThat(m.environments().get("prod").executors())
        .extracting(Tier.Executors::dynamic, Tier.Executors::max, Tier.Executors::cores)
        .containsExactly(true, 10, 4);
  }

  @Test
  void aDriverOfEightGigabytesGetsAPodThatHoldsItAndItsOverhead() {
    EnvironmentMigration dev =
        migrate("spark-submit --driver-memory 8g --driver-cores 3 app.jar")
            .environments()
            .get("dev");

    assertThat(dev.driver().orElseThrow().memory()).contains((8192 + 819) + "Mi");
    assertThat(dev.driver().orElseThrow().cpu()).contains("3");
    assertThat(dev.properties())
        .extracting(StandaloneMigration.Property::key)
        .contains("spark.driver.memory", "spark.driver.cores");
  }

  @Test
  void theShuffleServiceBecomesShuffleTrackingWhereExecutorsScaleAndIsNeverWritten() {
    StandaloneMigration m =
        migrate("spark-submit --conf spark.shuffle.service.enabled=true app.jar");

    assertThat(
            row(m.environments().get("prod"), "--conf spark.shuffle.service.enabled=true")
                .outcome())
        .isEqualTo(Outcome.TRANSLATED);
    assertThat(
            row(m.environments().get("dev"), "--conf spark.shuffle.service.enabled=true").outcome())
        .isEqualTo(Outcome.DROPPED);
    m.environments()
        .values()
        .forEach(
            e ->
                assertThat(e.properties())
                    .extracting(StandaloneMigration.Property::key)
                    .doesNotContain("spark.shuffle.service.enabled"));
  }

  @Test
  void aCredentialIsNeitherWrittenNorRecorded() {
    EnvironmentMigration prod =
        migrate("spark-submit --conf spark.hadoop.fs.s3a.secret.key=s3cr3t app.jar")
            .environments()
            .get("prod");

    assertThat(prod.properties()).isEmpty();
    assertThat(prod.rows().get(0).outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(prod.rows().get(0).setting().value()).isEqualTo(StandaloneSetting.REDACTED);
  }

  @Test
  void refusesValuesSparkWouldRefuseNamingFileAndLine() {
    assertThatThrownBy(() -> migrate("spark-submit \\\n --executor-memory 8GiB app.jar"))
        .hasMessage(
            "Submit file submit.sh line 2 sets spark.executor.memory to '8GiB', which is not a size Spark accepts, such as 512m or 8g.");
    assertThatThrownBy(
            () -> migrate("spark-submit app.jar", "prod", "\nspark.jars.packages org.acme:lib"))
        .hasMessage(
            "Defaults file prod.conf line 2 names the package 'org.acme:lib', which is not groupId:artifactId:version as spark-submit requires.");
    assertThatThrownBy(() -> migrate("spark-submit --class 'com.acme.Main Job' app.jar"))
        .hasMessageStartingWith(
            "Submit file submit.sh line 1 names the main class 'com.acme.Main Job'");
    assertThatThrownBy(() -> migrate("spark-submit app.jar", "qa", "spark.a 1"))
        .hasMessage(
            "--defaults names the environment 'qa' (for qa.conf), which is not one of this repository's: dev, staging, prod.");
    assertThatThrownBy(
            () -> migrate("spark-submit app.jar", "prod", "spark.a 1", "prod", "spark.b 2"))
        .hasMessageStartingWith("--defaults is given twice for the environment 'prod'");
    assertThatThrownBy(() -> SpecBuilder.defaultsAssignment("prod.conf"))
        .hasMessageStartingWith("--defaults 'prod.conf' is not ENV=FILE;");
  }

  @Test
  void theBaseFactsItSizesAgainstAreTheBases() throws Exception {
    Load yaml = new Load(LoadSettings.builder().build());
    Map<?, ?> job =
        (Map<?, ?>) yaml.loadFromString(Files.readString(Path.of("kustomize-base/job.yaml")));
    Map<?, ?> container =
        (Map<?, ?>) ((List<?>) at(job, "spec", "template", "spec", "containers")).get(0);
    Map<?, ?> resources = (Map<?, ?>) container.get("resources");
    assertThat(at(resources, "requests", "memory"))
        .isEqualTo(StandaloneTranslator.BASE_DRIVER_MEMORY_MIB + "Mi");
    assertThat(at(resources, "limits", "memory"))
        .isEqualTo(StandaloneTranslator.BASE_DRIVER_MEMORY_MIB + "Mi");
    assertThat(at(resources, "requests", "cpu"))
        .isEqualTo(StandaloneTranslator.BASE_DRIVER_CPU_REQUEST_MILLIS + "m");
    assertThat(at(resources, "limits", "cpu"))
        .isEqualTo(String.valueOf(StandaloneTranslator.BASE_DRIVER_CPU_LIMIT_MILLIS / 1000));

    Map<?, ?> quota =
        (Map<?, ?>)
            yaml.loadFromString(
                Files.readString(
                    Path.of("kustomize-base/components/namespace/resourcequota.yaml")));
    Map<?, ?> hard = (Map<?, ?>) at(quota, "spec", "hard");
    StandaloneTranslator.BASE_QUOTA.forEach(
        (resource, amount) ->
            assertThat(String.valueOf(hard.get(resource)))
                .as(resource)
                .isEqualTo(
                    resource.endsWith("memory")
                        ? amount / 1024 + "Gi"
                        : resource.endsWith("cpu")
                            ? String.valueOf(amount / 1000)
                            : String.valueOf(amount)));
    assertThat(Files.readString(Path.of("kustomize-base/components/history-server/service.yaml")))
        .contains("port: " + StandaloneTranslator.HISTORY_PORT);
  }

  private static Object at(Object node, String... path) {
    for (String key : path) {
      node = ((Map<?, ?>) node).get(key);
    }
    return node;
  }
}
