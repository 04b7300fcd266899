package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen validate} on an existing repository whose team wrote credentials into an
 * overlay's spark.properties by hand, one of each kind the translator redacts (the same detector,
 * {@code dev.sparkgen.spec.Credentials}): each reported by credentials-in-config on its setting, no
 * finding repeating the value, and the look-alikes not reported.
 */
@Tag("slow")
class CredentialsInConfigTest {

  @TempDir Path work;

  /** key → value, each a credential; the values are what no finding may repeat. */
  static final Map<String, String> CREDENTIALS = new LinkedHashMap<>();

  static {
    CREDENTIALS.put("spark.hadoop.fs.s3a.bucket.landing.secret.key", "MUh64m2xjMQt7kdmUjTzxY6P8");
    CREDENTIALS.put(
        "spark.hadoop.fs.gs.auth.service.account.private.key",
        "-----BEGIN PRIVATE KEY-----\\nLcFlx5kRL7qu60pYrJdjx0P\\n-----END PRIVATE KEY-----");
    CREDENTIALS.put(
        "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net", "bAIRVDcSDfHDARoJfAmX==");
    CREDENTIALS.put("spark.ssl.keyStorePassword", "KeyStorePlanted0021");
    CREDENTIALS.put("spark.hadoop.javax.jdo.option.ConnectionPassword", "MetastorePlanted0024");
    CREDENTIALS.put(
        "spark.executor.extraJavaOptions",
        "-XX:+UseG1GC -Djavax.net.ssl.keyStorePassword=ExecKeyStorePlanted0025");
    CREDENTIALS.put("spark.executorEnv.AZURE_STORAGE_KEY", "g9Q0sujFuDeIYa4vnVoq0ZmZ");
    CREDENTIALS.put("spark.kubernetes.driverEnv.DB_PASSWORD", "AppMasterPlanted0028");
    CREDENTIALS.put("spark.enrich.notify", "xoxb-678991576947-vVsroyQb98XZ5vk1qd9NLz4n");
    CREDENTIALS.put("spark.enrich.partner", "AKIAQ3PLANTEDX000016");
    CREDENTIALS.put("spark.enrich.signing", "kjLv45Ak5AeMKpHL6trsBpjWiqGN0HfVXko6/kkKOAfxcWiJ");
    CREDENTIALS.put(
        "spark.enrich.metastore",
        "jdbc:mysql://meta.corp.example.com:3306/hive?user=hive&password=JdbcUrlPlanted0010");
  }

  @Test
  void eachCredentialIsReportedOnItsSettingWithoutItsValue() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = work.resolve("job");
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    StringBuilder added = new StringBuilder("\n# the team's\n");
    CREDENTIALS.forEach((key, value) -> added.append(key).append('=').append(value).append('\n'));
    // Names and paths that only look like credentials.
    added
        .append("spark.authenticate.secret.file=/mnt/secrets/spark-auth\n")
        .append("spark.ssl.trustStorePassword=${env:SSL_TRUSTSTORE_PASSWORD}\n")
        .append(
            "spark.hadoop.google.cloud.auth.service.account.json.keyfile=/opt/spark/secrets/sa.json\n");
    Path properties = repo.resolve("k8s/overlays/dev/spark.properties");
    Files.writeString(properties, Files.readString(properties) + added);

    Report report =
        new Validator(CachedKustomize.kubectl()).validate(JobRepository.open(repo), List.of("dev"));

    List<Finding> findings =
        report.findings().stream().filter(f -> f.rule().equals("credentials-in-config")).toList();
    assertThat(findings)
        .extracting(Finding::object)
        .containsExactlyInAnyOrderElementsOf(
            CREDENTIALS.keySet().stream().map(k -> "setting " + k).toList());
    for (Finding finding : report.findings()) {
      CREDENTIALS.values().stream()
          .map(v -> v.replaceAll("=+$", "").replaceAll("^.*=", ""))
          .forEach(
              value -> assertThat(finding.toString()).as("a finding's text").doesNotContain(value));
    }
  }
}
