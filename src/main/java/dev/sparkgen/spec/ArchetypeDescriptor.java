package dev.sparkgen.spec;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;

/**
 * What {@code archetypes/<id>/archetype.yaml} declares, checked field by field by
 * {@link DescriptorParser}. It lives in the spec package because the spec is validated against it;
 * the archetype package only finds and reads the files.
 *
 * @param mainClass the simple name of the application's main class, in the user's package
 * @param executables generated paths that get mode 0755 (e.g. {@code mvnw})
 * @param upgrade how {@code sparkgen upgrade} treats generated paths, first matching rule wins;
 *     a path no rule matches is {@link UpgradePolicy#MERGED}
 */
public record ArchetypeDescriptor(
    String id,
    String description,
    String mainClass,
    List<Parameter> parameters,
    Set<String> executables,
    List<FileRule> upgrade) {

  public ArchetypeDescriptor {
    parameters = List.copyOf(parameters);
    executables = Set.copyOf(executables);
    upgrade = List.copyOf(upgrade);
  }

  /** A value the user may set with {@code --param name=value}; the default matches the pattern. */
  public record Parameter(String name, String description, String defaultValue, String pattern) {}

  /** What an upgrade may do to a generated file the team may have edited. */
  public enum UpgradePolicy {
    /** Always the template's current content; the team's edits are replaced (git still has them). */
    MANAGED,
    /** Three-way merge of the team's edits with the template's changes; conflicts are marked. */
    MERGED,
    /** Written once by {@code new}; the team owns it from then on and upgrades never touch it. */
    TEAM;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One {@code upgrade:} entry: a glob over generated paths ({@code src/main/java/**}) and its policy. */
  public record FileRule(String glob, UpgradePolicy policy) {
    boolean matches(String path) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      return matcher.matches(Path.of(path));
    }
  }

  public UpgradePolicy policyOf(String path) {
    return upgrade.stream().filter(rule -> rule.matches(path)).map(FileRule::policy).findFirst()
        .orElse(UpgradePolicy.MERGED);
  }
}
