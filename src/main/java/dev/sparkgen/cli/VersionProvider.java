package dev.sparkgen.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; "dev" when run from a classes directory. */
public final class VersionProvider implements IVersionProvider {

  public static String version() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sparkgen " + version()};
  }
}
