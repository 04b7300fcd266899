package dev.sparkgen.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3A's credential provider settings across the AWS SDK change: Hadoop 3.4 and later (Spark 4's)
 * builds S3A on AWS SDK v2, and a provider class of SDK v1 ({@code com.amazonaws.auth.*}) is then
 * not found unless the v1 SDK is added to the image. Shared by the translator (a needs-action row,
 * the replacement written) and {@code validate} (a finding).
 *
 * <p>Sources: Hadoop's {@code hadoop-aws/tools/hadoop-aws/aws_sdk_upgrade.md} (HADOOP-18073,
 * "Automatic aws-sdk-bundle credential provider remapping"): S3A itself remaps only {@code
 * AnonymousAWSCredentials}, {@code EnvironmentVariableCredentialsProvider}, {@code
 * EC2ContainerCredentialsProviderWrapper}, {@code InstanceProfileCredentialsProvider} and {@code
 * profile.ProfileCredentialsProvider}, to the classes below; "less widely used" v1 providers must
 * be renamed by hand to their SDK v2 classes ({@code software.amazon.awssdk.auth.credentials},
 * which S3A instantiates through their static {@code create()}), and custom ones must implement
 * {@code software.amazon.awssdk.auth.credentials.AwsCredentialsProvider}. The keys are {@code
 * fs.s3a.aws.credentials.provider} and {@code fs.s3a.assumed.role.credentials.provider}, also per
 * bucket ({@code fs.s3a.bucket.NAME.…}).
 */
public final class S3aCredentialProviders {

  private S3aCredentialProviders() {}

  private static final Pattern KEY =
      Pattern.compile(
          "(spark\\.hadoop\\.)?fs\\.s3a\\.(bucket\\.[^.]+\\.)?(aws|assumed\\.role)\\.credentials\\.provider");

  private static final String V2 = "software.amazon.awssdk.auth.credentials.";

  /** SDK v1 class → its replacement on Hadoop 3.4 (the first five are S3A's own remapping). */
  private static final Map<String, String> REPLACEMENTS =
      Map.of(
          "com.amazonaws.auth.AnonymousAWSCredentials",
          "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider",
          "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
          V2 + "EnvironmentVariableCredentialsProvider",
          "com.amazonaws.auth.EC2ContainerCredentialsProviderWrapper",
          "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider",
          "com.amazonaws.auth.InstanceProfileCredentialsProvider",
          "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider",
          "com.amazonaws.auth.profile.ProfileCredentialsProvider",
          V2 + "ProfileCredentialsProvider",
          "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
          V2 + "WebIdentityTokenFileCredentialsProvider",
          "com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
          V2 + "DefaultCredentialsProvider",
          "com.amazonaws.auth.SystemPropertiesCredentialsProvider",
          V2 + "SystemPropertyCredentialsProvider",
          "com.amazonaws.auth.ContainerCredentialsProvider",
          V2 + "ContainerCredentialsProvider");

  /** Whether {@code key} (with or without Spark's {@code spark.hadoop.} prefix) lists providers. */
  public static boolean isProviderKey(String key) {
    return KEY.matcher(key).matches();
  }

  /** The SDK v1 classes {@code value} lists, in order. */
  public static List<String> v1Classes(String value) {
    return classes(value).stream().filter(c -> c.startsWith("com.amazonaws.")).toList();
  }

  /** The replacement of an SDK v1 class, if one is known. */
  public static Optional<String> replacement(String v1Class) {
    return Optional.ofNullable(REPLACEMENTS.get(v1Class));
  }

  /** {@code value} with each v1 class that has a known replacement replaced, comma-separated. */
  public static String replaced(String value) {
    return String.join(
        ",", classes(value).stream().map(c -> REPLACEMENTS.getOrDefault(c, c)).toList());
  }

  /** What to write instead, one clause per v1 class of {@code value}: {@code `old` → `new`}. */
  public static String fix(String value) {
    List<String> clauses = new ArrayList<>();
    for (String v1 : v1Classes(value)) {
      clauses.add(
          replacement(v1)
              .map(r -> "`" + v1 + "` → `" + r + "`")
              .orElse(
                  "`"
                      + v1
                      + "` has no replacement sparkgen knows: name an SDK v2 provider (a class of "
                      + V2
                      + " or org.apache.hadoop.fs.s3a.*), or one of your own implementing "
                      + V2
                      + "AwsCredentialsProvider"));
    }
    return String.join("; ", clauses);
  }

  private static List<String> classes(String value) {
    return java.util.Arrays.stream(value.split("[,\\s]+")).filter(c -> !c.isEmpty()).toList();
  }
}
