package dev.sparkgen.validate;

/**
 * A tool validation needs (kubectl) is not installed; the message says which and where to get it.
 */
public final class ToolMissingException extends RuntimeException {
  public ToolMissingException(String message) {
    super(message);
  }
}
