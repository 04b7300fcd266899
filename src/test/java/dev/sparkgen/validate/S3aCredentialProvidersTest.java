package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen validate} on an overlay whose team set an AWS SDK v1 credential provider by hand:
 * reported, with its v2 replacement, where the Spark line's Hadoop builds S3A on SDK v2 (4.x), and
 * not on Spark 3.5, whose Hadoop is still on SDK v1.
 */
class S3aCredentialProvidersTest {

  @TempDir Path work;

  static final String SETTINGS =
      "\nspark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.EnvironmentVariableCredentialsProvider\n"
          + "spark.hadoop.fs.s3a.bucket.landing.assumed.role.credentials.provider="
          + "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider\n";

  List<Finding> findings(Plan plan) throws Exception {
    ExternalTools.require("kubectl");
    Path repo = work.resolve("job-" + System.nanoTime());
    new PlanWriter().write(plan, repo);
    Path properties = repo.resolve("k8s/overlays/dev/spark.properties");
    Files.writeString(properties, Files.readString(properties) + SETTINGS);
    return new Validator(CachedKustomize.kubectl())
        .validate(JobRepository.open(repo), List.of("dev")).findings().stream()
            .filter(f -> f.rule().equals("s3a-credential-providers"))
            .toList();
  }

  @Test
  void aV1ProviderOnSpark4IsAFindingNamingItsV2Replacement() throws Exception {
    List<Finding> findings = findings(Fixtures.demoPlan());

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.file()).isEqualTo("k8s/overlays/dev/spark.properties");
    assertThat(finding.object()).isEqualTo("setting spark.hadoop.fs.s3a.aws.credentials.provider");
    assertThat(finding.message()).contains("AWS SDK v2");
    assertThat(finding.fix())
        .contains("software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
  }

  @Test
  void aV1ProviderOnSpark35IsRight() throws Exception {
    assertThat(findings(Fixtures.plan("spark-pi-demo", b -> b.spark("3.5")))).isEmpty();
  }
}
