package dev.sparkgen.spec;

import java.util.List;

/**
 * One Spark release the generator supports, with the Scala binary version it is built for and the
 * Java versions for which an official {@code apache/spark} image exists.
 *
 * @param kubernetesClient the fabric8 Kubernetes client inside the image (what spark-kubernetes of
 *     this line depends on): the generated project compiles against it, {@code provided}
 * @param kubernetesModule the newest {@code spark-kubernetes} of this line on Maven Central, which
 *     is not published for every patch release: sparkgen's executor feature step compiles against
 *     it, {@code provided} (the image has the module of {@code version} itself)
 */
public record SparkRelease(String version, String scalaBinary, List<Integer> javaVersions, String kubernetesClient,
    String kubernetesModule) {

  public SparkRelease {
    javaVersions = List.copyOf(javaVersions);
  }

  /** "4.2" for "4.2.0". */
  public String line() {
    return version.substring(0, version.lastIndexOf('.'));
  }

  /** The official image's tag, e.g. {@code 4.2.0-scala2.13-java17-ubuntu}. */
  public String imageTag(int java) {
    return version + "-scala" + scalaBinary + "-java" + java + "-ubuntu";
  }

  public String baseImage(int java) {
    return "apache/spark:" + imageTag(java);
  }
}
