package dev.sparkgen.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository lock on the real file system, with real processes. */
class RepositoryLockTest {

  @TempDir Path git;

  @Test
  void aSecondLockIsRefusedAtOnceAndTheFirstIsGoneWhenClosed() {
    try (RepositoryLock first = RepositoryLock.acquire(git)) {
      assertThat(git.resolve(RepositoryLock.FILE_NAME))
          .hasContent(RepositoryLock.owner(ProcessHandle.current()).strip());
      assertThatThrownBy(() -> RepositoryLock.acquire(git))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(
              "Another sparkgen (pid " + ProcessHandle.current().pid() + ", started ");
    }
    assertThat(git.resolve(RepositoryLock.FILE_NAME)).doesNotExist();
    RepositoryLock.acquire(git).close();
  }

  @Test
  void theLockOfAProcessThatIsGoneOrWhosePidWasReusedIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        git.resolve(RepositoryLock.FILE_NAME),
        "pid " + gone.pid() + "\nstarted 2026-01-01T00:00:00Z\n");
    RepositoryLock.acquire(git).close();

    // Our own pid, but started at another instant: a process that reused the id of the owner.
    Files.writeString(
        git.resolve(RepositoryLock.FILE_NAME),
        "pid " + ProcessHandle.current().pid() + "\nstarted 2001-01-01T00:00:00Z\n");
    try (RepositoryLock lock = RepositoryLock.acquire(git)) {
      assertThat(git.resolve(RepositoryLock.FILE_NAME))
          .hasContent(RepositoryLock.owner(ProcessHandle.current()).strip());
    }
  }

  @Test
  void anUnreadableLockIsBeingWrittenWhenNewAndGarbageWhenOld() throws Exception {
    Path file = git.resolve(RepositoryLock.FILE_NAME);
    Files.writeString(file, "");
    assertThatThrownBy(() -> RepositoryLock.acquire(git)).isInstanceOf(InvalidInputException.class);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    RepositoryLock.acquire(git).close();
  }

  @Test
  void anInterruptRunsTheRollBackBeforeTheLockIsReleased() throws Exception {
    RepositoryLock lock = RepositoryLock.acquire(git);
    boolean[] lockedDuringRollBack = {false};
    lock.onInterrupt(
        () -> lockedDuringRollBack[0] = Files.exists(git.resolve(RepositoryLock.FILE_NAME)));
    Thread hook = lock.hookForTests();
    hook.start();
    hook.join();
    assertThat(lockedDuringRollBack[0]).isTrue();
    assertThat(git.resolve(RepositoryLock.FILE_NAME)).doesNotExist();
    lock.close();
  }
}
