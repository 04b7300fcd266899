package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.StandaloneMigration.DriverPod;
import dev.sparkgen.spec.StandaloneMigration.EnvironmentMigration;
import dev.sparkgen.spec.StandaloneMigration.MavenDependency;
import dev.sparkgen.spec.StandaloneMigration.Outcome;
import dev.sparkgen.spec.StandaloneMigration.Property;
import dev.sparkgen.spec.StandaloneMigration.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
  void sizesAreMebibytesRoundedUpAndOnlyThoseWhoseBytesFitInALong() {
    assertThat(StandaloneTranslator.mebibytes("1k")).isEqualTo(1);
    assertThat(StandaloneTranslator.mebibytes("1025K")).isEqualTo(2);
    assertThat(StandaloneTranslator.mebibytes("512")).isEqualTo(512);
    assertThat(StandaloneTranslator.mebibytes("3g")).isEqualTo(3 * 1024);
    assertThat(StandaloneTranslator.mebibytes("2t")).isEqualTo(2 * 1024 * 1024);
    assertThat(StandaloneTranslator.mebibytes("8191p")).isEqualTo(8191L << 30);
    // 8192 PiB is 2^63 bytes, one past what Kubernetes can hold as a pod's memory.
    assertThat(StandaloneTranslator.mebibytes("8192p")).isEqualTo(-1);
    assertThat(StandaloneTranslator.mebibytes("999999999999p")).isEqualTo(-1);
  }

  @Test
  void refusesValuesSparkWouldRefuseNamingFileAndLine() {
    assertThatThrownBy(() -> migrate("spark-submit \\\n --executor-memory 8GiB app.jar"))
        .hasMessage(
            "Submit file submit.sh line 2 sets spark.executor.memory to '8GiB', which is not a size Spark accepts, such as 512m or 8g.");
    assertThatThrownBy(() -> migrate("spark-submit --executor-memory 999999999999p app.jar"))
        .hasMessage(
            "Submit file submit.sh line 1 sets spark.executor.memory to '999999999999p', which is not a size Spark accepts, such as 512m or 8g.");
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

  private static EnvironmentMigration dev(String submit) {
    return migrate(submit).environments().get("dev");
  }

  @Test
  void theKubernetesOverheadFactorSizesExecutorsAndDriverWhereTheirOwnFactorIsNotSet() {
    EnvironmentMigration dev =
        dev(
            "spark-submit --executor-memory 10g --driver-memory 10g"
                + " --conf spark.kubernetes.memoryOverheadFactor=0.4 app.jar");

    assertThat(dev.executors().memoryOverhead()).isEqualTo("4096m");
    assertThat(dev.driver().orElseThrow().memory()).contains((10240 + 4096) + "Mi");
    assertThat(row(dev, "--conf spark.kubernetes.memoryOverheadFactor=0.4").detail())
        .isEqualTo(
            "the executors' and the driver's overhead, written out: `spark.executor.memoryOverhead=4096m`, driver pod 14336Mi");
    assertThat(dev.properties())
        .contains(new Property("spark.kubernetes.memoryOverheadFactor", "0.4"));
  }

  @Test
  void anExecutorOverheadNotGivenIsSparksDefaultWrittenOut() {
    EnvironmentMigration dev = dev("spark-submit --executor-memory 10g app.jar");

    assertThat(dev.executors().memoryOverhead()).isEqualTo("1024m");
    assertThat(row(dev, "--executor-memory 10g").detail())
        .isEqualTo(
            "`spark.executor.memory=10g`, with `spark.executor.memoryOverhead=1024m` (Spark's default, max(384m, 10%), written out: k8s/base sets one); each executor pod's memory holds it and the overhead");

    EnvironmentMigration explicit =
        dev("spark-submit --executor-memory 10g --conf spark.executor.memoryOverhead=0 app.jar");
    assertThat(explicit.executors().memoryOverhead()).isEqualTo("0");
    assertThat(row(explicit, "--executor-memory 10g").detail())
        .isEqualTo(
            "`spark.executor.memory=10g`; each executor pod's memory holds it and the overhead");
  }

  @Test
  void anOverheadFactorOrMinimumAloneResizesTheTiersExecutorOverhead() {
    assertThat(
            migrate("spark-submit --conf spark.executor.memoryOverheadFactor=0.5 app.jar")
                .environments()
                .get("prod")
                .executors()
                .memoryOverhead())
        .isEqualTo("2048m");
    assertThat(
            dev("spark-submit --conf spark.executor.minMemoryOverhead=1g app.jar")
                .executors()
                .memoryOverhead())
        .isEqualTo("1024m");
    assertThat(dev("spark-submit app.jar").executors().memoryOverhead()).isEqualTo("512m");
  }

  static Stream<Arguments> driverPods() {
    return Stream.of(
        Arguments.of("spark-submit app.jar", null, null),
        Arguments.of("spark-submit --driver-cores 2 app.jar", null, "2"),
        Arguments.of(
            "spark-submit --conf spark.driver.memoryOverhead=1g app.jar",
            (1024 + 1024) + "Mi",
            null),
        Arguments.of(
            "spark-submit --conf spark.driver.minMemoryOverhead=1g app.jar",
            (1024 + 1024) + "Mi",
            null),
        Arguments.of(
            "spark-submit --conf spark.driver.memoryOverheadFactor=0.5 app.jar",
            (1024 + 512) + "Mi",
            null),
        Arguments.of(
            "spark-submit --conf spark.memory.offHeap.enabled=true"
                + " --conf spark.memory.offHeap.size=2g app.jar",
            (1024 + 384 + 2048) + "Mi",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driverPods")
  void theDriverPodIsSizedWhenASettingOfItsMemoryOrCoresIsGiven(
      String submit, String memory, String cpu) {
    Optional<DriverPod> driver = dev(submit).driver();

    if (memory == null && cpu == null) {
      assertThat(driver).isEmpty();
    } else {
      assertThat(driver.orElseThrow().memory()).isEqualTo(Optional.ofNullable(memory));
      assertThat(driver.orElseThrow().cpu()).isEqualTo(Optional.ofNullable(cpu));
    }
  }

  @Test
  void theDriverRowNamesTheOffHeapMemoryItsPodHolds() {
    EnvironmentMigration dev =
        dev(
            "spark-submit --driver-memory 2g --conf spark.memory.offHeap.enabled=true"
                + " --conf spark.memory.offHeap.size=1g app.jar");

    assertThat(row(dev, "--driver-memory 2g").detail())
        .isEqualTo(
            "`spark.driver.memory=2g` in spark.properties; the driver pod (the Job's) requests and is limited to 3456Mi (heap + overhead + off-heap, kustomization.yaml)");
    assertThat(row(dev, "--conf spark.memory.offHeap.size=1g").detail())
        .isEqualTo(
            "`spark.memory.offHeap.size=1g` in spark.properties; Spark adds the off-heap memory to each executor pod, and the driver pod's size has it (kustomization.yaml)");
    assertThat(row(dev("spark-submit --driver-memory 2g app.jar"), "--driver-memory 2g").detail())
        .endsWith("limited to 2432Mi (heap + overhead, kustomization.yaml)");
    assertThat(
            row(
                    dev("spark-submit --conf spark.memory.offHeap.enabled=false app.jar"),
                    "--conf spark.memory.offHeap.enabled=false")
                .detail())
        .isEqualTo("`spark.memory.offHeap.enabled=false` in spark.properties");
  }

  @Test
  void aNamespaceTheRepositoryCreatesGetsAQuotaOnlyWhereTheJobNeedsMoreThanTheBases() {
    // 29 executors of 1g + 512m and 500m / 1 CPU (dev's), a driver of 2 CPU and 4g + 409m: 30 pods
    // exactly, which the base's quota admits.
    EnvironmentMigration dev =
        dev("spark-submit --num-executors 29 --driver-cores 2 --driver-memory 4g app.jar");

    assertThat(dev.quota())
        .containsExactly(
            Map.entry("requests.cpu", "17"),
            Map.entry("limits.cpu", "31"),
            Map.entry("requests.memory", "48Gi"),
            Map.entry("limits.memory", "48Gi"));
    assertThat(dev("spark-submit --num-executors 30 app.jar").quota())
        .containsEntry("pods", "31")
        .containsEntry("requests.memory", "47Gi");
    assertThat(dev("spark-submit app.jar").quota()).isEmpty();
    assertThat(dev.nextSteps()).noneMatch(step -> step.contains("quota"));
  }

  @Test
  void aNamespaceOfThePlatformTeamGetsTheQuotaTheJobNeedsAsANextStep() {
    EnvironmentMigration staging =
        migrate("spark-submit --executor-cores 2 app.jar").environments().get("staging");

    // staging: the driver (500m / 1 CPU, 1536Mi) and at most 4 executors of 2 CPU and 2g + 512m.
    assertThat(staging.quota()).isEmpty();
    assertThat(staging.nextSteps())
        .contains(
            "Namespace job-staging is the platform team's: make sure its quota admits the driver and 4 executors at once, at least requests.cpu 9, limits.cpu 9, requests.memory 12Gi, limits.memory 12Gi, pods 5; executors beyond it are never created.");
  }

  @Test
  void theSuperviseSwitchBecomesTheJobsRetriesWhichFalseDoesNotTurnOff() {
    assertThat(row(dev("spark-submit --supervise app.jar"), "--supervise").outcome())
        .isEqualTo(Outcome.TRANSLATED);
    assertThat(
            row(
                    dev("spark-submit --conf spark.driver.supervise=true app.jar"),
                    "--conf spark.driver.supervise=true")
                .outcome())
        .isEqualTo(Outcome.TRANSLATED);
    Row off =
        row(
            dev("spark-submit --conf spark.driver.supervise=false app.jar"),
            "--conf spark.driver.supervise=false");
    assertThat(off.outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(off.detail())
        .isEqualTo("the Job retries a failed driver anyway (backoffLimit, k8s/base/job.yaml)");
  }

  @Test
  void aPropertiesFileIsReplacedByTheEnvironmentsDefaultsOrAsksForThem() {
    StandaloneMigration m =
        migrate("spark-submit --properties-file conf/job.conf app.jar", "prod", "spark.a 1");

    Row prod = row(m.environments().get("prod"), "--properties-file conf/job.conf");
    assertThat(prod.outcome()).isEqualTo(Outcome.DROPPED);
    assertThat(prod.detail())
        .isEqualTo(
            "the Job reads k8s/base's and this overlay's settings; those of the file given with --defaults for prod are translated here");
    Row dev = row(m.environments().get("dev"), "--properties-file conf/job.conf");
    assertThat(dev.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(dev.detail())
        .endsWith("Translate them too: sparkgen new ... --defaults dev=<a copy of conf/job.conf>");
  }

  /**
   * Spark 4's Hadoop (3.4) builds S3A on AWS SDK v2: a v1 provider class becomes its v2
   * replacement, a needs-action row naming both; one with no known replacement is kept and named.
   * Spark 3.5's Hadoop (3.3) is on SDK v1, where the same setting is kept as it was.
   */
  @Test
  void sdkV1CredentialProvidersOnASparkWhoseHadoopIsOnSdkV2AreNeedsActionWithTheirReplacement() {
    String submit =
        "spark-submit --conf spark.hadoop.fs.s3a.aws.credentials.provider="
            + "com.amazonaws.auth.InstanceProfileCredentialsProvider,"
            + "com.amazonaws.auth.WebIdentityTokenCredentialsProvider"
            + " --conf spark.hadoop.fs.s3a.bucket.landing.aws.credentials.provider="
            + "com.amazonaws.auth.STSSessionCredentialsProvider app.jar";
    EnvironmentMigration dev = dev(submit);
    Row known =
        row(
            dev,
            "--conf spark.hadoop.fs.s3a.aws.credentials.provider="
                + "com.amazonaws.auth.InstanceProfileCredentialsProvider,"
                + "com.amazonaws.auth.WebIdentityTokenCredentialsProvider");
    assertThat(known.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(known.detail())
        .contains(
            "AWS SDK v2",
            "`com.amazonaws.auth.InstanceProfileCredentialsProvider` → `org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider`",
            "`com.amazonaws.auth.WebIdentityTokenCredentialsProvider` → `software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider`");
    assertThat(dev.properties())
        .contains(
            new Property(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider,"
                    + "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider"));
    Row unknown =
        row(
            dev,
            "--conf spark.hadoop.fs.s3a.bucket.landing.aws.credentials.provider="
                + "com.amazonaws.auth.STSSessionCredentialsProvider");
    assertThat(unknown.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(unknown.detail())
        .contains(
            "`com.amazonaws.auth.STSSessionCredentialsProvider`",
            "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
    assertThat(dev.properties())
        .contains(
            new Property(
                "spark.hadoop.fs.s3a.bucket.landing.aws.credentials.provider",
                "com.amazonaws.auth.STSSessionCredentialsProvider"));

    EnvironmentMigration onSdkV1 =
        SpecBuilder.named("job")
            .spark("3.5")
            .submit("submit.sh", submit)
            .build(ArchetypeCatalog.builtIn().descriptors())
            .migration()
            .orElseThrow()
            .environments()
            .get("dev");
    assertThat(onSdkV1.rows())
        .filteredOn(r -> r.setting().written().contains("credentials.provider"))
        .hasSize(2)
        .extracting(Row::outcome)
        .containsOnly(Outcome.KEPT);
  }

  /** The dev environment of a project sparkgen init adopts, whose main class is com.acme.Main. */
  private static EnvironmentMigration adopted(String submit) {
    return SpecBuilder.named("job")
        .archetype("adopt")
        .mainClass("com.acme.Main")
        .submit("submit.sh", submit)
        .build(ArchetypeCatalog.builtIn().descriptors())
        .migration()
        .orElseThrow()
        .environments()
        .get("dev");
  }

  @Test
  void anAdoptedProjectsJarIsBuiltFromItsOwnSources() {
    assertThat(row(adopted("spark-submit app.jar"), "app.jar").detail())
        .isEqualTo(
            "the jar this repository builds, `local:///opt/spark/app/classpath/app.jar` in the image (pom.xml, Jib), built from this project's sources");
  }

  @Test
  void aShellVariableAsMainClassPointsAtTheClassTheJobRuns() {
    Row adopted = adopted("spark-submit --class $MAIN_CLASS app.jar").rows().get(0);
    assertThat(adopted.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(adopted.detail())
        .isEqualTo(
            "a shell variable: the Job runs `com.acme.Main`, the class sparkgen init found in the sources (main-class of ConfigMap spark-app, kustomization.yaml); change it there if $MAIN_CLASS names another");

    Row made = row(dev("spark-submit --class $MAIN_CLASS app.jar"), "--class $MAIN_CLASS");
    assertThat(made.detail())
        .startsWith("a shell variable: set the class in main-class of ConfigMap spark-app");
  }

  @Test
  void anArchiveIsUnpackedIntoTheImageUnderItsAliasOrItsNameWithoutExtension() {
    assertThat(
            row(
                    dev(
                        "spark-submit --archives hdfs:///deps/env.tar.gz#environment,b.zip app.jar"),
                    "--archives hdfs:///deps/env.tar.gz#environment,b.zip")
                .detail())
        .isEqualTo(
            "not unpacked at submit time any more: unpack hdfs:///deps/env.tar.gz into src/main/jib/opt/spark/app/environment (and each other archive likewise), which Jib copies into the image, and read it from /opt/spark/app/environment instead of ./environment (the working directory is an empty volume)");
    assertThat(
            row(
                    dev("spark-submit --archives /deps/pyenv.tgz app.jar"),
                    "--archives /deps/pyenv.tgz")
                .detail())
        .isEqualTo(
            "not unpacked at submit time any more: unpack /deps/pyenv.tgz into src/main/jib/opt/spark/app/pyenv, which Jib copies into the image, and read it from /opt/spark/app/pyenv instead of ./pyenv (the working directory is an empty volume)");
  }

  @Test
  void localDirectoriesBecomeOneSizeLimitedVolumeEach() {
    EnvironmentMigration one = dev("export SPARK_LOCAL_DIRS=/mnt/a\nspark-submit app.jar");
    assertThat(row(one, "SPARK_LOCAL_DIRS=/mnt/a").detail())
        .startsWith(
            "1 size-limited emptyDir volume of each executor pod, spark-local-dir-1 at /var/data/ (50Gi each,");
    assertThat(one.properties())
        .containsExactly(
            new Property(
                "spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.mount.path",
                "/var/data/spark-local-dir-1"),
            new Property(
                "spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.options.sizeLimit",
                "50Gi"));

    EnvironmentMigration two = dev("spark-submit --conf spark.local.dir=/mnt/a,/mnt/b app.jar");
    assertThat(row(two, "--conf spark.local.dir=/mnt/a,/mnt/b").detail())
        .startsWith(
            "2 size-limited emptyDir volumes of each executor pod, spark-local-dir-1 to 2 at /var/data/ (50Gi each,");
    assertThat(two.properties()).hasSize(4);
  }

  private static final String RESOLVED =
      ": Maven resolves them when the image is built and Jib ships them in /opt/spark/app/libs, on the class path; nothing is downloaded at submit time";

  @Test
  void aSparkModuleFollowsTheRepositorysSparkAndScala() {
    Row same =
        row(
            dev("spark-submit --packages org.apache.spark:spark-avro_2.13:4.2.0 app.jar"),
            "--packages org.apache.spark:spark-avro_2.13:4.2.0");
    assertThat(same.outcome()).isEqualTo(Outcome.TRANSLATED);
    assertThat(same.detail())
        .isEqualTo(
            "pom.xml dependencies org.apache.spark:spark-avro_${scala.binary.version}:${spark.version}"
                + RESOLVED);

    for (String other :
        List.of(
            "org.apache.spark:spark-avro_2.12:4.2.0", "org.apache.spark:spark-avro_2.13:4.1.2")) {
      Row followed =
          row(dev("spark-submit --packages " + other + " app.jar"), "--packages " + other);
      assertThat(followed.outcome()).isEqualTo(Outcome.TRANSLATED);
      assertThat(followed.detail())
          .isEqualTo(
              "pom.xml dependencies org.apache.spark:spark-avro_${scala.binary.version}:${spark.version}"
                  + RESOLVED
                  + "; "
                  + other
                  + " follows this repository's Spark 4.2.0 and Scala 2.13");
    }
  }

  @Test
  void sparkModulesOfTheImageAreProvidedAndSparkSqlIsNotAddedAgain() {
    StandaloneMigration m =
        migrate(
            "spark-submit --packages org.apache.spark:spark-sql_2.13:4.2.0,org.apache.spark:spark-core_2.13:4.2.0 app.jar");

    assertThat(m.dependencies())
        .extracting(MavenDependency::artifactId, MavenDependency::provided)
        .containsExactly(Tuple.tuple("spark-core_${scala.binary.version}", true));
    assertThat(m.environments().get("dev").rows().get(0).detail())
        .isEqualTo(
            "pom.xml dependencies org.apache.spark:spark-sql_2.13:4.2.0 (already a provided dependency), org.apache.spark:spark-core_${scala.binary.version}:${spark.version} (provided: in the image)"
                + RESOLVED);
  }

  @Test
  void scalaAndTheImagesHadoopClientAreNeverShipped() {
    StandaloneMigration m =
        migrate(
            "spark-submit --packages org.scala-lang:scala-library:2.13.16,org.apache.hadoop:hadoop-client-api:"
                + SparkVersions.defaultRelease().hadoop().version()
                + ",org.apache.hadoop:hadoop-client-api:3.0.0,org.jooq:joou:0.9.4 app.jar");

    assertThat(m.dependencies())
        .extracting(MavenDependency::artifactId)
        .containsExactly("hadoop-client-api", "joou");
    assertThat(m.dependencies().get(0).version()).isEqualTo("3.0.0");
    assertThat(m.environments().get("dev").rows().get(0).detail())
        .startsWith(
            "pom.xml dependencies org.scala-lang:scala-library:2.13.16 (in the image, not shipped), org.apache.hadoop:hadoop-client-api:"
                + SparkVersions.defaultRelease().hadoop().version()
                + " (in the image, not shipped), org.apache.hadoop:hadoop-client-api:3.0.0, org.jooq:joou:0.9.4:");
  }

  @Test
  void aJarOfARepositoryTheSubmissionNamesIsADependencyAndOtherJarsNeedAction() {
    String repository = "https://repo.example.com/maven/";
    StandaloneMigration m =
        migrate(
            "spark-submit --repositories "
                + repository
                + " --jars "
                + repository
                + "com/typesafe/config/1.4.3/config-1.4.3.jar,/opt/libs/legacy.jar app.jar");

    assertThat(m.dependencies())
        .extracting(MavenDependency::groupId, MavenDependency::artifactId, MavenDependency::version)
        .containsExactly(Tuple.tuple("com.typesafe", "config", "1.4.3"));
    Row jars =
        m.environments().get("dev").rows().stream()
            .filter(r -> r.setting().key().equals("spark.jars"))
            .findFirst()
            .orElseThrow();
    assertThat(jars.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(jars.detail())
        .startsWith("pom.xml dependencies com.typesafe:config:1.4.3" + RESOLVED)
        .contains("make /opt/libs/legacy.jar a dependency in pom.xml");

    StandaloneMigration all =
        migrate(
            "spark-submit --jars "
                + repository
                + "com/typesafe/config/1.4.3/config-1.4.3.jar --repositories "
                + repository
                + " app.jar");
    assertThat(
            all.environments().get("dev").rows().stream()
                .filter(r -> r.setting().key().equals("spark.jars"))
                .map(Row::outcome))
        .as("the repository named after the jars counts too")
        .containsExactly(Outcome.TRANSLATED);
    assertThat(
            migrate(
                    "spark-submit --jars "
                        + repository
                        + "com/typesafe/config/1.4.3/config-1.4.3.jar app.jar")
                .dependencies())
        .as("a repository the submission does not name is not taken for one")
        .isEmpty();
  }

  @Test
  void aPackageForAnotherScalaOrAVersionConflictNeedsAction() {
    Row scala =
        row(
            dev("spark-submit --packages com.acme:lib_2.12:1.0 app.jar"),
            "--packages com.acme:lib_2.12:1.0");
    assertThat(scala.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(scala.detail())
        .endsWith(
            "; com.acme:lib_2.12:1.0 is built for Scala 2.12 but Spark 4.2.0 runs Scala 2.13: replace it with its _2.13 build in pom.xml");

    StandaloneMigration conflict =
        migrate(
            "spark-submit app.jar",
            "dev",
            "spark.jars.packages com.acme:lib:1.0",
            "prod",
            "spark.jars.packages com.acme:lib:2.0");
    assertThat(
            row(conflict.environments().get("dev"), "spark.jars.packages com.acme:lib:1.0")
                .outcome())
        .isEqualTo(Outcome.TRANSLATED);
    Row prod = row(conflict.environments().get("prod"), "spark.jars.packages com.acme:lib:2.0");
    assertThat(prod.outcome()).isEqualTo(Outcome.NEEDS_ACTION);
    assertThat(prod.detail())
        .endsWith(
            "pom.xml, one for every environment, already has com.acme:lib:1.0 (dev.conf:1): choose one version");
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        rowOf(
            "app.py",
            "app.py",
            Outcome.NEEDS_ACTION,
            "not a jar: the spark-pi archetype builds a Java job"),
        rowOf(
            "app.R",
            "app.R",
            Outcome.NEEDS_ACTION,
            "not a jar: the spark-pi archetype builds a Java job"),
        rowOf(
            "app.jar",
            "app.jar",
            Outcome.TRANSLATED,
            "the jar this repository builds, `local:///opt/spark/app/classpath/app.jar` in the image (pom.xml, Jib); its sources belong in src/main/java"),
        rowOf(
            "--py-files deps.zip app.jar",
            "--py-files deps.zip",
            Outcome.NEEDS_ACTION,
            "Python files:"),
        rowOf(
            "--driver-class-path /opt/x.jar app.jar",
            "--driver-class-path /opt/x.jar",
            Outcome.NEEDS_ACTION,
            "not written: k8s/base sets it to /opt/spark/app/libs/*"),
        rowOf(
            "--driver-default-class-path /opt/x.jar app.jar",
            "--driver-default-class-path /opt/x.jar",
            Outcome.NEEDS_ACTION,
            "not written: k8s/base sets it to /opt/spark/app/libs/*"),
        rowOf(
            "--conf spark.executor.extraClassPath=/opt/x.jar app.jar",
            "--conf spark.executor.extraClassPath=/opt/x.jar",
            Outcome.NEEDS_ACTION,
            "not written: k8s/base sets it to /opt/spark/app/libs/*"),
        rowOf(
            "--driver-library-path /opt/native app.jar",
            "--driver-library-path /opt/native",
            Outcome.NEEDS_ACTION,
            "native libraries of the Standalone machines"),
        rowOf(
            "--conf spark.executor.extraLibraryPath=/opt/native app.jar",
            "--conf spark.executor.extraLibraryPath=/opt/native",
            Outcome.NEEDS_ACTION,
            "native libraries of the Standalone machines"),
        rowOf(
            "--conf spark.worker.cleanup.enabled=true app.jar",
            "--conf spark.worker.cleanup.enabled=true",
            Outcome.DROPPED,
            "configures the Standalone master or workers; Kubernetes schedules the pods"),
        rowOf(
            "--conf spark.ui.reverseProxy=true app.jar",
            "--conf spark.ui.reverseProxy=true",
            Outcome.DROPPED,
            "configures the Standalone master or workers; Kubernetes schedules the pods"),
        rowOf(
            "--queue default app.jar",
            "--queue default",
            Outcome.DROPPED,
            "another cluster manager's setting; Spark on Kubernetes ignores it"),
        rowOf(
            "--conf spark.mesos.coarse=true app.jar",
            "--conf spark.mesos.coarse=true",
            Outcome.DROPPED,
            "another cluster manager's setting; Spark on Kubernetes ignores it"),
        rowOf(
            "--principal me@EXAMPLE.COM app.jar",
            "--principal me@EXAMPLE.COM",
            Outcome.NEEDS_ACTION,
            "Kerberos: put the keytab"),
        rowOf(
            "--conf spark.sql.shuffle.partitions=400 app.jar",
            "--conf spark.sql.shuffle.partitions=400",
            Outcome.KEPT,
            "spark.properties, as it was"),
        rowOf(
            "--name nightly app.jar",
            "--name nightly",
            Outcome.KEPT,
            "spark.properties, as `spark.app.name=nightly`"),
        rowOf(
            "--conf spark.sql.warehouse.dir=$WAREHOUSE/db app.jar",
            "--conf spark.sql.warehouse.dir=$WAREHOUSE/db",
            Outcome.NEEDS_ACTION,
            "written as is in spark.properties, which expands no shell variables: replace `$WAREHOUSE` with dev's value"),
        rowOf(
            "--files conf/a.txt app.jar",
            "--files conf/a.txt",
            Outcome.NEEDS_ACTION,
            "not shipped at submit time any more: put a.txt in src/main/resources and read it from the class path"),
        rowOf(
            "--files a.txt,,conf/b.txt app.jar",
            "--files a.txt,,conf/b.txt",
            Outcome.NEEDS_ACTION,
            "not shipped at submit time any more: put a.txt, b.txt in src/main/resources and read them from the class path"),
        rowOf(
            "--conf spark.executor.memoryOverhead=1g --conf spark.executor.memoryOverheadFactor=0.2 app.jar",
            "--conf spark.executor.memoryOverheadFactor=0.2",
            Outcome.DROPPED,
            "superseded by `spark.executor.memoryOverhead` in dev's overlay"),
        rowOf(
            "--total-executor-cores 10 --num-executors 3 app.jar",
            "--total-executor-cores 10",
            Outcome.DROPPED,
            "superseded by `spark.executor.instances` in dev's overlay"),
        rowOf(
            "--total-executor-cores 10 app.jar",
            "--total-executor-cores 10",
            Outcome.TRANSLATED,
            "10 cores in executors of 1: `spark.executor.instances=10` (spark.executor.cores was not set: a Standalone executor took all of a worker's cores; counted with 1 per executor, set it for the same parallelism)"),
        rowOf(
            "--total-executor-cores 10 --executor-cores 2 app.jar",
            "--total-executor-cores 10",
            Outcome.TRANSLATED,
            "10 cores in executors of 2: `spark.executor.instances=5`"));
  }

  private static Arguments rowOf(String args, String written, Outcome outcome, String detail) {
    return Arguments.of(args, written, outcome, detail);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachInputGetsTheRowOfItsRule(String args, String written, Outcome outcome, String detail) {
    Row row = row(dev("spark-submit " + args), written);

    assertThat(row.outcome()).isEqualTo(outcome);
    assertThat(row.detail()).startsWith(detail);
  }

  @Test
  void theDynamicAllocationMaximumCountsTotalCoresUnlessGivenItself() {
    StandaloneMigration m =
        migrate("spark-submit --total-executor-cores 10 --executor-cores 2 app.jar");
    assertThat(row(m.environments().get("prod"), "--total-executor-cores 10").detail())
        .isEqualTo(
            "10 cores in executors of 2: the dynamic-allocation maximum, `spark.dynamicAllocation.maxExecutors=5`");

    EnvironmentMigration given =
        migrate(
                "spark-submit --total-executor-cores 10 --conf spark.dynamicAllocation.maxExecutors=7 app.jar")
            .environments()
            .get("prod");
    assertThat(given.executors().max()).isEqualTo(7);
    assertThat(row(given, "--total-executor-cores 10").detail())
        .isEqualTo("superseded by `spark.dynamicAllocation.maxExecutors` in prod's overlay");
  }

  @Test
  void dynamicAllocationSettingsAreTranslatedWhereExecutorsScaleAndDroppedWhereTheyDoNot() {
    StandaloneMigration m =
        migrate(
            "spark-submit --conf spark.dynamicAllocation.minExecutors=1"
                + " --conf spark.dynamicAllocation.maxExecutors=8"
                + " --conf spark.dynamicAllocation.initialExecutors=3 app.jar",
            "dev",
            "spark.dynamicAllocation.enabled true",
            "staging",
            "spark.dynamicAllocation.enabled false");

    EnvironmentMigration dev = m.environments().get("dev");
    assertThat(row(dev, "spark.dynamicAllocation.enabled true").detail())
        .isEqualTo(
            "component dynamic-allocation in dev (kustomization.yaml), 1 to 8 executors, decommissioned gracefully");
    assertThat(dev.rows())
        .extracting(Row::detail)
        .contains(
            "`spark.dynamicAllocation.minExecutors=1`",
            "`spark.dynamicAllocation.maxExecutors=8`",
            "`spark.dynamicAllocation.initialExecutors=3`");
    EnvironmentMigration staging = m.environments().get("staging");
    assertThat(row(staging, "spark.dynamicAllocation.enabled false").detail())
        .isEqualTo("static executors in staging: `spark.executor.instances=1`");
    assertThat(row(staging, "--conf spark.dynamicAllocation.maxExecutors=8").detail())
        .isEqualTo("dynamic allocation is off in staging");
  }

  @Test
  void aSettingGivenTwiceInOneFormCountsWhereItIsGivenLast() {
    EnvironmentMigration dev =
        dev("spark-submit --conf spark.executor.cores=2 --conf spark.executor.cores=3 app.jar");

    assertThat(dev.executors().cores()).isEqualTo(3);
    assertThat(row(dev, "--conf spark.executor.cores=2").detail())
        .isEqualTo(
            "overridden by `--conf spark.executor.cores=3` (submit.sh:1), which Spark applies instead");
  }

  @Test
  void numExecutorsAreTheInitialCountWhereExecutorsScale() {
    EnvironmentMigration prod =
        migrate("spark-submit --num-executors 5 app.jar").environments().get("prod");

    assertThat(prod.executors().initial()).isEqualTo(5);
    assertThat(row(prod, "--num-executors 5").detail())
        .isEqualTo("the initial executors, `spark.dynamicAllocation.initialExecutors=5`");
  }

  @Test
  void dynamicAllocationIsSwitchedByTheTeamsValueWhateverItsCase() {
    assertThat(
            dev("spark-submit --conf spark.dynamicAllocation.enabled=TRUE app.jar")
                .executors()
                .dynamic())
        .isTrue();
    assertThat(
            migrate("spark-submit --conf spark.dynamicAllocation.enabled=false app.jar")
                .environments()
                .get("prod")
                .executors()
                .dynamic())
        .isFalse();
  }

  @Test
  void refusesAnOverheadFactorThatIsNotAFraction() {
    for (String factor : List.of("0", "100", "-0.1", "ten")) {
      assertThatThrownBy(
              () ->
                  migrate(
                      "spark-submit --conf spark.executor.memoryOverheadFactor="
                          + factor
                          + " app.jar"))
          .hasMessage(
              "Submit file submit.sh line 1 sets spark.executor.memoryOverheadFactor to '"
                  + factor
                  + "', which is not a factor such as 0.1.");
    }
    assertThat(
            dev("spark-submit --conf spark.executor.memoryOverheadFactor=99 app.jar")
                .executors()
                .memoryOverhead())
        .isEqualTo((99 * 1024) + "m");
  }

  @Test
  void historyServerSettingsComeWithItsPort() {
    assertThat(
            dev("spark-submit --conf spark.history.fs.cleaner.enabled=true app.jar")
                .historyServer())
        .containsExactly(
            new Property("spark.history.fs.cleaner.enabled", "true"),
            new Property("spark.history.ui.port", "18080"));
    assertThat(dev("spark-submit app.jar").historyServer()).isEmpty();
  }

  @Test
  void theQuotaCountsTheOffHeapMemoryOfEachExecutor() {
    // 20 executors of 1g + 512m + 1g off-heap, a driver of 1g + 384m + 1g off-heap.
    EnvironmentMigration dev =
        dev(
            "spark-submit --num-executors 20 --conf spark.memory.offHeap.enabled=true"
                + " --conf spark.memory.offHeap.size=1g app.jar");

    assertThat(dev.quota())
        .containsEntry("requests.memory", "53Gi")
        .containsEntry("limits.memory", "53Gi");
  }

  @Test
  void theBaseFactsItSizesAgainstAreTheBases() throws Exception {
    Load yaml = new Load(LoadSettings.builder().build());
    Map<?, ?> job =
        (Map<?, ?>) yaml.loadFromString(Files.readString(Path.of("kustomize-base/job.yaml")));
    Map<?, ?> container =
        (Map<?, ?>) ((List<?>) at(job, "spec", "template", "spec", "containers")).get(0);
    Map<?, ?> resources = (Map<?, ?>) container.get("resources");
    assertThat(at(resources, "requests", "memory")).isEqualTo(Tier.DEV.driver().memoryMib() + "Mi");
    assertThat(at(resources, "limits", "memory")).isEqualTo(Tier.DEV.driver().memoryMib() + "Mi");
    assertThat(at(resources, "requests", "cpu"))
        .isEqualTo(Tier.DEV.driver().requestCpuMillis() + "m");
    assertThat(at(resources, "limits", "cpu"))
        .isEqualTo(String.valueOf(Tier.DEV.driver().limitCpuMillis() / 1000));

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
