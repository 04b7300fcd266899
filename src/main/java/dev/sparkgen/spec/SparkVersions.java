package dev.sparkgen.spec;

import dev.sparkgen.spec.SparkRelease.Hadoop;
import dev.sparkgen.spec.SparkRelease.MavenArtifact;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The single table of supported Spark releases: Spark → Scala → Java → {@code apache/spark} tag.
 *
 * <p>Only combinations whose official image exists are listed, as read from the apache/spark-docker
 * repository (one directory per {@code <spark>/scala<scala>-java<java>-ubuntu} image; its {@code
 * versions.json} lists their tags). One release per line: the newest patch with an image. The 3.5
 * line stays because teams leaving Standalone clusters mostly run 3.5 code; it was built for Java
 * 11 and 17 only, and this generator targets 17 and 21. Per line also the fabric8 client inside the
 * image and the newest {@code spark-kubernetes} on Maven Central (as of 2026-11 it is missing for
 * 3.5.7-3.5.8, 4.0.3 and 4.1.2).
 *
 * <p>The Hadoop of each line is {@code hadoop.version} of its {@code spark-parent} pom (the {@code
 * hadoop-client-api}/{@code -runtime} jars the image ships); the GCS connector is the one its
 * {@code hadoop-cloud} module builds with ({@code gcs-connector.version}, shaded), and from Hadoop
 * 3.5 Hadoop's own {@code hadoop-gcp}, which replaced it (SPARK-55657). The Scala version is the
 * {@code scala.version} of the same pom (2.12 for 3.5, 2.13 for 4.x).
 */
public final class SparkVersions {

  public static final List<SparkRelease> RELEASES =
      List.of(
          new SparkRelease(
              "4.2.0",
              "2.13.18",
              List.of(17, 21),
              "7.6.1",
              "7.6.1",
              "4.2.0",
              new Hadoop(
                  "3.5.0", new MavenArtifact("org.apache.hadoop", "hadoop-gcp", "3.5.0", ""), 2)),
          new SparkRelease(
              "4.1.2",
              "2.13.17",
              List.of(17, 21),
              "7.4.1",
              "7.4.0",
              "4.1.1",
              new Hadoop("3.4.2", gcsConnector("hadoop3-2.2.28"), 2)),
          new SparkRelease(
              "4.0.3",
              "2.13.16",
              List.of(17, 21),
              "7.1.0",
              "7.1.0",
              "4.0.2",
              new Hadoop("3.4.1", gcsConnector("hadoop3-2.2.26"), 2)),
          new SparkRelease(
              "3.5.8",
              "2.12.18",
              List.of(17),
              "6.7.2",
              "6.7.2",
              "3.5.6",
              new Hadoop("3.3.4", gcsConnector("hadoop3-2.2.14"), 1)));

  /** Java versions a generated project may target. */
  public static final List<Integer> JAVA_VERSIONS = List.of(17, 21);

  public static final int DEFAULT_JAVA = 17;

  /**
   * The scala-maven-plugin a Scala job is built with, for every line: it compiles 2.12 and 2.13
   * alike (the Scala version is each release's {@link SparkRelease#scalaVersion}).
   */
  public static final String SCALA_MAVEN_PLUGIN = "4.9.2";

  private SparkVersions() {}

  /** Google's connector, shaded: its own dependencies are inside it under relocated packages. */
  private static MavenArtifact gcsConnector(String version) {
    return new MavenArtifact("com.google.cloud.bigdataoss", "gcs-connector", version, "shaded");
  }

  /** The newest 4.x release: the default. */
  public static SparkRelease defaultRelease() {
    return RELEASES.get(0);
  }

  /** Finds a release by full version ("3.5.8") or by line ("3.5"). */
  public static SparkRelease find(String requested) {
    return RELEASES.stream()
        .filter(r -> r.version().equals(requested) || r.line().equals(requested))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Spark version '"
                        + requested
                        + "' is not supported; use one of "
                        + accepted()
                        + "."));
  }

  static String accepted() {
    return RELEASES.stream()
        .map(r -> r.version() + " (or " + r.line() + ")")
        .collect(Collectors.joining(", "));
  }
}
