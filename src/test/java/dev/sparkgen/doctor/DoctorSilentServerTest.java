package dev.sparkgen.doctor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkgen doctor} with the real kubectl against a real HTTP server on this machine that
 * answers /version and nothing else (every other request hangs), as the API server of issue 24 did:
 * the command, in a JVM of its own, ends within a minute, prints its table and says which checks
 * timed out. And against a port nobody listens on.
 */
@Tag("slow")
class DoctorSilentServerTest {

  /** What doctor promises; the old one ran past 150 s. */
  static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  final CountDownLatch released = new CountDownLatch(1);
  final ExecutorService handlers = Executors.newCachedThreadPool();
  HttpServer server;

  @AfterEach
  void stop() {
    released.countDown();
    if (server != null) {
      server.stop(0);
    }
    handlers.shutdownNow();
  }

  /** Answers /version; holds every other request open, unanswered, until the test ends. */
  int silentServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/version")) {
            byte[] body =
                "{\"major\": \"1\", \"minor\": \"31\", \"gitVersion\": \"v1.31.2\"}"
                    .getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
          }
          try {
            released.await(5, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(handlers);
    server.start();
    return server.getAddress().getPort();
  }

  record Run(Duration took, ExternalTools.Result result) {}

  /**
   * doctor in its own JVM, PATH holding the real kubectl and a skaffold, KUBECONFIG on {@code
   * port}.
   */
  Run doctor(int port) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // a wrapper, not a copy: gcloud's kubectl is a dispatcher that finds its binaries beside itself
    Path wrapper = bin.resolve("kubectl");
    Files.writeString(wrapper, "#!/bin/sh\nexec " + kubectl + " \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path skaffold = bin.resolve("skaffold");
    Files.writeString(skaffold, "#!/bin/sh\necho v2.16.1\n");
    Files.setPosixFilePermissions(skaffold, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "  - name: silent",
            "    cluster:",
            "      server: http://127.0.0.1:" + port,
            "users:",
            "  - name: someone",
            "    user: {}",
            "contexts:",
            "  - name: silent",
            "    context: {cluster: silent, user: someone}",
            "current-context: silent",
            ""));
    Path repo = dir.resolve("demo");
    new PlanWriter()
        .write(
            Fixtures.plan(
                "demo", b -> b.envs(List.of("dev", "staging")).registry("localhost:1/team")),
            repo);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sparkgen.cli.SparkgenCommand",
                "doctor",
                repo.toString(),
                "--env",
                "staging")
            .directory(dir.toFile());
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    long start = System.nanoTime();
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    // twice the bound, so that a doctor without limits fails here instead of hanging the build
    if (!process.waitFor(2 * BOUND.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // the figure docs/testing.md quotes
    System.out.printf(
        "doctor against 127.0.0.1:%d took %d ms%n%s", port, took.toMillis(), Files.readString(out));
    return new Run(
        took,
        new ExternalTools.Result(
            process.exitValue(), Files.readString(out), Files.readString(err)));
  }

  @Test
  void aServerThatAnswersOnlyVersionEndsDoctorWithinAMinute() throws Exception {
    Run run = doctor(silentServer());
    String table = run.result().stdout();

    assertThat(run.took()).as(table).isLessThan(BOUND);
    assertThat(run.result().exitCode()).as(table).isEqualTo(1);
    assertThat(run.result().stderr()).isEmpty();
    String first = "kubectl get namespace demo-staging -o json";
    assertThat(table)
        .containsPattern("(?m)^cluster +OK +Kubernetes v1.31.2$")
        .containsPattern(
            "(?m)^namespace demo-staging +FAIL +timed out: "
                + first
                + " --request-timeout=10s did not finish within 15 s \\(killed\\)\\n +fix: the API"
                + " server did not answer in time")
        .containsPattern("(?m)^registry +FAIL +localhost:1 not reachable");
    // each later check of the cluster has its own line, saying why it was not asked
    for (String check :
        List.of(
            "rights of your account \\(overlay, every deploy\\)",
            "rights of your account \\(skaffold dev\\)",
            "rights of driver account demo-driver",
            "rights of executor account demo-executor",
            "API server egress")) {
      assertThat(table)
          .containsPattern(
              "(?m)^"
                  + check
                  + " +FAIL +timed out: not asked: the API server did not answer "
                  + first
                  + " in time$")
          .containsPattern("(?m)^" + check + " .*\\n(?! +fix:)");
    }
  }

  @Test
  void anUnreachableServerIsOneFailedRow() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    Run run = doctor(closed);
    String table = run.result().stdout();

    assertThat(run.took()).as(table).isLessThan(Duration.ofSeconds(20));
    assertThat(run.result().exitCode()).as(table).isEqualTo(1);
    assertThat(table)
        .containsPattern("(?m)^overlay k8s/overlays/staging +OK ")
        .containsPattern(
            "(?m)^cluster +FAIL +.*(was|connection) refused.*\\n +fix: check that the cluster")
        .doesNotContain("rights of");
  }
}
