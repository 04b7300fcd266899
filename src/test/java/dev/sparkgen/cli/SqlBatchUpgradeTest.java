package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen upgrade} on a repository of the second archetype, sql-batch: the archetype is
 * read back from the answers file, the team's own arguments in an overlay and its job survive, and
 * an object store added later adds ObjectStoreIT, the test against a real S3 server, with s3proxy
 * and the connector in the pom.
 */
@Tag("slow")
class SqlBatchUpgradeTest {

  /** Without an object store, the descriptor's local default (a volume the team mounts). */
  static final String DEV_INPUT = "value: \"/data/orders/dev\"";

  static final String JOB = "src/main/java/com/example/orders/DailyOrderTotals.java";
  static final String IT = "src/test/java/com/example/orders/ObjectStoreIT.java";

  @TempDir Path dir;

  @Test
  void anObjectStoreAddedLaterKeepsTheTeamsArgumentsAndJobAndArmsTheS3Test() throws Exception {
    ExternalTools.require("git");
    Path repo = dir.resolve("orders");
    Run created =
        CliTest.run(
            "new",
            "orders",
            "--archetype",
            "sql-batch",
            "--package",
            "com.example.orders",
            "--output",
            repo.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(repo.resolve(IT)).as("no S3 test without the connector").doesNotExist();
    ExternalTools.git(repo, "init", "-q", "-b", "main");
    ExternalTools.commitAll(repo, "sparkgen new");
    Path overlay = repo.resolve("k8s/overlays/dev/kustomization.yaml");
    assertThat(Files.readString(overlay)).contains(DEV_INPUT);
    Files.writeString(
        overlay,
        Files.readString(overlay).replace(DEV_INPUT, "value: \"s3a://team-bucket/raw/orders\""));
    Path job = repo.resolve(JOB);
    Files.writeString(job, Files.readString(job) + "// the team's\n");
    ExternalTools.commitAll(repo, "our input, our job");

    Run upgraded = CliTest.run("upgrade", "--directory", repo.toString(), "--object-store", "s3a");

    assertThat(upgraded.exitCode()).as(upgraded.err()).isZero();
    assertThat(Files.readString(overlay))
        .contains("value: \"s3a://team-bucket/raw/orders\"")
        .doesNotContain(DEV_INPUT);
    assertThat(Files.readString(job)).endsWith("// the team's\n");
    assertThat(Files.readString(repo.resolve(IT)))
        .contains("s3proxy", "DailyOrderTotals.run(spark, options)");
    assertThat(Files.readString(repo.resolve("pom.xml")))
        .contains("<artifactId>hadoop-aws</artifactId>", "<artifactId>s3proxy</artifactId>");
    assertThat(Files.readString(repo.resolve(".sparkgen.yaml")))
        .contains("archetype: sql-batch", "  objectStores:\n    - s3a\n");
  }

  /**
   * A Scala repository stays Scala through upgrades: the object store added later brings the Scala
   * ObjectStoreIT, and a move to the 3.5 line the Scala version of that line, with the team's job
   * kept.
   */
  @Test
  void aScalaRepositoryStaysScalaAcrossAnObjectStoreAndASparkLine() throws Exception {
    ExternalTools.require("git");
    Path repo = dir.resolve("orders");
    Run created =
        CliTest.run(
            "new",
            "orders",
            "--archetype",
            "sql-batch",
            "--language",
            "scala",
            "--package",
            "com.example.orders",
            "--output",
            repo.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    ExternalTools.git(repo, "init", "-q", "-b", "main");
    ExternalTools.commitAll(repo, "sparkgen new");
    Path job = repo.resolve("src/main/scala/com/example/orders/DailyOrderTotals.scala");
    Files.writeString(job, Files.readString(job) + "// the team's\n");
    ExternalTools.commitAll(repo, "our job");

    Run withStore = CliTest.run("upgrade", "--directory", repo.toString(), "--object-store", "s3a");
    assertThat(withStore.exitCode()).as(withStore.err()).isZero();
    ExternalTools.commitAll(repo, "upgrade");
    Run onePointFive = CliTest.run("upgrade", "--directory", repo.toString(), "--spark", "3.5");

    assertThat(onePointFive.exitCode()).as(onePointFive.err()).isZero();
    assertThat(Files.readString(job)).endsWith("// the team's\n");
    assertThat(repo.resolve("src/test/scala/com/example/orders/ObjectStoreIT.scala")).exists();
    assertThat(repo.resolve(IT)).doesNotExist();
    assertThat(repo.resolve(JOB)).doesNotExist();
    assertThat(Files.readString(repo.resolve("pom.xml")))
        .contains("<scala.version>2.12.18</scala.version>", "scala-maven-plugin");
    assertThat(Files.readString(repo.resolve(".sparkgen.yaml")))
        .contains("  language: scala\n", "  spark: 3.5.8\n");
  }
}
