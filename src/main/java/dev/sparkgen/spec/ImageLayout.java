package dev.sparkgen.spec;

/**
 * The image every job repository builds, generated or adopted: where Jib puts the application and
 * how the container runs. The Job in kustomize-base runs {@code
 * local:///opt/spark/app/classpath/app.jar}: {@link #APP_ROOT}, Jib's {@code classpath/} of
 * packaged mode, and {@link #JAR_NAME}. Templates read these values through the template model
 * ({@code jib.*}, {@code image.*}); the adopted pom gets them from here.
 */
public final class ImageLayout {

  public static final String JIB_VERSION = "3.5.2";

  /**
   * The jar plugin that builds {@link #JAR_NAME} in {@code prepare-package}, where skaffold's Jib
   * line needs it.
   */
  public static final String JAR_PLUGIN_VERSION = "3.4.2";

  /** The plugin that adds sparkgen's own source root, {@link #RUNTIME_SOURCES}, to the build. */
  public static final String BUILD_HELPER_VERSION = "3.6.1";

  /** sparkgen's sources in every job repository: the executor feature step k8s/base names. */
  public static final String RUNTIME_SOURCES = "src/sparkgen/java";

  /**
   * sparkgen's packaged-layout check of an adopted project (the adopt archetype's
   * PackagedLayoutCheck), a test source root; {@link #CHECK_OPTIONS} are the options of its JVM.
   */
  public static final String CHECK_SOURCES = "src/sparkgen/check/java";

  public static final String CHECK_OPTIONS = "src/sparkgen/check/jvm.options";

  /** The plugin that lays the image's dependencies out under target/image for that check. */
  public static final String DEPENDENCY_PLUGIN_VERSION = "3.9.0";

  /** The plugin that runs that check in its own JVM, in the integration-test phase. */
  public static final String EXEC_PLUGIN_VERSION = "3.5.0";

  /** The jar's file name without {@code .jar}: Maven's {@code build.finalName}. */
  public static final String JAR_NAME = "app";

  public static final String APP_ROOT = "/opt/spark/app";

  /**
   * The image name kustomize-base's Job runs, which each overlay's {@code images:} entry maps to
   * the application's image; validate reports a container still running it.
   */
  public static final String PLACEHOLDER = "spark-app";

  /** apache/spark's user, numeric so that Pod Security "restricted" can verify runAsNonRoot. */
  public static final String USER = "185";

  public static final String WORKING_DIRECTORY = "/opt/spark/work-dir";

  /** Fixed jar entry times: the same sources give the same jar and the same layer digest. */
  public static final String OUTPUT_TIMESTAMP = "2026-01-01T00:00:00Z";

  private ImageLayout() {}
}
