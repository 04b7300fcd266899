package dev.sparkgen.doctor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * doctor with the real kubectl against a real HTTP server in the test that answers {@code /version}
 * with an old or a new Kubernetes and 404 to everything else: the features the rendered demo uses
 * are reported against that version (the issue's 1.26, where a replacement driver started 3.7 s
 * before the old one had terminated), and, for staging on a remote context with {@code
 * --default-repo}, the image skaffold pushes is the default repo's, not "names no registry".
 */
@Tag("slow")
class DoctorServerVersionTest {

  @TempDir Path dir;

  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  int apiServer(String gitVersion) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean version = exchange.getRequestURI().getPath().equals("/version");
          byte[] body =
              (version
                      ? "{\"major\": \"1\", \"minor\": \""
                          + gitVersion.replaceAll("^v1\\.(\\d+).*", "$1")
                          + "\", \"gitVersion\": \""
                          + gitVersion
                          + "\"}"
                      : "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\","
                          + " \"reason\": \"NotFound\", \"code\": 404}")
                  .getBytes(UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(version ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          v1.25.16     | WARN | WARN
          v1.26.15     | OK   | WARN
          v1.34.1      | OK   | OK
          """)
  void theFeaturesTheJobUsesAreReportedForTheServersVersion(
      String version, String failurePolicy, String replacement) throws Exception {
    int port = apiServer(version);
    Path kubectl = ExternalTools.require("kubectl");
    Path kubeconfig = dir.resolve("kubeconfig");
    String context = "arn:aws:eks:eu-west-1:111122223333:cluster/team";
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "  - name: team",
            "    cluster:",
            "      server: http://127.0.0.1:" + port,
            "users:",
            "  - name: someone",
            "    user: {}",
            "contexts:",
            "  - name: " + context,
            "    context: {cluster: team, user: someone}",
            "current-context: " + context,
            ""));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // the real kubectl, on the test's kubeconfig: doctor runs in this JVM, whose environment stays
    Path wrapper = bin.resolve("kubectl");
    Files.writeString(
        wrapper, "#!/bin/sh\nexec " + kubectl + " --kubeconfig=" + kubeconfig + " \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path skaffold = bin.resolve("skaffold");
    Files.writeString(skaffold, "#!/bin/sh\necho v2.16.1\n");
    Files.setPosixFilePermissions(skaffold, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path repo = dir.resolve("demo");
    new PlanWriter().write(Fixtures.plan("demo", b -> b.envs(List.of("dev", "staging"))), repo);

    List<Doctor.Check> checks =
        new Doctor(new Tools(bin.toString()), Map.of("HOME", dir.resolve("home").toString()))
            .examine(repo, "staging", "127.0.0.1:1/team");
    StringWriter out = new StringWriter();
    Doctor.print(checks, new PrintWriter(out));
    String table = out.toString();

    assertThat(table)
        .containsPattern("(?m)^cluster +OK +Kubernetes " + version.replace(".", "\\.") + "$")
        .containsPattern(
            "(?m)^Kubernetes feature podFailurePolicy +"
                + failurePolicy
                + " +"
                + (failurePolicy.equals("OK")
                    ? "used by Job demo-driver; " + version + " has it, 1.26\\+"
                    : version
                        + " lacks it, 1.26\\+ .*: the API server ignores \\(1.25\\) or"
                        + " refuses \\(older\\) Job demo-driver's podFailurePolicy"))
        .containsPattern(
            "(?m)^Kubernetes feature podReplacementPolicy Failed +"
                + replacement
                + " +"
                + (replacement.equals("OK")
                    ? "used by Job demo-driver; " + version + " has it, 1.29\\+"
                    : version
                        + " lacks it, 1.29\\+ .*: a replacement of Job demo-driver's driver starts"
                        + " as soon as the old pod is terminating"))
        .containsPattern(
            "(?m)^skaffold build +OK +"
                + java.util.regex.Pattern.quote(context)
                + " is not local \\(.*\\); pushes 127.0.0.1:1/team/demo \\(build.local.push: true"
                + " in skaffold.yaml \\(profile staging\\); default repo 127.0.0.1:1/team from"
                + " --default-repo\\)$")
        .containsPattern("(?m)^registry +FAIL +127.0.0.1:1 not reachable")
        .doesNotContain("names no registry");
  }
}
