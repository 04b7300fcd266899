package dev.sparkgen.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One file of a plan: its bytes and whether it is executable (mode 0755, else 0644). */
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

  /** {@code sha256:<hex>} of the content, as recorded in the answers file. */
  public String sha256() {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
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
