package dev.sparkgen.spec;

import java.util.List;

/**
 * One Spark release the generator supports, with the Scala version it is built for and the Java
 * versions for which an official {@code apache/spark} image exists.
 *
 * @param scalaVersion the {@code scala.version} of the release's {@code spark-parent} pom: the
 *     scala-library inside the image, which a Scala job is compiled with
 * @param kubernetesClient the fabric8 Kubernetes client inside the image (what spark-kubernetes of
 *     this line depends on): the generated project compiles against it, {@code provided}
 * @param kubernetesMockServer fabric8's mock API server the generated tests use: the client's own
 *     version where fabric8 published one (7.4.1, for one, is missing from Maven Central), else the
 *     nearest earlier one; the client's BOM still aligns every other fabric8 module
 * @param kubernetesModule the newest {@code spark-kubernetes} of this line on Maven Central, which
 *     is not published for every patch release: sparkgen's executor feature step compiles against
 *     it, {@code provided} (the image has the module of {@code version} itself)
 * @param hadoop the Hadoop inside the image, and the object-store connectors built for it
 */
public record SparkRelease(
    String version,
    String scalaVersion,
    List<Integer> javaVersions,
    String kubernetesClient,
    String kubernetesMockServer,
    String kubernetesModule,
    Hadoop hadoop) {

  public SparkRelease {
    javaVersions = List.copyOf(javaVersions);
  }

  /**
   * The Hadoop client inside the image ({@code jars/hadoop-client-api-VERSION.jar} and {@code
   * hadoop-client-runtime}, the {@code hadoop.version} of Spark's parent pom), which an
   * object-store connector must match: {@code org.apache.hadoop:hadoop-aws:VERSION} for s3a://, and
   * for gs:// the GCS connector of Spark's own {@code hadoop-cloud} build of the line.
   *
   * @param gcsConnector Google's shaded {@code gcs-connector} (Hadoop 3.3 and 3.4), or Hadoop's own
   *     {@code hadoop-gcp} (Hadoop 3.5 replaced the former with it)
   * @param awsSdk the AWS SDK major version hadoop-aws of this Hadoop is built on (1 before 3.4,
   *     then 2): S3A credential providers are that SDK's classes
   */
  public record Hadoop(String version, MavenArtifact gcsConnector, int awsSdk) {

    /** S3A's provider for a web-identity token file (EKS IRSA); not in S3A's default chain. */
    public String s3aWebIdentityProvider() {
      return awsSdk == 1
          ? "com.amazonaws.auth.WebIdentityTokenCredentialsProvider"
          : "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider";
    }

    /** S3A's provider for AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
    public String s3aEnvironmentProvider() {
      return awsSdk == 1
          ? "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"
          : "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider";
    }
  }

  /** Maven coordinates; {@code classifier} is empty for the main artifact. */
  public record MavenArtifact(
      String groupId, String artifactId, String version, String classifier) {}

  /** "2.13" for Scala 2.13.18: the suffix of Spark's artifacts and the image's tag. */
  public String scalaBinary() {
    return scalaVersion.substring(0, scalaVersion.lastIndexOf('.'));
  }

  /** "4.2" for "4.2.0". */
  public String line() {
    return version.substring(0, version.lastIndexOf('.'));
  }

  /** The official image's tag, e.g. {@code 4.2.0-scala2.13-java17-ubuntu}. */
  public String imageTag(int java) {
    return version + "-scala" + scalaBinary() + "-java" + java + "-ubuntu";
  }

  public String baseImage(int java) {
    return "apache/spark:" + imageTag(java);
  }
}
