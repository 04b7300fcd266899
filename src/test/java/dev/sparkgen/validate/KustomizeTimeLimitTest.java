package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl kustomize} against a remote resource whose server accepts connections and never
 * answers: a real kubectl and a real TCP server (a ServerSocket in this test). Without a time limit
 * kubectl waits forever on a plain-http resource, and the git processes kustomize starts for a
 * repository URL outlive it.
 */
@Tag("slow")
class KustomizeTimeLimitTest {

  @TempDir Path dir;

  ServerSocket silent;
  final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void silentServer() throws IOException {
    ExternalTools.require("kubectl");
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    silent.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  Path overlay(String resource) throws IOException {
    Path overlay = Files.createDirectories(dir.resolve("k8s/overlays/dev"));
    Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n- " + resource + "\n");
    return overlay;
  }

  String server() {
    return "127.0.0.1:" + silent.getLocalPort();
  }

  /** Processes still talking to the silent server: kubectl, or git started by it. */
  List<String> leftOver() {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(command -> command.contains(server()) || command.contains(dir.toString()))
        .toList();
  }

  @Test
  void aPlainHttpResourceThatNeverAnswersIsStoppedAtTheLimit() throws Exception {
    Path overlay = overlay("http://" + server() + "/base/job.yaml");
    long start = System.nanoTime();

    assertThatThrownBy(() -> Kustomize.kubectlOnPath(Duration.ofSeconds(3)).render(overlay))
        .isInstanceOf(ToolTimeoutException.class)
        .hasMessage(
            "`kubectl kustomize "
                + overlay
                + "` did not finish within 3 s, the limit validate gives it, and was stopped; a"
                + " remote resource in that overlay whose server does not answer? Check its URLs,"
                + " or render it without them.");

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
    assertThat(accepted).as("kubectl reached the server").isNotEmpty();
    assertConnectionsClosed();
    assertThat(leftOver()).isEmpty();
  }

  @Test
  void theGitProcessesKustomizeStartsForARepositoryAreStoppedWithIt() throws Exception {
    // A repository URL: kustomize runs `git fetch`, whose helpers wait on the server.
    Path overlay = overlay("http://" + server() + "/org/repo//base?ref=v1");

    assertThatThrownBy(() -> Kustomize.kubectlOnPath(Duration.ofSeconds(4)).render(overlay))
        .isInstanceOf(ToolTimeoutException.class)
        .hasMessageContaining(overlay.toString())
        .hasMessageContaining("within 4 s");

    assertThat(accepted).as("git reached the server").isNotEmpty();
    assertConnectionsClosed();
    assertThat(leftOver()).isEmpty();
  }

  @Test
  void aRenderWithinTheLimitIsUnchanged() throws Exception {
    Path overlay = Files.createDirectories(dir.resolve("local"));
    Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n- cm.yaml\n");
    Files.writeString(
        overlay.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n");

    Kustomize.Result result = Kustomize.kubectlOnPath(Duration.ofSeconds(30)).render(overlay);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .isEqualTo("apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: x\n");
    assertThat(result.stderr()).isEmpty();
  }

  /** The server sees every connection closed: the processes holding them are gone. */
  void assertConnectionsClosed() throws IOException {
    for (Socket socket : accepted) {
      socket.setSoTimeout(5_000);
      try (InputStream in = socket.getInputStream()) {
        // A request may have been sent; what matters is the end of the stream.
        while (in.read() >= 0) {
          // drain
        }
      } catch (java.net.SocketException reset) {
        // a killed peer may reset rather than close
      }
    }
  }
}
