package dev.sparkgen.write;

import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One command at a time per repository: a file created with {@code CREATE_NEW} in the git
 * directory, holding the owner's process id and start instant. A second command is refused at once;
 * a lock whose process is gone (or whose id now belongs to a process started at another instant) is
 * stale, from a run killed with SIGKILL or a power loss, and is taken over. A shutdown hook first
 * runs the roll-back of the transaction under way, then removes the lock, so a Ctrl-C or SIGTERM
 * never leaves it behind and nobody sees a half-undone repository unlocked.
 */
public final class RepositoryLock implements AutoCloseable {

  public static final String FILE_NAME = "sparkgen.lock";

  /** A lock file without a readable owner is being written now; older than this, it is garbage. */
  private static final Duration UNREADABLE_GRACE = Duration.ofSeconds(10);

  private final Path file;
  private final Thread hook;
  private Runnable onInterrupt;
  private boolean released;

  private RepositoryLock(Path file) {
    this.file = file;
    this.hook = new Thread(this::interrupted, "sparkgen-lock-release");
  }

  /** Takes the lock of the repository whose git directory is {@code gitDir}, or refuses. */
  public static RepositoryLock acquire(Path gitDir) {
    Path file = gitDir.resolve(FILE_NAME);
    RepositoryLock lock = new RepositoryLock(file);
    if (!PlanWriter.installHook(lock.hook)) {
      // Without its hook a lock taken now would outlive the JVM that is already exiting.
      throw new IllegalStateException(PlanWriter.SHUTTING_DOWN);
    }
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          // Under the monitor of release(): a signal either comes first (and nothing is created)
          // or finds the file to delete.
          synchronized (lock) {
            if (lock.released) {
              throw new IllegalStateException(PlanWriter.SHUTTING_DOWN);
            }
            Files.writeString(
                file,
                owner(ProcessHandle.current()),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
          }
          return lock;
        } catch (FileAlreadyExistsException e) {
          String holder;
          try {
            holder = staleOrHolder(file);
          } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the lock " + file, unreadable);
          }
          if (holder != null || attempt > 2) {
            throw new InvalidInputException(
                "Another sparkgen ("
                    + (holder != null ? holder : "unknown")
                    + ") is changing this repository right now; wait for it to finish and run again (if no sparkgen is running, delete "
                    + file
                    + ").");
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create the lock " + file, e);
        }
      }
    } catch (RuntimeException e) {
      synchronized (lock) {
        lock.released = true;
      }
      PlanWriter.removeHook(lock.hook);
      throw e;
    }
  }

  /**
   * What runs before the lock is released when the JVM shuts down (the roll-back), or null. Refused
   * once the shutdown has released the lock: the transaction must not begin then.
   */
  public synchronized void onInterrupt(Runnable action) {
    if (released && action != null) {
      throw new IllegalStateException(PlanWriter.SHUTTING_DOWN);
    }
    this.onInterrupt = action;
  }

  /** The shutdown hook, for a test that runs it without shutting the JVM down. */
  Thread hookForTests() {
    return hook;
  }

  /** The roll-back and the release under one monitor, so no transaction starts in between. */
  private synchronized void interrupted() {
    try {
      if (onInterrupt != null) {
        onInterrupt.run();
      }
    } finally {
      release();
    }
  }

  private synchronized void release() {
    if (!released) {
      released = true;
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // It names its owner's pid: the next run finds that process gone and takes it over.
      }
    }
  }

  @Override
  public void close() {
    release();
    PlanWriter.removeHook(hook);
  }

  static String owner(ProcessHandle process) {
    return "pid "
        + process.pid()
        + "\nstarted "
        + process.info().startInstant().map(Instant::toString).orElse("unknown")
        + "\n";
  }

  /**
   * Describes the live holder of the lock, or removes a stale lock and returns null. Removal
   * renames the file away first, so that of two runs finding it stale only one removes it.
   */
  private static String staleOrHolder(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    Optional<Long> pid = field(text, "pid ").flatMap(RepositoryLock::parseLong);
    Optional<String> started = field(text, "started ");
    boolean stale;
    if (pid.isEmpty()) {
      FileTime modified = Files.getLastModifiedTime(file);
      stale = modified.toInstant().isBefore(Instant.now().minus(UNREADABLE_GRACE));
    } else {
      Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
      stale =
          process.isEmpty()
              || !process.get().isAlive()
              || (started.isPresent()
                  && process
                      .get()
                      .info()
                      .startInstant()
                      .map(Instant::toString)
                      .map(s -> !s.equals(started.get()))
                      .orElse(false));
    }
    if (!stale) {
      return "pid "
          + pid.map(String::valueOf).orElse("unknown")
          + started.map(s -> ", started " + s).orElse("");
    }
    Path taken = file.resolveSibling(FILE_NAME + ".stale-" + ProcessHandle.current().pid());
    try {
      Files.move(file, taken);
      Files.deleteIfExists(taken);
    } catch (NoSuchFileException e) {
      // Another run took it over first; the next attempt meets that run's lock.
    }
    return null;
  }

  private static Optional<String> field(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .findFirst();
  }

  private static Optional<Long> parseLong(String s) {
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
