package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Kustomize;
import dev.sparkgen.write.PlanWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen validate} on a repository whose dev overlay names a remote resource on a server
 * that accepts and never answers (a ServerSocket here), with the real kubectl and the limit users
 * get: it ends within a minute, with one sentence naming the overlay and the limit. About 50 s.
 */
@Tag("slow")
class ValidateTimeLimitTest {

  @TempDir Path dir;

  @Test
  void aSilentServerEndsValidateWithinAMinuteInOneSentence() throws Exception {
    ExternalTools.require("kubectl");
    Path repo = dir.resolve("demo");
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Path dev = repo.resolve("k8s/overlays/dev/kustomization.yaml");
      Files.writeString(
          dev,
          Files.readString(dev)
              .replace(
                  "  - ../../base\n",
                  "  - ../../base\n  - http://127.0.0.1:"
                      + silent.getLocalPort()
                      + "/extra.yaml\n"));
      long start = System.nanoTime();

      CliTest.Run run = CliTest.run("validate", repo.toString());

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(Duration.ofMinutes(1)).isGreaterThan(Kustomize.TIME_LIMIT);
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines().toList())
          .singleElement()
          .asString()
          .startsWith("sparkgen: `kubectl kustomize " + repo.resolve("k8s/overlays/dev") + "`")
          .contains("did not finish within 45 s");
      assertThat(run.out()).isEmpty();
      assertThat(accepted).isNotEmpty();
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
