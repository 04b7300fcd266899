package dev.sparkgen.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One file of a plan: its bytes and whether it is executable (mode 0755, else 0644). */
// The array is copied in and out, and equals and hashCode compare its content.
@SuppressWarnings("ArrayRecordComponent")
public record PlannedFile(byte[] content, boolean executable) {

  public PlannedFile {
    content = content.clone();
  }

  public static PlannedFile text(String content) {
    return new PlannedFile(content.getBytes(StandardCharsets.UTF_8), false);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  public int size() {
    return content.length;
  }

  /**
   * Git's object id of the content, as {@code git hash-object} computes it (SHA-1 of a {@code blob
   * <size>\0} header and the bytes): the answers file records it so that upgrade can read what was
   * generated back out of the repository's own git objects.
   */
  public String gitBlobId() {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha1.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PlannedFile that
        && executable == that.executable
        && java.util.Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(content) + Boolean.hashCode(executable);
  }

  @Override
  public String toString() {
    return "PlannedFile[" + size() + " bytes" + (executable ? ", executable" : "") + "]";
  }
}
