package dev.sparkgen.archetype;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.DescriptorParser;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.TemplateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The archetypes available to this run: the built-in ones from the classpath, with a user's {@code
 * --templates DIR} layered over them. A template root holds {@code archetypes/<id>/} and {@code
 * kustomize-base/}, like this repository's top level; a file in a later root replaces the file at
 * the same relative path in an earlier one, and new files are added.
 */
public final class ArchetypeCatalog {

  static final String CLASSPATH_ROOT = "sparkgen";
  static final String DESCRIPTOR = "archetype.yaml";

  /**
   * The folder of templates archetypes share (field {@code shared} of their descriptors); not an
   * archetype.
   */
  public static final String SHARED = "_shared";

  /** The rendering limit of one file (see PlanRenderer.Limits): a bigger template cannot render. */
  static final long MAX_FILE_BYTES = 16L << 20;

  private final List<Path> roots;

  /** The {@code --templates} folder as the user gave it, if any: always the last root. */
  private final String userFolder;

  private Map<String, ArchetypeDescriptor> descriptors;

  private ArchetypeCatalog(List<Path> roots, String userFolder) {
    this.roots = List.copyOf(roots);
    this.userFolder = userFolder;
  }

  /** The templates packaged with the generator. */
  public static ArchetypeCatalog builtIn() {
    return new ArchetypeCatalog(List.of(classpathRoot()), null);
  }

  /** The built-in templates with {@code overrides} layered on top. */
  public static ArchetypeCatalog withOverrides(Path overrides) {
    if (!Files.isDirectory(overrides)) {
      throw new InvalidInputException(
          "Template folder '"
              + overrides
              + "' is not a directory; pass a folder laid out like the generator's own (archetypes/<id>/, kustomize-base/).");
    }
    if (!Files.isDirectory(overrides.resolve("archetypes"))
        && !Files.isDirectory(overrides.resolve("kustomize-base"))) {
      throw new InvalidInputException(
          "Template folder '"
              + overrides
              + "' has neither archetypes/ nor kustomize-base/; lay it out like the generator's own folders.");
    }
    return new ArchetypeCatalog(List.of(classpathRoot(), overrides), overrides.toString());
  }

  /**
   * Every archetype's descriptor, by id; read once (a command needs them to check its input, then
   * to load).
   */
  public Map<String, ArchetypeDescriptor> descriptors() {
    if (descriptors == null) {
      descriptors = Collections.unmodifiableMap(readDescriptors());
    }
    return descriptors;
  }

  private Map<String, ArchetypeDescriptor> readDescriptors() {
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

  /**
   * Loads an archetype's templates and the Kustomize base into memory. Its templates are the shared
   * ones its descriptor takes ({@code archetypes/_shared/files/}, field {@code shared}) with its
   * own {@code files/} over them: an archetype's own file wins over a shared one of the same path,
   * and within each, a later root (the user's folder) over an earlier one.
   */
  public Archetype load(String id) {
    ArchetypeDescriptor descriptor = descriptors().get(id);
    if (descriptor == null) {
      throw new InvalidInputException(
          "Archetype '"
              + id
              + "' does not exist; available: "
              + String.join(", ", descriptors().keySet())
              + ".");
    }
    TreeMap<String, byte[]> shared = new TreeMap<>();
    TreeMap<String, byte[]> own = new TreeMap<>();
    TreeMap<String, byte[]> base = new TreeMap<>();
    for (Path root : roots) {
      readTree(root, sharedFiles(root), shared);
      readTree(root, root.resolve("archetypes").resolve(id).resolve("files"), own);
      readTree(root, root.resolve("kustomize-base"), base);
    }
    for (int i = 0; i < descriptor.shared().size(); i++) {
      String glob = descriptor.shared().get(i);
      ArchetypeDescriptor one =
          new ArchetypeDescriptor(
              id, "", "", List.of(), Set.of(), List.of(), List.of(glob), descriptor.command());
      if (shared.keySet().stream().noneMatch(one::takesShared)) {
        throw new InvalidInputException(
            "Archetype '"
                + id
                + "' takes the shared templates '"
                + glob
                + "' (archetype.yaml, field 'shared["
                + i
                + "]'), but archetypes/"
                + SHARED
                + "/files has none that match; fix the glob or add the templates.");
      }
    }
    TreeMap<String, byte[]> files = new TreeMap<>();
    shared.forEach(
        (path, bytes) -> {
          if (descriptor.takesShared(path)) {
            files.put(path, bytes);
          }
        });
    files.putAll(own);
    if (userFolder == null) {
      return new Archetype(descriptor, files, base, Set.of(), TemplateSource.BUILT_IN);
    }
    Path user = roots.get(roots.size() - 1);
    Map<String, byte[]> userOwn = new TreeMap<>();
    readTree(user, user.resolve("archetypes").resolve(id).resolve("files"), userOwn);
    Map<String, byte[]> userShared = new TreeMap<>();
    readTree(user, sharedFiles(user), userShared);
    Set<String> userFiles = new TreeSet<>(userOwn.keySet());
    Map<String, byte[]> used = new TreeMap<>();
    readTree(user, user.resolve("archetypes").resolve(id), used);
    userShared.forEach(
        (path, bytes) -> {
          if (descriptor.takesShared(path)) {
            used.put("archetypes/" + SHARED + "/files/" + path, bytes);
            if (!own.containsKey(path)) {
              userFiles.add(path);
            }
          }
        });
    Map<String, byte[]> userBase = new TreeMap<>();
    readTree(user, user.resolve("kustomize-base"), userBase);
    userBase.forEach((path, bytes) -> used.put("kustomize-base/" + path, bytes));
    return new Archetype(
        descriptor, files, base, userFiles, TemplateSource.folder(userFolder, digest(used)));
  }

  private static Path sharedFiles(Path root) {
    return root.resolve("archetypes").resolve(SHARED).resolve("files");
  }

  /** {@code sha256:<hex>} over paths and contents, so that a renamed file changes it too. */
  static String digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (path, bytes) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(bytes);
          });
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
          throw new InvalidInputException(
              "Template folder '"
                  + root
                  + "' contains '"
                  + file
                  + "', which is not a regular file (a FIFO, socket or device); templates must be files.");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
          throw new InvalidInputException(
              String.format(
                  "Template folder '%s' contains '%s', %,d bytes; a template may have at most %,d.",
                  root, file, size, MAX_FILE_BYTES));
        }
        // Forward slashes whatever the file system: plan paths are portable.
        String relative =
            dir.relativize(file).toString().replace(dir.getFileSystem().getSeparator(), "/");
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
    return new InvalidInputException(
        "Template folder '"
            + root
            + "' contains the symbolic link '"
            + link
            + "'; links are refused so that no file from outside the folder lands in a repository: copy the file in instead.");
  }

  static ArchetypeDescriptor parseDescriptor(Path file) {
    try {
      return DescriptorParser.parse(
          file.toString(), file.getParent().getFileName().toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path classpathRoot() {
    URL marker =
        ArchetypeCatalog.class.getClassLoader().getResource(CLASSPATH_ROOT + "/archetypes");
    if (marker == null) {
      throw new IllegalStateException(
          "the built-in templates are missing from the classpath ("
              + CLASSPATH_ROOT
              + "/archetypes)");
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
