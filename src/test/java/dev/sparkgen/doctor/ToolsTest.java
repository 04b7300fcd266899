package dev.sparkgen.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time limits of doctor's tool calls, with real processes. */
class ToolsTest {

  @TempDir Path dir;

  Path tool(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file, "#!/bin/sh\necho started >> \"" + dir.resolve(name + ".log") + "\"\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /**
   * A call past its limit is killed with what it started (here a child holding the output pipe, as
   * a kubeconfig's credential plugin would), and says so.
   */
  @Test
  void aCallPastItsLimitIsKilledWithItsChildren() throws Exception {
    tool("slow", "sleep 300 &\necho $! > \"" + dir.resolve("child.pid") + "\"\nwait\n");
    Tools tools = new Tools(dir.toString(), Duration.ofSeconds(1), Duration.ofSeconds(30));

    long start = System.nanoTime();
    Tools.Result result = tools.run("slow", "get", "pods");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.ok()).isFalse();
    assertThat(result.stderr()).isEqualTo("slow get pods did not finish within 1 s (killed)");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
        .as("the child sleep %d", child)
        .isFalse();
  }

  /**
   * All calls share one budget: a call gets what is left of it, and none starts once it is spent.
   */
  @Test
  void theBudgetBoundsAllCalls() throws Exception {
    tool("slow", "sleep 300\n");
    Tools tools = new Tools(dir.toString(), Duration.ofSeconds(20), Duration.ofSeconds(2));

    long start = System.nanoTime();
    Tools.Result first = tools.run("slow");
    Tools.Result second = tools.run("slow", "again");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(first.stderr()).isEqualTo("slow did not finish within 2 s (killed)");
    assertThat(second.timedOut()).isTrue();
    assertThat(second.stderr())
        .isEqualTo("not run: slow again (doctor's 2 s for all calls were spent)");
    assertThat(Files.readAllLines(dir.resolve("slow.log"))).hasSize(1);
    assertThat(took).isLessThan(Duration.ofSeconds(6));
  }

  /** Both pipes are read while the tool runs: a full one would otherwise block it. */
  @Test
  void moreOutputThanAPipeHoldsOnBothStreams() throws Exception {
    tool(
        "chatty",
        "head -c 1000000 /dev/zero | tr '\\0' e >&2\nhead -c 1000000 /dev/zero | tr '\\0' o\n");
    Tools tools = new Tools(dir.toString(), Duration.ofSeconds(10), Duration.ofSeconds(30));

    Tools.Result result = tools.run("chatty");

    assertThat(result.ok()).as(result.stderr().length() + " bytes on stderr").isTrue();
    assertThat(result.stdout()).hasSize(1_000_000);
    assertThat(result.stderr()).hasSize(1_000_000);
  }

  @Test
  void aToolNotOnPathIsMissingNotRun() {
    Tools.Result result = new Tools(dir.toString()).run("kubectl", "version");

    assertThat(result.missing()).isTrue();
    assertThat(result.ok()).isFalse();
  }
}
