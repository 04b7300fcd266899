package dev.sparkgen.cli;

/** The process exit codes, the same for every command. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
