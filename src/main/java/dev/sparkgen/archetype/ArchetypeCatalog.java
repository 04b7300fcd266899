package dev.sparkgen.archetype;

import dev.sparkgen.spec.ArchetypeDescriptor;
import dev.sparkgen.spec.DescriptorParser;
import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.spec.TemplateSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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

  private static final String SHARED_FILES = "archetypes/" + SHARED + "/files";

  /** The rendering limit of one file (see PlanRenderer.Limits): a bigger template cannot render. */
  static final long MAX_FILE_BYTES = 16L << 20;

  /**
   * The built-in templates by path below {@code sparkgen/} ({@code archetypes/spark-pi/...}, {@code
   * kustomize-base/...}), read on first use.
   */
  private SortedMap<String, byte[]> builtInFiles;

  /** The user's {@code --templates} folder, layered over the built-in files; or null. */
  private final Path user;

  /** The {@code --templates} folder as the user gave it, if any. */
  private final String userFolder;

  private Map<String, ArchetypeDescriptor> descriptors;

  private ArchetypeCatalog(Path user, String userFolder) {
    this.user = user;
    this.userFolder = userFolder;
  }

  /** The templates packaged with the generator. */
  public static ArchetypeCatalog builtIn() {
    return new ArchetypeCatalog(null, null);
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
    return new ArchetypeCatalog(overrides, overrides.toString());
  }

  /**
   * Every archetype's descriptor, by id; read once (a command needs them to check its input, then
   * to load). Synchronized, as is the reading of the built-in files: a command may load its
   * archetype on a second thread (PlanRenderer.parseAhead), and the other thread waits for what it
   * reads rather than reading it twice.
   */
  public synchronized Map<String, ArchetypeDescriptor> descriptors() {
    if (descriptors == null) {
      descriptors = Collections.unmodifiableMap(readDescriptors());
    }
    return descriptors;
  }

  private Map<String, ArchetypeDescriptor> readDescriptors() {
    Map<String, ArchetypeDescriptor> byId = new TreeMap<>();
    builtInFiles()
        .forEach(
            (path, bytes) -> {
              String[] segments = path.split("/", -1);
              if (segments.length == 3
                  && segments[0].equals("archetypes")
                  && segments[2].equals(DESCRIPTOR)) {
                ArchetypeDescriptor parsed =
                    DescriptorParser.parse("/" + CLASSPATH_ROOT + "/" + path, segments[1], bytes);
                byId.put(parsed.id(), parsed);
              }
            });
    if (user == null) {
      return byId;
    }
    Path archetypes = user.resolve("archetypes");
    if (!Files.isDirectory(archetypes)) {
      return byId;
    }
    try (Stream<Path> children = Files.list(archetypes)) {
      for (Path dir : children.sorted().toList()) {
        Path descriptor = dir.resolve(DESCRIPTOR);
        refuseLinks(user, descriptor);
        if (Files.isRegularFile(descriptor)) {
          ArchetypeDescriptor parsed = parseDescriptor(descriptor);
          byId.put(parsed.id(), parsed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    readBuiltIn(SHARED_FILES, shared);
    readBuiltIn("archetypes/" + id + "/files", own);
    readBuiltIn("kustomize-base", base);
    if (user != null) {
      readTree(user, sharedFiles(user), shared);
      readTree(user, user.resolve("archetypes").resolve(id).resolve("files"), own);
      readTree(user, user.resolve("kustomize-base"), base);
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
    if (user == null) {
      return new Archetype(descriptor, files, base, Set.of(), TemplateSource.BUILT_IN);
    }
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
    return root.resolve(SHARED_FILES);
  }

  /** The built-in files below {@code dir}, by path relative to it. */
  private void readBuiltIn(String dir, Map<String, byte[]> into) {
    String prefix = dir + "/";
    builtInFiles()
        .subMap(prefix, dir + "0") // '0' follows '/': the keys that start with the prefix
        .forEach((path, bytes) -> into.put(path.substring(prefix.length()), bytes));
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

  private synchronized SortedMap<String, byte[]> builtInFiles() {
    if (builtInFiles == null) {
      builtInFiles = Collections.unmodifiableSortedMap(readBuiltInFiles());
    }
    return builtInFiles;
  }

  /**
   * Reads the entries below {@code sparkgen/} of the jar this class came from, or of the classes
   * directory when run from one (the tests, an IDE). Through {@link ZipFile}, which shares the jar
   * the class loader has already opened: a zip file system would index all of the jar's thousands
   * of entries again, a tenth of a {@code sparkgen new}.
   */
  private static SortedMap<String, byte[]> readBuiltInFiles() {
    URL marker =
        ArchetypeCatalog.class.getClassLoader().getResource(CLASSPATH_ROOT + "/archetypes");
    if (marker == null) {
      throw new IllegalStateException(
          "the built-in templates are missing from the classpath ("
              + CLASSPATH_ROOT
              + "/archetypes)");
    }
    SortedMap<String, byte[]> files = new TreeMap<>();
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        String jarUri = uri.getRawSchemeSpecificPart();
        Path jar = Path.of(new URI(jarUri.substring(0, jarUri.indexOf("!/"))));
        String prefix = CLASSPATH_ROOT + "/";
        try (ZipFile zip = new ZipFile(jar.toFile(), StandardCharsets.UTF_8)) {
          for (ZipEntry entry : Collections.list(zip.entries())) {
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
              try (InputStream in = zip.getInputStream(entry)) {
                files.put(entry.getName().substring(prefix.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path root = Path.of(uri).getParent();
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path file : walk.filter(Files::isRegularFile).toList()) {
            files.put(
                root.relativize(file).toString().replace(File.separatorChar, '/'),
                Files.readAllBytes(file));
          }
        }
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the built-in templates at " + marker, e);
    }
    return files;
  }
}
