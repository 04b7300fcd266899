package dev.sparkgen.spec;

/**
 * The skaffold.yaml every job repository has: its schema version, which the template writes
 * (through the template model), validate checks against its vendored JSON schema and doctor
 * compares with the installed skaffold.
 */
public final class SkaffoldConfig {

  /** skaffold.yaml's {@code apiVersion}; skaffold 2.15 is the first to read it. */
  public static final String API_VERSION = "skaffold/v4beta13";

  /** Its JSON schema, under {@code sparkgen/schemas/}. */
  public static final String SCHEMA = API_VERSION + ".json";

  private SkaffoldConfig() {}
}
