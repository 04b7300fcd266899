package dev.sparkgen.jib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes, without Docker or a registry, a small image laid out like {@code apache/spark} in the
 * {@code docker save} format that Jib accepts as a {@code tar://} base image: the entrypoint at
 * {@code /opt/entrypoint.sh} and {@code bin/spark-submit} (stand-ins that behave like the official
 * ones, in src/test/resources/stand-in-spark), {@code USER spark} (uid 185, like the official
 * image, which names its user rather than numbering it), working directory {@code
 * /opt/spark/work-dir}, {@code SPARK_HOME} and a placeholder Spark jar under {@code
 * /opt/spark/jars}, so a test can tell Spark in the base from Spark wrongly copied into the
 * application's layers. Tests that run Spark put Spark's real jars in its place.
 */
public final class StandInSparkImage {

  public static final String ENTRYPOINT = "/opt/entrypoint.sh";
  static final String USER = "spark";
  public static final String WORKING_DIRECTORY = "/opt/spark/work-dir";
  public static final String SPARK_HOME = "/opt/spark";
  public static final String SPARK_JAR = "opt/spark/jars/spark-core_2.13-4.2.0.jar";

  private StandInSparkImage() {}

  /** Writes the image tar to {@code target} and returns it. */
  public static Path write(Path target) throws IOException {
    byte[] layer =
        Tar.write(
            List.of(
                Tar.directory("etc"),
                Tar.file(
                    "etc/passwd",
                    0644,
                    "root:x:0:0:root:/root:/bin/sh\nspark:x:185:185::/nonexistent:/usr/sbin/nologin\n"),
                Tar.file("etc/group", 0644, "root:x:0:\nspark:x:185:\n"),
                Tar.directory("opt"),
                Tar.file("opt/entrypoint.sh", 0755, resource("entrypoint.sh")),
                Tar.directory("opt/spark"),
                Tar.directory("opt/spark/bin"),
                Tar.file("opt/spark/bin/spark-submit", 0755, resource("spark-submit")),
                Tar.directory("opt/spark/jars"),
                Tar.file(SPARK_JAR, 0644, "stand-in, not a real jar"),
                Tar.directory("opt/spark/work-dir")));
    String diffId = "sha256:" + sha256(layer);
    String config =
        """
        {"architecture":"amd64","os":"linux",
         "config":{"User":"%s","Entrypoint":["%s"],"WorkingDir":"%s",
                   "Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                          "JAVA_HOME=/opt/java/openjdk","SPARK_HOME=%s"]},
         "rootfs":{"type":"layers","diff_ids":["%s"]},
         "history":[{"created":"1970-01-01T00:00:00Z","created_by":"sparkgen test stand-in for apache/spark"}]}
        """
            .formatted(USER, ENTRYPOINT, WORKING_DIRECTORY, SPARK_HOME, diffId);
    String manifest =
        """
        [{"Config":"config.json","RepoTags":["stand-in/spark:test"],"Layers":["layer.tar"]}]
        """;
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.write(
        target,
        Tar.write(
            List.of(
                Tar.file("manifest.json", 0644, manifest),
                Tar.file("config.json", 0644, config),
                Tar.file("layer.tar", 0644, layer))));
    return target;
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = StandInSparkImage.class.getResourceAsStream("/stand-in-spark/" + name)) {
      if (in == null) {
        throw new IOException("test resource stand-in-spark/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the stand-in to the path given as the only argument (used by the bench script). */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]));
    System.out.println(args[0]);
  }
}
