package dev.sparkgen.write;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The only code that touches the target file system. Works on any {@link java.nio.file.FileSystem}
 * (tests use Jimfs).
 *
 * <p>All or nothing: the whole tree is written into a hidden staging directory beside the target
 * and then moved into place with one atomic rename. A failure, an interrupt or a termination signal
 * removes the staging directory, so the target either appears complete or not at all. It never
 * writes into a directory that has content: an existing target must be empty.
 */
public final class PlanWriter {

  static final String STAGING_PREFIX = ".sparkgen-staging-";
  private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * Rejects a target that cannot receive a new repository, before anything is rendered or
   * written: one that exists and is not an empty directory, or whose nearest existing ancestor is
   * not a writable directory.
   */
  public void checkTarget(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new InvalidInputException("Output '" + target + "' exists and is a file; pass a new or empty directory.");
      }
      if (!isEmpty(absolute)) {
        throw new InvalidInputException("Output directory '" + target + "' exists and is not empty; pass a new or empty directory (nothing was changed).");
      }
    }
    Path ancestor = nearestExisting(absolute.getParent());
    if (ancestor == null || !Files.isDirectory(ancestor)) {
      throw new InvalidInputException("Output '" + target + "' cannot be created: '" + ancestor + "' is not a directory; pass a path under a writable directory.");
    }
    if (!Files.isWritable(ancestor)) {
      throw new InvalidInputException("Output '" + target + "' cannot be created: directory '" + ancestor + "' is not writable; pass a path under a writable directory.");
    }
  }

  /** Writes {@code plan} as the new directory {@code target}, all at once or not at all. */
  public void write(Plan plan, Path target) {
    checkTarget(target);
    Path absolute = target.toAbsolutePath().normalize();
    Path ancestor = nearestExisting(absolute.getParent());
    // The topmost directory that does not exist yet is what the final move creates; if the target
    // itself exists (empty), the move replaces it.
    Path moved = Files.exists(absolute) ? absolute : ancestor.resolve(ancestor.relativize(absolute).getName(0));
    Staging staging = new Staging(ancestor.resolve(
        STAGING_PREFIX + absolute.getFileName() + "-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE)));
    // The hook is in place before the directory exists: no signal can find one it would not clean.
    Thread cleanup = new Thread(staging::discard, "sparkgen-staging-cleanup");
    boolean hookInstalled = installHook(cleanup);
    try {
      staging.create();
      // Plan paths use "/"; so does the prefix of directories the move creates above the target.
      String prefix = moved.equals(absolute) ? "" : moved.relativize(absolute).toString()
          .replace(absolute.getFileSystem().getSeparator(), "/") + "/";
      for (var entry : plan.files().entrySet()) {
        staging.write(prefix + entry.getKey(), entry.getValue());
      }
      staging.moveTo(moved, target);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("Output '" + target + "' cannot be written: access denied to " + e.getFile() + "; pass a path under a writable directory.");
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    } finally {
      staging.discard();
      if (hookInstalled) {
        removeHook(cleanup);
      }
    }
  }

  /**
   * The staging directory. One lock orders every write, the final move and a shutdown's cleanup, so
   * a signal either finds the repository already moved into place or stops the writing, deletes the
   * whole staging tree, and the move never happens.
   */
  private static final class Staging {
    private final Path dir;
    private boolean finished;

    Staging(Path dir) {
      this.dir = dir;
    }

    synchronized void create() throws IOException {
      ensureOpen();
      Files.createDirectory(dir);
    }

    synchronized void write(String relative, PlannedFile file) throws IOException {
      ensureOpen();
      writeFile(dir, relative, file);
    }

    synchronized void moveTo(Path moved, Path target) throws IOException {
      ensureOpen();
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Whatever the umask made of it, the repository is an ordinary directory.
        Files.setPosixFilePermissions(dir, EXECUTABLE);
      }
      try {
        Files.move(dir, moved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
        throw new InvalidInputException("Output directory '" + target + "' was filled by something else while generating; nothing was changed.");
      }
      finished = true;
    }

    /** Deletes the staging tree unless it was moved into place; idempotent. */
    synchronized void discard() {
      if (!finished) {
        deleteTree(dir);
        finished = true;
      }
    }

    private void ensureOpen() throws IOException {
      if (finished) {
        throw new IOException("generation was stopped (the JVM is shutting down)");
      }
    }
  }

  static void writeFile(Path root, String relative, PlannedFile file) throws IOException {
    Path path = root;
    for (String segment : relative.split("/")) {
      path = path.resolve(segment);
    }
    Files.createDirectories(path.getParent());
    Files.write(path, file.content());
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, file.executable() ? EXECUTABLE : REGULAR);
    }
  }

  private static Path nearestExisting(Path path) {
    Path current = path;
    while (current != null && !Files.exists(current)) {
      current = current.getParent();
    }
    return current;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      throw new InvalidInputException("Output directory '" + dir + "' cannot be read (" + e.getMessage() + "); pass a new or empty directory.");
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Best effort: the staging directory is hidden and named for what it is.
    }
  }

  static boolean installHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting; the hook does the cleanup.
    }
  }
}
