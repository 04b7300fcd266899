package dev.sparkgen.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text files read from a repository: UTF-8 or refused with the line of the first bad byte, never a
 * MalformedInputException.
 */
public final class InputText {

  private InputText() {}

  /** {@code bytes} as UTF-8; else bad input: "{@code label} is not UTF-8 (line N); {@code fix}". */
  public static String utf8(String label, byte[] bytes, String fix) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      // The decoder stops at the first byte sequence UTF-8 does not have.
      int line = 1;
      for (int i = 0; i < in.position() && i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new InvalidInputException(
          label + " is not UTF-8 (line " + line + " has a byte UTF-8 does not use); " + fix);
    }
  }

  /**
   * The text of a regular file of at most {@code maxBytes}; a larger one is bad input, refused
   * before it is read.
   */
  public static String read(Path file, String label, long maxBytes, String fix) {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new InvalidInputException(
            label
                + " is "
                + String.format("%,d", size)
                + " bytes; at most "
                + String.format("%,d", maxBytes)
                + " are accepted; "
                + fix);
      }
      return utf8(label, Files.readAllBytes(file), fix);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed", e);
    }
  }
}
