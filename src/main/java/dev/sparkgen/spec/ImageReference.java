package dev.sparkgen.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference as Docker and containerd read it: {@code [HOST[:PORT]/]PATH}, then a
 * tag, a digest, or both ({@code NAME:TAG@sha256:...}, where the digest decides what is pulled).
 * Only {@link #parse} checks one; a base image without tag or digest is refused, because it would
 * mean whatever "latest" is on the day of the build.
 *
 * @param name registry and repository, without tag or digest
 * @param tag the tag, or empty
 * @param digest {@code ALGORITHM:HEX}, or empty
 */
public record ImageReference(String name, Optional<String> tag, Optional<String> digest) {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final String HOST =
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
          + "(?::[0-9]{1,5})?)";

  /**
   * The distribution reference grammar (a first component is a host only with a '.', a ':' or as
   * localhost).
   */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?<name>(?:"
              + HOST
              + "/)?"
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*)"
              + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
              + "(?:@(?<digest>sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?");

  /**
   * @param what the option, for the message ("--base-image")
   */
  static ImageReference parse(String what, String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidInputException(
          what
              + " is empty; use an image reference such as 'registry.example.com/mirror/apache/spark:4.2.0-scala2.13-java17-ubuntu'.");
    }
    Matcher m = REFERENCE.matcher(reference);
    if (!m.matches() || !firstComponentValid(m.group("name"))) {
      throw new InvalidInputException(
          what
              + " '"
              + reference
              + "' is not a valid image reference; use [HOST[:PORT]/]PATH:TAG, "
              + "optionally pinned with @sha256:<64 hex digits>, in lowercase except the tag, without a scheme.");
    }
    if (m.group("tag") == null && m.group("digest") == null) {
      throw new InvalidInputException(
          what
              + " '"
              + reference
              + "' names neither a tag nor a digest; add one (e.g. ':4.2.0-scala2.13-java17-ubuntu' or '@sha256:...'), so every build uses the same image.");
    }
    return new ImageReference(
        m.group("name"),
        Optional.ofNullable(m.group("tag")),
        Optional.ofNullable(m.group("digest")));
  }

  /**
   * A first component is a registry only with a '.' or a ':', or as localhost; otherwise it is a
   * lowercase path component.
   */
  private static boolean firstComponentValid(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return true;
    }
    String first = name.substring(0, slash);
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || first.matches(COMPONENT);
  }

  @Override
  public String toString() {
    return name + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
