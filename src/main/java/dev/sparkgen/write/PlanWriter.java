package dev.sparkgen.write;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The only code that touches the target file system. Works on any {@link java.nio.file.FileSystem}
 * (tests use Jimfs).
 *
 * <p>All or nothing. A new target is written into a hidden staging directory beside it and moved
 * into place with one atomic rename. An existing empty directory (the current directory, a mount
 * point, a directory with a chosen mode or group) cannot be replaced without losing what makes it
 * the user's, so it is filled in place: the tree is staged inside it and its top-level entries are
 * renamed out of the staging directory one by one. A failure, an interrupt or a termination signal
 * removes the staging directory and anything already moved. It never writes into a directory that
 * has content.
 */
public final class PlanWriter {

  static final String STAGING_PREFIX = ".sparkgen-staging-";

  /**
   * Inside an existing directory the staging name is fixed: creating it is the lock that lets only
   * one of two concurrent runs fill the directory.
   */
  static final String IN_PLACE_STAGING = ".sparkgen-staging";

  /** Linux's NAME_MAX, shared by ext4, XFS, btrfs, tmpfs, APFS and NTFS. */
  static final int MAX_NAME_BYTES = 255;

  /** Linux's PATH_MAX (4,096) less the terminating NUL. */
  static final int MAX_PATH_BYTES = 4095;

  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> REGULAR =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A place checked to receive a new repository: {@code path} as the user named it, and whether it
   * is an existing empty directory to fill in place or a new one. What changes after the check
   * (another run, another program) is caught by the writes themselves: the in-place staging
   * directory is a lock, and neither move replaces anything.
   */
  public record Target(Path path, boolean inPlace) {}

  /**
   * Rejects a target that cannot receive a new repository, before anything is rendered or written:
   * one that exists and is not an empty writable directory, a symbolic link that leads nowhere, or
   * a new path whose nearest existing ancestor is not a writable directory.
   */
  public Target checkTarget(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new InvalidInputException(
            "Output '" + target + "' exists and is a file; pass a new or empty directory.");
      }
      if (!isEmpty(absolute)) {
        throw new InvalidInputException(
            "Output directory '"
                + target
                + "' exists and is not empty; pass a new or empty directory (nothing was changed).");
      }
      if (!Files.isWritable(absolute)) {
        throw new InvalidInputException(
            "Output directory '"
                + target
                + "' is not writable (no permission, or a read-only file system); pass a writable empty directory or a new path.");
      }
      return new Target(target, true);
    }
    Path ancestor =
        Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) ? absolute : nearestExisting(absolute);
    if (ancestor != null && Files.isSymbolicLink(ancestor) && !Files.exists(ancestor)) {
      throw new InvalidInputException(
          "Output '"
              + target
              + "' cannot be created: '"
              + ancestor
              + "' is a symbolic link that leads nowhere (a missing target or a loop of links); pass a new or empty directory.");
    }
    if (ancestor == null || !Files.isDirectory(ancestor)) {
      throw new InvalidInputException(
          "Output '"
              + target
              + "' cannot be created: '"
              + ancestor
              + "' is not a directory; pass a path under a writable directory.");
    }
    if (!Files.isWritable(ancestor)) {
      throw new InvalidInputException(
          "Output '"
              + target
              + "' cannot be created: directory '"
              + ancestor
              + "' is not writable; pass a path under a writable directory.");
    }
    return new Target(target, false);
  }

  /** Writes {@code plan} as the new directory {@code target}, all at once or not at all. */
  public void write(Plan plan, Path target) {
    write(plan, checkTarget(target));
  }

  /** Writes {@code plan} into a target {@link #checkTarget} accepted, all at once or not at all. */
  public void write(Plan plan, Target checked) {
    Path target = checked.path();
    Path absolute = target.toAbsolutePath().normalize();
    boolean inPlace = checked.inPlace();
    Path ancestor = inPlace ? absolute : nearestExisting(absolute);
    // The topmost directory that does not exist yet is what the final move creates.
    Path moved = inPlace ? absolute : ancestor.resolve(ancestor.relativize(absolute).getName(0));
    Path stagingDir =
        inPlace
            ? absolute.resolve(IN_PLACE_STAGING)
            // Fixed width: the length check below must not depend on the draw.
            : ancestor.resolve(STAGING_PREFIX + String.format("%016x", RANDOM.nextLong()));
    // Plan paths use "/"; so does the prefix of directories the move creates above the target.
    String prefix =
        moved.equals(absolute)
            ? ""
            : moved
                    .relativize(absolute)
                    .toString()
                    .replace(absolute.getFileSystem().getSeparator(), "/")
                + "/";
    checkLengths(plan, target, stagingDir.toString() + "/" + prefix, absolute + "/");

    Staging staging = new Staging(stagingDir, inPlace);
    // The hook is in place before the directory exists: no signal can find one it would not clean.
    Thread cleanup = new Thread(staging::discard, "sparkgen-staging-cleanup");
    if (!installHook(cleanup)) {
      // A signal arrived before the hook: the JVM halts once the other hooks are done, and a
      // staging directory begun now would be left behind.
      throw new IllegalStateException(SHUTTING_DOWN);
    }
    try {
      staging.create(target);
      for (var entry : plan.files().entrySet()) {
        staging.write(prefix + entry.getKey(), entry.getValue());
      }
      staging.moveTo(moved, target);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(
          "Output '"
              + target
              + "' cannot be written: access denied to "
              + e.getFile()
              + "; pass a path under a writable directory.");
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    } finally {
      staging.discard();
      removeHook(cleanup);
    }
  }

  /**
   * Refuses, before writing anything, a tree the file system cannot hold: a name longer than
   * NAME_MAX or a path (while staged or in place) longer than PATH_MAX.
   */
  private static void checkLengths(Plan plan, Path target, String stagedRoot, String finalRoot) {
    for (String path : plan.files().keySet()) {
      for (String name : path.split("/")) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
          throw new InvalidInputException(
              "Output '"
                  + target
                  + "' cannot hold the file name '"
                  + name.substring(0, Math.min(name.length(), 60))
                  + "…', which is "
                  + bytes
                  + " bytes long; file systems accept at most "
                  + MAX_NAME_BYTES
                  + ".");
        }
      }
      int bytes =
          Math.max(
                  stagedRoot.getBytes(StandardCharsets.UTF_8).length,
                  finalRoot.getBytes(StandardCharsets.UTF_8).length)
              + path.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_PATH_BYTES) {
        throw new InvalidInputException(
            "Output '"
                + target
                + "' is too deep for the generated tree: its file '"
                + path.substring(0, Math.min(path.length(), 60))
                + "…' would have a path of "
                + bytes
                + " bytes, and Linux accepts at most "
                + MAX_PATH_BYTES
                + "; pass a shorter output path or package.");
      }
    }
  }

  /**
   * The staging directory. One lock orders every write, the final move and a shutdown's cleanup, so
   * a signal either finds the repository already in place or stops the writing, deletes the staging
   * tree and whatever was already moved, and the move never completes.
   */
  private static final class Staging {
    private final Path dir;
    private final boolean inPlace;
    private final List<Path> movedEntries = new ArrayList<>();
    private final Set<Path> madeDirectories = new HashSet<>();
    private boolean finished;

    Staging(Path dir, boolean inPlace) {
      this.dir = dir;
      this.inPlace = inPlace;
    }

    synchronized void create(Path target) throws IOException {
      ensureOpen();
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        finished = true; // Another run's: never ours to delete.
        throw new InvalidInputException(
            "Output directory '"
                + target
                + "' is being filled by another run of sparkgen (or holds the leftover "
                + dir.getFileName()
                + " of one stopped by kill -9); pass a new or empty directory.");
      } catch (AccessDeniedException e) {
        throw e;
      } catch (IOException e) {
        throw new InvalidInputException(
            "Output '"
                + target
                + "' cannot be created in '"
                + dir.getParent()
                + "' ("
                + reason(e)
                + "); pass a path under a writable directory.");
      }
    }

    synchronized void write(String relative, PlannedFile file) throws IOException {
      ensureOpen();
      writeFile(dir, relative, file, madeDirectories);
    }

    synchronized void moveTo(Path moved, Path target) throws IOException {
      ensureOpen();
      if (inPlace) {
        moveEntriesInto(moved, target);
        Files.delete(dir);
      } else {
        moveWhole(moved, target);
      }
      finished = true;
    }

    private void moveWhole(Path moved, Path target) throws IOException {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Whatever the umask made of it, the repository is an ordinary directory.
        Files.setPosixFilePermissions(dir, EXECUTABLE);
      }
      // rename(2) would replace an empty directory and fails with a generic error on a full one:
      // either way, another run got there first.
      if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS)) {
        throw filledMeanwhile(target);
      }
      try {
        Files.move(dir, moved, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS)) {
          throw filledMeanwhile(target);
        }
        throw e;
      }
    }

    private void moveEntriesInto(Path moved, Path target) throws IOException {
      try (Stream<Path> entries = Files.list(moved)) {
        if (entries.anyMatch(entry -> !entry.equals(dir))) {
          throw filledMeanwhile(target);
        }
      }
      List<Path> entries;
      try (Stream<Path> list = Files.list(dir)) {
        entries = list.sorted().toList();
      }
      for (Path entry : entries) {
        Path destination = moved.resolve(entry.getFileName().toString());
        // Without REPLACE_EXISTING: an entry that appeared meanwhile is never overwritten.
        Files.move(entry, destination);
        movedEntries.add(destination);
      }
    }

    /**
     * Deletes the staging tree and any entry already moved, unless the move completed; idempotent.
     */
    synchronized void discard() {
      if (!finished) {
        movedEntries.forEach(PlanWriter::deleteTree);
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

  private static InvalidInputException filledMeanwhile(Path target) {
    return new InvalidInputException(
        "Output directory '"
            + target
            + "' was filled by something else while generating (another run of sparkgen?); nothing was changed.");
  }

  /** The operating system's words for a failure, never a Java class name. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "the file system does not let a directory be created there";
    }
    String reason =
        e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
    return reason == null ? "refused by the file system" : reason;
  }

  static void writeFile(Path root, String relative, PlannedFile file) throws IOException {
    writeFile(root, relative, file, new HashSet<>());
  }

  /**
   * As above; {@code made} holds the directories already created, as most files share theirs
   * (creating an existing directory again costs a failed mkdir and an exception).
   */
  static void writeFile(Path root, String relative, PlannedFile file, Set<Path> made)
      throws IOException {
    Path path = root;
    for (String segment : relative.split("/")) {
      path = path.resolve(segment);
    }
    if (made.add(path.getParent())) {
      Files.createDirectories(path.getParent());
    }
    Files.write(path, file.content());
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, file.executable() ? EXECUTABLE : REGULAR);
    }
  }

  /** The nearest ancestor of a missing path that exists, counting a symbolic link as existing. */
  private static Path nearestExisting(Path path) {
    Path current = path.getParent();
    while (current != null && !Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
      current = current.getParent();
    }
    return current;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      throw new InvalidInputException(
          "Output directory '"
              + dir
              + "' cannot be read ("
              + reason(e)
              + "); pass a new or empty directory.");
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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

  static final String SHUTTING_DOWN = "stopped: the JVM is shutting down (Ctrl-C or SIGTERM)";

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
