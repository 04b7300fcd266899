package dev.sparkgen.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An object store whose Hadoop connector goes into the application's image ({@code
 * --object-store}). apache/spark ships none; the artifacts for each Spark line are in {@link
 * SparkVersions}.
 */
public enum ObjectStore {
  S3A("s3a", "s3a:// (Amazon S3 and S3-compatible stores: hadoop-aws)"),
  GCS("gcs", "gs:// (Google Cloud Storage: the GCS connector)");

  private final String key;
  private final String description;

  ObjectStore(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** As given on the command line and recorded in the answers file. */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  static String accepted() {
    return Arrays.stream(values())
        .map(s -> "'" + s.key + "' for " + s.description)
        .collect(Collectors.joining(", "));
  }
}
