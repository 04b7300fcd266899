package dev.sparkgen.spec;

import java.util.Optional;

/**
 * Where the templates of a repository came from, as recorded in its answers file: the built-in ones
 * of the generator version that rendered it, with or without a {@code --templates} folder layered
 * on top. The folder's digest tells a later upgrade whether it is the same folder.
 *
 * @param folder the {@code --templates} folder as the user gave it, if any
 * @param digest {@code sha256:<hex>} over the folder's files (paths and bytes) that were used
 */
public record TemplateSource(Optional<String> folder, Optional<String> digest) {

  public static final TemplateSource BUILT_IN =
      new TemplateSource(Optional.empty(), Optional.empty());

  public static TemplateSource folder(String folder, String digest) {
    return new TemplateSource(Optional.of(folder), Optional.of(digest));
  }

  public boolean builtIn() {
    return folder.isEmpty();
  }
}
