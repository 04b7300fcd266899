package dev.sparkgen.archetype;

import dev.sparkgen.archetype.ArchetypeDescriptor.Parameter;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The archetypes available to this run: the built-in ones from the classpath, with a user's
 * {@code --templates DIR} layered over them. A template root holds {@code archetypes/<id>/} and
 * {@code kustomize-base/}, like this repository's top level; a file in a later root replaces the
 * file at the same relative path in an earlier one, and new files are added.
 */
public final class ArchetypeCatalog {

  static final String CLASSPATH_ROOT = "sparkgen";
  static final String DESCRIPTOR = "archetype.yaml";
  /** The rendering limit of one file (see PlanRenderer.Limits): a bigger template cannot render. */
  static final long MAX_FILE_BYTES = 16L << 20;

  private final List<Path> roots;

  private ArchetypeCatalog(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The templates packaged with the generator. */
  public static ArchetypeCatalog builtIn() {
    return new ArchetypeCatalog(List.of(classpathRoot()));
  }

  /** The built-in templates with {@code overrides} layered on top. */
  public static ArchetypeCatalog withOverrides(Path overrides) {
    if (!Files.isDirectory(overrides)) {
      throw new InvalidInputException("Template folder '" + overrides + "' is not a directory; pass a folder laid out like the generator's own (archetypes/<id>/, kustomize-base/).");
    }
    if (!Files.isDirectory(overrides.resolve("archetypes")) && !Files.isDirectory(overrides.resolve("kustomize-base"))) {
      throw new InvalidInputException("Template folder '" + overrides + "' has neither archetypes/ nor kustomize-base/; lay it out like the generator's own folders.");
    }
    return new ArchetypeCatalog(List.of(classpathRoot(), overrides));
  }

  /** Every archetype's descriptor, by id. */
  public Map<String, ArchetypeDescriptor> descriptors() {
    Map<String, ArchetypeDescriptor> byId = new TreeMap<>();
    for (Path root : roots) {
      Path archetypes = root.resolve("archetypes");
      if (!Files.isDirectory(archetypes)) {
        continue;
      }
      try (Stream<Path> children = Files.list(archetypes)) {
        for (Path dir : children.sorted().toList()) {
          Path descriptor = dir.resolve(DESCRIPTOR);
          refuseLinks(root, descriptor);
          if (Files.isRegularFile(descriptor)) {
            ArchetypeDescriptor parsed = parseDescriptor(descriptor);
            byId.put(parsed.id(), parsed);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return byId;
  }

  /** Loads an archetype's templates and the Kustomize base into memory. */
  public Archetype load(String id) {
    ArchetypeDescriptor descriptor = descriptors().get(id);
    if (descriptor == null) {
      throw new InvalidInputException("Archetype '" + id + "' does not exist; available: "
          + String.join(", ", descriptors().keySet()) + ".");
    }
    Map<String, byte[]> files = new TreeMap<>();
    Map<String, byte[]> base = new TreeMap<>();
    for (Path root : roots) {
      readTree(root, root.resolve("archetypes").resolve(id).resolve("files"), files);
      readTree(root, root.resolve("kustomize-base"), base);
    }
    return Archetype.of(descriptor, files, base);
  }

  /**
   * Reads the regular files under {@code dir}. Links are refused, not followed: a template folder
   * must not carry a file from elsewhere on the machine (say /etc/passwd) into a repository. So is
   * anything that is not a regular file (a FIFO would block the read) or is too big to render.
   */
  private static void readTree(Path root, Path dir, Map<String, byte[]> into) {
    // A link above dir is found by descriptors(), one at dir itself by the walk.
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.sorted().toList()) {
        if (Files.isSymbolicLink(file)) {
          throw link(root, file);
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidInputException("Template folder '" + root + "' contains '" + file
              + "', which is not a regular file (a FIFO, socket or device); templates must be files.");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
          throw new InvalidInputException(String.format("Template folder '%s' contains '%s', %,d bytes; a template may have at most %,d.",
              root, file, size, MAX_FILE_BYTES));
        }
        // Forward slashes whatever the file system: plan paths are portable.
        String relative = dir.relativize(file).toString().replace(dir.getFileSystem().getSeparator(), "/");
        into.put(relative, Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses a link anywhere between the template root and {@code path}, {@code path} included. */
  private static void refuseLinks(Path root, Path path) {
    for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw link(root, p);
      }
    }
  }

  private static InvalidInputException link(Path root, Path link) {
    return new InvalidInputException("Template folder '" + root + "' contains the symbolic link '" + link
        + "'; links are refused so that no file from outside the folder lands in a repository: copy the file in instead.");
  }

  @SuppressWarnings("unchecked")
  static ArchetypeDescriptor parseDescriptor(Path file) {
    Object yaml;
    try {
      yaml = new Load(LoadSettings.builder().setLabel(file.toString()).build())
          .loadFromString(Files.readString(file));
    } catch (YamlEngineException e) {
      throw new InvalidInputException("Archetype descriptor " + file + " is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(yaml instanceof Map<?, ?> map) || !(map.get("id") instanceof String id)) {
      throw new InvalidInputException("Archetype descriptor " + file + " has no 'id'; it needs id, description, mainClass and parameters.");
    }
    String expectedId = file.getParent().getFileName().toString();
    if (!id.equals(expectedId)) {
      throw new InvalidInputException("Archetype descriptor " + file + " declares id '" + id + "' but lives in folder '" + expectedId + "'; they must match.");
    }
    List<Parameter> parameters = new ArrayList<>();
    Object declared = map.get("parameters");
    if (declared instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> p = (Map<String, Object>) item;
        parameters.add(new Parameter(
            String.valueOf(p.get("name")),
            String.valueOf(p.getOrDefault("description", "")),
            String.valueOf(p.get("default")),
            String.valueOf(p.getOrDefault("pattern", ".*"))));
      }
    }
    Set<String> executables = new LinkedHashSet<>();
    if (map.get("executables") instanceof List<?> list) {
      list.forEach(e -> executables.add(String.valueOf(e)));
    }
    Map<String, Object> fields = (Map<String, Object>) map;
    return new ArchetypeDescriptor(id, String.valueOf(fields.getOrDefault("description", "")),
        String.valueOf(fields.getOrDefault("mainClass", "Main")), parameters, executables);
  }

  private static Path classpathRoot() {
    URL marker = ArchetypeCatalog.class.getClassLoader().getResource(CLASSPATH_ROOT + "/archetypes");
    if (marker == null) {
      throw new IllegalStateException("the built-in templates are missing from the classpath (" + CLASSPATH_ROOT + "/archetypes)");
    }
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // Opened by an earlier call in this JVM; Path.of below finds it.
        }
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the built-in templates at " + marker, e);
    }
  }
}
