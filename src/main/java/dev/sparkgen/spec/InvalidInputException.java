package dev.sparkgen.spec;

/**
 * Bad input from the user: the message is one sentence naming the bad value and what is accepted.
 * The CLI maps it to exit code 2, before anything is written.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message);
  }
}
