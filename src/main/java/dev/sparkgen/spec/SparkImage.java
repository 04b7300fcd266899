package dev.sparkgen.spec;

import java.util.Set;

/**
 * What the apache/spark image has in {@code /opt/spark/jars}, the one list every reader of a pom or
 * a submit script consults: a dependency found here is {@code provided}, never shipped again.
 *
 * <p>The image unpacks Spark's binary distribution {@code spark-<version>-bin-hadoop3.tgz} and
 * moves its {@code jars/} to {@code /opt/spark/jars} (apache/spark-docker, each version's
 * Dockerfile: {@code mv jars /opt/spark/}). That distribution is built by
 * dev/create-release/release-build.sh with {@code BASE_PROFILES="-Pyarn -Pkubernetes"} and {@code
 * HIVE_PROFILES="-Phive -Phive-thriftserver"} ({@code BINARY_PKGS_ARGS["hadoop3"]="-Phadoop-3
 * $HIVE_PROFILES"}), and assembly/pom.xml puts into {@code jars/} spark-core, spark-mllib,
 * spark-streaming, spark-graphx, spark-sql and spark-repl, plus, by those profiles, spark-yarn,
 * spark-kubernetes, spark-hive and spark-hive-thriftserver, each with the Spark modules it depends
 * on (spark-catalyst, spark-sql-api, spark-common-utils, spark-kvstore, spark-launcher,
 * spark-network-*, spark-sketch, spark-tags, spark-unsafe, spark-mllib-local, spark-variant).
 * Others (spark-avro, spark-sql-kafka-0-10, spark-protobuf, spark-hadoop-cloud, spark-connect's
 * client) are not in the image and stay as the team declared them. A module of a later Spark line
 * (spark-variant, spark-sql-api) simply has no artifact for an earlier one.
 */
public final class SparkImage {

  /** Spark's modules in the image, without their Scala suffix. */
  public static final Set<String> MODULES =
      Set.of(
          "spark-core",
          "spark-sql",
          "spark-sql-api",
          "spark-catalyst",
          "spark-streaming",
          "spark-mllib",
          "spark-mllib-local",
          "spark-graphx",
          "spark-hive",
          "spark-hive-thriftserver",
          "spark-kubernetes",
          "spark-launcher",
          "spark-kvstore",
          "spark-network-common",
          "spark-network-shuffle",
          "spark-repl",
          "spark-sketch",
          "spark-tags",
          "spark-unsafe",
          "spark-yarn",
          "spark-common-utils",
          "spark-variant");

  /** The Scala runtime in the image ({@code org.scala-lang}), which Spark's line fixes. */
  public static final Set<String> SCALA_LIBRARIES = Set.of("scala-library", "scala-reflect");

  private SparkImage() {}

  /** Whether the image provides this Spark module (an artifact id without its Scala suffix). */
  public static boolean provides(String module) {
    return MODULES.contains(module);
  }
}
