package dev.sparkgen.validate;

/**
 * A tool validation runs (kubectl) did not finish within its time limit and was stopped; the
 * message names what it was doing and the limit.
 */
public final class ToolTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolTimeoutException(String message) {
    super(message);
  }
}
