package dev.sparkgen.cli;

import static dev.sparkgen.testing.ExternalTools.commitAll;
import static dev.sparkgen.testing.ExternalTools.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen init --submit --defaults} with one distinct credential of every kind planted in a
 * realistic submit script and defaults file (src/test/resources/standalone/credentials/, listed in
 * planted-secrets.txt): S3A keys (per bucket too), a GCS private key and its id, an Azure account
 * key, OAuth client secret and SAS token, SSL store passwords, a metastore password, a JDBC URL's
 * password, passwords inside Java options, {@code spark.executorEnv.*}/{@code driverEnv}/{@code
 * appMasterEnv} variables, exported and prefixed variables of the script, a keytab's contents, a
 * repository URL's password, tokens known by their shape under keys that say nothing. The real
 * command on a committed project, then upgrade and add-env on it: no planted value in any file of
 * the work tree, in any git object (every blob, tree and commit, {@code git cat-file
 * --batch-all-objects}) or in anything printed; every planted setting a needs-action row.
 */
@Tag("slow")
class CredentialLeakTest {

  static final Path CASE = Path.of("src/test/resources/standalone/credentials");

  @TempDir Path dir;

  /** FILE:LINE → the value planted there. */
  static Map<String, String> planted() throws IOException {
    Map<String, String> planted = new LinkedHashMap<>();
    for (String line : Files.readAllLines(CASE.resolve("planted-secrets.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.indexOf(' ');
        planted.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return planted;
  }

  Path committedProject() throws Exception {
    ExternalTools.require("git");
    Path from = InitCliTest.SAMPLES.resolve("plain");
    Path repo = dir.resolve("enrichment");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path to = repo.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    git(repo, "init", "-q", "-b", "main");
    commitAll(repo, "the team's project");
    return repo;
  }

  @Test
  void noPlantedCredentialIsWrittenCommittedOrPrinted() throws Exception {
    Path repo = committedProject();
    // The inputs stay outside the repository, as a team's edge-node files would.
    Path inputs = Files.createDirectories(dir.resolve("edge-node"));
    for (String file : List.of("submit.sh", "prod.conf", "dev.conf")) {
      Files.copy(CASE.resolve(file), inputs.resolve(file));
    }
    Map<String, String> planted = planted();
    assertThat(planted).hasSizeGreaterThanOrEqualTo(30);

    List<Run> runs = new ArrayList<>();
    runs.add(
        CliTest.run(
            "init",
            repo.toString(),
            "--submit",
            inputs.resolve("submit.sh").toString(),
            "--defaults",
            "prod=" + inputs.resolve("prod.conf"),
            "--defaults",
            "dev=" + inputs.resolve("dev.conf"),
            "--registry",
            "registry.example.com/data"));
    assertThat(runs.get(0).exitCode()).as(runs.get(0).err()).isZero();
    commitAll(repo, "sparkgen init");
    // Both translate again from the answers file: what it recorded must not bring a value back.
    runs.add(CliTest.run("add-env", "qa", "--like", "prod", "--directory", repo.toString()));
    assertThat(runs.get(1).exitCode()).as(runs.get(1).err()).isZero();
    commitAll(repo, "add-env qa");
    runs.add(CliTest.run("upgrade", "--directory", repo.toString()));
    assertThat(runs.get(2).exitCode()).as(runs.get(2).err()).isZero();
    commitAll(repo, "upgrade");

    Map<String, String> everything = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        everything.put(
            repo.relativize(file).toString(),
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    everything.put("git objects", allGitObjects(repo));
    for (int i = 0; i < runs.size(); i++) {
      everything.put("output of run " + i, runs.get(i).out() + runs.get(i).err());
    }

    List<String> leaks = new ArrayList<>();
    planted.forEach(
        (where, secret) ->
            everything.forEach(
                (place, text) -> {
                  if (text.contains(secret)) {
                    leaks.add(where + " in " + place);
                  }
                }));
    long leaked =
        planted.values().stream()
            .filter(secret -> everything.values().stream().anyMatch(t -> t.contains(secret)))
            .count();
    assertThat(leaks).as("%d of %d planted credentials leaked", leaked, planted.size()).isEmpty();

    // Each planted setting is a needs-action row that names where it was written.
    String migration = Files.readString(repo.resolve("MIGRATION.md"));
    for (String where : planted.keySet()) {
      assertThat(migration.lines().filter(row -> row.startsWith("| " + where + " |")))
          .as("the row of %s", where)
          .isNotEmpty()
          .anyMatch(row -> row.contains("**needs action**") && row.contains("not written"));
    }
  }

  /** Every object of the repository, decompressed (trees hold binary ids: read as bytes). */
  static String allGitObjects(Path repo) throws Exception {
    Path out = Files.createTempFile("git-objects", ".bin");
    try {
      Process git =
          new ProcessBuilder("git", "cat-file", "--batch-all-objects", "--batch")
              .directory(repo.toFile())
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(git.waitFor()).as("git cat-file --batch-all-objects").isZero();
      String objects = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
      assertThat(objects).as("the objects of the init commit").contains("MIGRATION.md");
      return objects;
    } finally {
      Files.delete(out);
    }
  }

  @Test
  void aRefusalDoesNotRepeatTheCredentialItQuotes() throws Exception {
    Path repo = committedProject();
    Map<String, String> refused =
        Map.of(
            "--conf AKIAQ3PLANTEDX000099",
            "AKIAQ3PLANTEDX000099",
            "--db-password=Hunter2Planted0098",
            "Hunter2Planted0098");
    for (Map.Entry<String, String> line : refused.entrySet()) {
      Path submit = dir.resolve("submit.sh");
      Files.writeString(
          submit, "spark-submit --master spark://m:7077 " + line.getKey() + " /opt/jobs/app.jar\n");
      Run run = CliTest.run("init", repo.toString(), "--submit", submit.toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("Submit file").doesNotContain(line.getValue());
      assertThat(run.out()).doesNotContain(line.getValue());
    }
  }

  @Test
  void namesAndPathsThatOnlyLookLikeCredentialsAreTranslatedAsBefore() throws Exception {
    Path repo = committedProject();
    Run run =
        CliTest.run(
            "init",
            repo.toString(),
            "--submit",
            CASE.resolve("submit.sh").toString(),
            "--defaults",
            "dev=" + CASE.resolve("dev.conf"),
            "--registry",
            "registry.example.com/data");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String migration = Files.readString(repo.resolve("MIGRATION.md"));
    assertThat(migration)
        .contains(
            "| submit.sh:21 | `--conf spark.authenticate=true` | dropped |",
            "| submit.sh:22 | `--conf spark.kubernetes.authenticate.driver.serviceAccountName=spark` | dropped |",
            "| submit.sh:16 | `--principal etl-enrich@CORP.EXAMPLE.COM` | **needs action** | Kerberos",
            "| submit.sh:17 | `--keytab /etc/security/keytabs/etl-enrich.keytab` | **needs action** | Kerberos",
            "| submit.sh:9 | `GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/enrichment-sa.json` | **needs action** |",
            "| dev.conf:2 | `spark.authenticate.secret.file /mnt/secrets/spark-auth` | kept |",
            "| dev.conf:3 | `spark.ssl.keyStore /etc/pki/dev-keystore.jks` | kept |",
            "| dev.conf:4 | `spark.hadoop.fs.s3a.aws.credentials.provider org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider` | kept |",
            "| dev.conf:5 | `spark.kerberos.renewal.credentials ccache` | **needs action** | Kerberos",
            "| dev.conf:6 | `spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID enrich-object-store:AWS_ACCESS_KEY_ID` | kept |",
            "| dev.conf:7 | `spark.hadoop.google.cloud.auth.service.account.json.keyfile /etc/gcp/enrichment-sa.json` | kept |",
            "| dev.conf:8 | `spark.kerberos.access.hadoopFileSystems hdfs://nn1.corp.example.com:8020` | **needs action** | Kerberos");
    assertThat(repo.resolve("k8s/overlays/dev/spark.properties"))
        .content()
        .contains(
            "spark.authenticate.secret.file=/mnt/secrets/spark-auth",
            "spark.ssl.keyStore=/etc/pki/dev-keystore.jks",
            "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
            "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=enrich-object-store:AWS_ACCESS_KEY_ID",
            "spark.hadoop.google.cloud.auth.service.account.json.keyfile=/etc/gcp/enrichment-sa.json");
  }
}
