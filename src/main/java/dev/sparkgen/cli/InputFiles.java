package dev.sparkgen.cli;

import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.StandaloneInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file the user names as input (a submit script, a defaults file): small, regular, UTF-8.
 */
final class InputFiles {

  /** Far above any submit script or defaults file; a larger one is not what the option means. */
  static final long MAX_BYTES = 1 << 20;

  private InputFiles() {}

  /** The text of {@code given}; {@code what} names it in messages ("Submit file"). */
  static String read(String what, String given) {
    Path path = Path.of(given);
    String label = what + " '" + given + "'";
    try {
      if (!Files.exists(path)) {
        throw new InvalidInputException(label + " does not exist; name an existing file.");
      }
      // Never open a FIFO or a device: reading one may never end.
      if (!Files.isRegularFile(path)) {
        throw new InvalidInputException(label + " is not a regular file; name the file itself.");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new InvalidInputException(
            label
                + " is "
                + String.format("%,d", size)
                + " bytes; at most "
                + String.format("%,d", MAX_BYTES)
                + " are accepted.");
      }
      return StandaloneInputs.decode(label, Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(label + " does not exist; name an existing file.");
    } catch (IOException e) {
      throw new InvalidInputException(
          label + " cannot be read (" + e.getClass().getSimpleName() + "); check its permissions.");
    }
  }
}
