package dev.sparkgen.write;

import dev.sparkgen.plan.Changes;
import dev.sparkgen.plan.FileChange;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The second writer: applies {@link Changes} to an existing repository, the way {@link PlanWriter}
 * writes a new one, and with the same guarantee as far as a file system allows. Every new content
 * is first written into a hidden staging directory inside the repository; then each file is swapped
 * in by renames, the replaced file moved into the staging directory first. If anything fails, or a
 * Ctrl-C or SIGTERM arrives (a shutdown hook), the swaps done so far are undone in reverse order
 * and the staging directory removed: the repository is left as it was. Only a SIGKILL or a power
 * loss in the middle of the renames (milliseconds for a few dozen files) can leave part of them,
 * which {@code git status} shows and {@code git checkout}/{@code git clean} undo.
 */
public final class RepositoryUpdater {

  static final String STAGING_PREFIX = ".sparkgen-staging-";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Applies {@code changes} (in their order: the answers file last) under {@code root}. */
  public void apply(Changes changes, Path root) {
    apply(changes, root, null, () -> {});
  }

  /**
   * Applies {@code changes} under {@code root} as one transaction: every path is checked, every new
   * content staged, then the files are swapped in and {@code lastStep} (moving the pristine branch)
   * runs under the same lock as a roll-back, so an interrupt finds either none of it done or all of
   * it. If {@code lastStep} fails the files are put back. With {@code lock}, its shutdown hook
   * rolls back before it releases the lock; without, a hook of this method's own does.
   */
  public void apply(Changes changes, Path root, RepositoryLock lock, Runnable lastStep) {
    List<FileChange> writes = changes.writes();
    RepositoryPaths paths = RepositoryPaths.of(root);
    for (FileChange change : writes) {
      paths.resolve(change.path());
      String inTheWay = change.content().isPresent() ? paths.fileInTheWay(change.path()) : null;
      if (inTheWay != null) {
        throw new InvalidInputException(
            "'"
                + inTheWay
                + "' is a file, where sparkgen needs a directory for "
                + change.path()
                + "; move it aside and run again (nothing was changed).");
      }
    }
    if (writes.isEmpty()) {
      lastStep.run();
      return;
    }
    Swap swap =
        new Swap(
            root,
            root.resolve(STAGING_PREFIX + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE)));
    Thread rollback = new Thread(swap::rollBack, "sparkgen-update-rollback");
    boolean hookInstalled;
    if (lock != null) {
      lock.onInterrupt(swap::rollBack);
      hookInstalled = false;
    } else {
      hookInstalled = PlanWriter.installHook(rollback);
      if (!hookInstalled) {
        throw new IllegalStateException(PlanWriter.SHUTTING_DOWN);
      }
    }
    try {
      swap.stage(writes);
      swap.swapIn(writes);
      swap.finish(lastStep);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "updating " + root + " failed, nothing was changed: " + e.getMessage(), e);
    } finally {
      swap.rollBack();
      if (lock != null) {
        lock.onInterrupt(null);
      }
      if (hookInstalled) {
        PlanWriter.removeHook(rollback);
      }
    }
  }

  /**
   * The staging directory and the undo log; one lock orders the swaps and a shutdown's roll-back.
   */
  private static final class Swap {
    private final Path root;
    private final Path staging;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private boolean finished;

    Swap(Path root, Path staging) {
      this.root = root;
      this.staging = staging;
    }

    synchronized void stage(List<FileChange> writes) throws IOException {
      ensureOpen();
      Files.createDirectory(staging);
      for (FileChange change : writes) {
        if (change.content().isPresent()) {
          PlannedFile file = change.content().get();
          PlanWriter.writeFile(staging.resolve("new"), change.path(), file);
          keepMode(
              resolve(root, change.path()), resolve(staging.resolve("new"), change.path()), file);
        }
      }
      Files.createDirectories(staging.resolve("old"));
    }

    void swapIn(List<FileChange> writes) throws IOException {
      for (FileChange change : writes) {
        swapOne(change);
      }
    }

    private synchronized void swapOne(FileChange change) throws IOException {
      ensureOpen();
      Path target = resolve(root, change.path());
      if (Files.exists(target)) {
        Path old = resolve(staging.resolve("old"), change.path());
        Files.createDirectories(old.getParent());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        undo.push(() -> move(old, target));
      }
      if (change.content().isPresent()) {
        createParents(target.getParent());
        Path fresh = resolve(staging.resolve("new"), change.path());
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        undo.push(() -> delete(target));
      }
    }

    /** The directories a new file needs, each removed again on roll-back. */
    private void createParents(Path dir) throws IOException {
      if (Files.isDirectory(dir)) {
        return;
      }
      createParents(dir.getParent());
      Files.createDirectory(dir);
      undo.push(() -> delete(dir));
    }

    /** The last step (the branch) and the commit of the swaps, as one under the lock. */
    synchronized void finish(Runnable lastStep) throws IOException {
      ensureOpen();
      lastStep.run();
      undo.clear();
    }

    /**
     * A file replaced keeps the mode the team gave it (0600, 0640): only the executable bits follow
     * the new content, where the file is readable.
     */
    private static void keepMode(Path target, Path staged, PlannedFile file) throws IOException {
      if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")
          || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
      mode.addAll(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
      boolean wasExecutable = mode.contains(PosixFilePermission.OWNER_EXECUTE);
      if (file.executable() && !wasExecutable) {
        addIf(mode, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE);
        addIf(mode, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
        addIf(mode, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
      } else if (!file.executable()) {
        mode.remove(PosixFilePermission.OWNER_EXECUTE);
        mode.remove(PosixFilePermission.GROUP_EXECUTE);
        mode.remove(PosixFilePermission.OTHERS_EXECUTE);
      }
      Files.setPosixFilePermissions(staged, mode);
    }

    private static void addIf(
        Set<PosixFilePermission> mode, PosixFilePermission read, PosixFilePermission execute) {
      if (mode.contains(read)) {
        mode.add(execute);
      }
    }

    /** Undoes every swap not yet committed and removes the staging directory; idempotent. */
    synchronized void rollBack() {
      if (finished) {
        return;
      }
      while (!undo.isEmpty()) {
        undo.pop().run();
      }
      PlanWriter.deleteTree(staging);
      finished = true;
    }

    private void ensureOpen() throws IOException {
      if (finished) {
        throw new IOException("the update was stopped (the JVM is shutting down)");
      }
    }

    private static Path resolve(Path dir, String relative) {
      Path path = dir;
      for (String segment : relative.split("/")) {
        path = path.resolve(segment);
      }
      return path;
    }

    private static void move(Path from, Path to) {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "rolling back " + to + " failed (the replaced file is in " + from + ")", e);
      }
    }

    private static void delete(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException("rolling back: cannot remove " + path, e);
      }
    }
  }
}
