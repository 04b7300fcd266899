package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link of a real Spark UI works behind the routes sparkgen renders (issue 28): the demo's
 * staging environment with the UI switched on as its comments say ({@link UiRoutesTest}), rendered
 * by the real kubectl; a real Spark 4.2 driver in local mode with the rendered spark.ui.* settings,
 * which has run jobs with a shuffle, a cached data set and SQL; in front of it a real nginx, with
 * the routing rules read from the rendered objects: the Ingress's as ingress-nginx turns a
 * regular-expression path with rewrite-target into nginx's configuration, and the HTTPRoute's
 * PathPrefix with URLRewrite ReplacePrefixMatch as the Gateway API defines it (the prefix replaced
 * by "/", for the prefix itself and every path below it). Through each, the crawl starts at the
 * path and follows every link and redirect of the jobs, stages, storage, environment, executors and
 * SQL pages (and what the executors page's script reads: the REST API and a thread dump), asserting
 * each resolves under the path with HTTP 200 and that none leads out of it.
 */
class UiBehindProxyIT {

  static final Path ROOT = Path.of(System.getProperty("sparkgen.root", "."));
  static final String SPARK = "4.2.0";
  static final int MAX_REQUESTS = 3000;

  /** Attributes that make a browser request a URL. */
  static final Pattern LINK =
      Pattern.compile("(?<![\\w-])(?:href|src|action)\\s*=\\s*[\"']([^\"']*)[\"']");

  /** What Spark's launcher opens to Spark on Java 17. */
  static final List<String> OPENS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action");

  static final Pattern LISTEN = Pattern.compile("listen 127\\.0\\.0\\.1:(\\d+)");

  static final Pattern UI_ROOT = Pattern.compile("setUIRoot\\('([^']*)'\\)");

  @TempDir Path work;

  @Test
  void everyLinkOfTheUiResolvesUnderThePathOfTheIngressAndOfTheHttpRoute() throws Exception {
    Path nginx = ExternalTools.require("nginx");
    UiRoutesTest.Routes routes = UiRoutesTest.render(UiRoutesTest.demoWithUiSwitchedOn(work));

    Map<String, Object> ingress = routes.job().one("Ingress", UiRoutesTest.APP + "-driver-ui");
    String regex =
        (String) at(list(at(list(at(ingress, "spec.rules")).get(0), "http.paths")).get(0), "path");
    Map<String, Object> annotations = map(at(ingress, "metadata.annotations"));
    assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/use-regex", "true");
    String rewriteTarget = (String) annotations.get("nginx.ingress.kubernetes.io/rewrite-target");

    Map<String, Object> routeRule =
        list(at(routes.shared().one("HTTPRoute", UiRoutesTest.APP + "-driver-ui"), "spec.rules"))
            .get(0);
    Map<String, Object> match = map(list(routeRule.get("matches")).get(0).get("path"));
    assertThat(match).containsEntry("type", "PathPrefix");
    String prefix = (String) match.get("value");
    Map<String, Object> rewrite = map(at(list(routeRule.get("filters")).get(0), "urlRewrite.path"));
    assertThat(rewrite).containsEntry("type", "ReplacePrefixMatch");
    String replacement = (String) rewrite.get("replacePrefixMatch");
    assertThat(UiRoutesTest.prefixOf(regex)).as("one path for both routes").isEqualTo(prefix);

    Properties settings = new Properties();
    routes.spark().stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark.ui.") && !k.equals("spark.ui.port"))
        .forEach(k -> settings.setProperty(k, routes.spark().getProperty(k)));
    assertThat(settings).containsEntry("spark.ui.proxyBase", prefix);

    Path events = Files.createDirectories(work.resolve("events"));
    settings.setProperty("spark.eventLog.enabled", "true");
    settings.setProperty("spark.eventLog.dir", events.toUri().toString());
    String classpath = SparkUi.classpath(work);
    try (SparkUi ui = SparkUi.start(work, classpath, settings)) {
      int ingressPort = freePort();
      int routePort = freePort();
      String backend = "http://127.0.0.1:" + ui.port();
      // ingress-nginx's location for a regular-expression path with rewrite-target
      // (internal/ingress/controller/template: buildLocation, buildProxyPass).
      String ingressServer =
          """
            server {
              listen 127.0.0.1:%d;
              location ~* "^%s" {
                rewrite "(?i)%s" %s break;
                proxy_pass %s;
              }
            }
          """
              .formatted(ingressPort, regex, regex, rewriteTarget, backend);
      // The Gateway API's PathPrefix (the prefix itself, or followed by "/") with
      // ReplacePrefixMatch: the matched prefix replaced, the rest and the query kept.
      String target = backend + replacement;
      String routeServer =
          """
            server {
              listen 127.0.0.1:%d;
              location = %s { proxy_pass %s; }
              location ^~ %s/ { proxy_pass %s%s; }
            }
          """
              .formatted(
                  routePort, prefix, target, prefix, target, replacement.endsWith("/") ? "" : "/");
      try (Nginx proxy = Nginx.start(nginx, work.resolve("nginx"), ingressServer + routeServer)) {
        for (int port : List.of(ingressPort, routePort)) {
          Crawl crawl = Crawl.from("http://127.0.0.1:" + port, prefix);
          assertThat(crawl.escaped)
              .as("links and redirects leaving %s (port %d)", prefix, port)
              .isEmpty();
          assertThat(crawl.failed).as("links not answered with 200 (port %d)", port).isEmpty();
          assertThat(crawl.pages)
              .as("the pages of every tab were reached through port %d", port)
              .contains(
                  prefix + "/jobs/",
                  prefix + "/jobs/job/",
                  prefix + "/stages/",
                  prefix + "/stages/stage/",
                  prefix + "/storage/",
                  prefix + "/storage/rdd/",
                  prefix + "/environment/",
                  prefix + "/executors/",
                  prefix + "/SQL/",
                  prefix + "/SQL/execution/");
          assertThat(crawl.uiRoots).as("the scripts' root").containsExactly(prefix);
          assertThat(crawl.requests).as("requests").isLessThan(MAX_REQUESTS);
        }
      }
    }
    everyLinkOfTheHistoryServerResolvesUnderItsPath(nginx, routes, classpath, events);
  }

  /**
   * The History Server likewise, behind its own Ingress (component history-server-ingress), with
   * the settings its Deployment passes in SPARK_HISTORY_OPTS: it shows the application the test
   * above ran (its event log), and every link of its pages and of that application's resolves under
   * its path.
   */
  void everyLinkOfTheHistoryServerResolvesUnderItsPath(
      Path nginx, UiRoutesTest.Routes routes, String classpath, Path events) throws Exception {
    Map<String, Object> ingress =
        routes.shared().one("Ingress", UiRoutesTest.APP + "-history-server");
    String regex =
        (String) at(list(at(list(at(ingress, "spec.rules")).get(0), "http.paths")).get(0), "path");
    String rewriteTarget =
        (String)
            map(at(ingress, "metadata.annotations"))
                .get("nginx.ingress.kubernetes.io/rewrite-target");
    String prefix = UiRoutesTest.prefixOf(regex);
    Map<String, Object> container =
        list(at(
                routes.shared().one("Deployment", UiRoutesTest.APP + "-history-server"),
                "spec.template.spec.containers"))
            .get(0);
    String opts =
        list(container.get("env")).stream()
            .filter(e -> "SPARK_HISTORY_OPTS".equals(e.get("name")))
            .map(e -> (String) e.get("value"))
            .findFirst()
            .orElseThrow();
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String open : OPENS) {
      command.add("--add-opens=java.base/" + open + "=ALL-UNNAMED");
    }
    command.addAll(List.of(opts.split(" ")));
    command.addAll(
        List.of(
            "-Dspark.history.fs.logDirectory=" + events.toUri(),
            "-Dspark.history.ui.port=" + port,
            "-cp",
            classpath,
            "org.apache.spark.deploy.history.HistoryServer"));
    Process server =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("history-server.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          break;
        } catch (IOException notYet) {
          if (!server.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(
                "the History Server: " + Files.readString(work.resolve("history-server.log")));
          }
          Thread.sleep(200);
        }
      }
      int ingressPort = freePort();
      String ingressServer =
          """
            server {
              listen 127.0.0.1:%d;
              location ~* "^%s" {
                rewrite "(?i)%s" %s break;
                proxy_pass http://127.0.0.1:%d;
              }
            }
          """
              .formatted(ingressPort, regex, regex, rewriteTarget, port);
      try (Nginx proxy = Nginx.start(nginx, work.resolve("nginx-history"), ingressServer)) {
        // The list of applications is a script's; the application's pages are under /history/.
        Crawl crawl =
            Crawl.from(
                "http://127.0.0.1:" + ingressPort,
                prefix,
                appId -> List.of(prefix + "/history/" + appId, prefix + "/history/" + appId + "/"));
        // Spark's own: the History Server's page of its own log (Spark 4) links to "/", whatever
        // the proxy base. Pinned, so that a Spark that fixes it shows here.
        assertThat(crawl.escaped)
            .as("links and redirects leaving %s", prefix)
            .singleElement()
            .asString()
            .matches(
                "/ \\(in http://127\\.0\\.0\\.1:\\d+"
                    + Pattern.quote(prefix)
                    + "/logPage/\\?self&logType=out\\)");
        assertThat(crawl.failed).as("links not answered with 200").isEmpty();
        assertThat(crawl.pages)
            .as("the History Server's pages")
            .contains(prefix + "/")
            .anyMatch(p -> p.matches(Pattern.quote(prefix) + "/history/[^/]+/jobs/"))
            .anyMatch(p -> p.matches(Pattern.quote(prefix) + "/history/[^/]+/stages/stage/"))
            .anyMatch(p -> p.matches(Pattern.quote(prefix) + "/history/[^/]+/executors/"))
            .anyMatch(p -> p.matches(Pattern.quote(prefix) + "/history/[^/]+/environment/"));
        assertThat(crawl.uiRoots).as("the scripts' root").contains(prefix);
      }
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  /** What a crawl found: the paths visited, and each link that failed or left the prefix. */
  static final class Crawl {
    final Set<String> pages = new TreeSet<>();
    final Set<String> uiRoots = new TreeSet<>();
    final List<String> escaped = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    int requests;

    static Crawl from(String origin, String prefix) throws Exception {
      return from(
          origin, prefix, appId -> List.of(prefix + "/executors/threadDump/?executorId=driver"));
    }

    /**
     * @param perApplication what else to follow once the application's id is known (the pages a
     *     script opens)
     */
    static Crawl from(
        String origin,
        String prefix,
        java.util.function.Function<String, List<String>> perApplication)
        throws Exception {
      Crawl crawl = new Crawl();
      HttpClient http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Set<String> seen = new LinkedHashSet<>();
      Deque<String[]> queue = new ArrayDeque<>(); // {url, where it was found}
      // The path without and with its slash, as a user types it.
      for (String start : List.of(prefix, prefix + "/")) {
        queue.add(new String[] {origin + start, "the start"});
      }
      String appId = null;
      while (!queue.isEmpty() && crawl.requests < MAX_REQUESTS) {
        String[] next = queue.poll();
        if (!seen.add(page(next[0]))) {
          continue;
        }
        URI uri = URI.create(next[0]);
        crawl.requests++;
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
          String location = response.headers().firstValue("Location").orElse("");
          crawl.follow(origin, prefix, uri, location, "redirect of " + uri.getRawPath(), queue);
          continue;
        }
        if (status != 200) {
          crawl.failed.add(status + " " + next[0] + " (from " + next[1] + ")");
          continue;
        }
        crawl.pages.add(uri.getRawPath());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/html")) {
          continue;
        }
        String body = response.body();
        Matcher root = UI_ROOT.matcher(body);
        while (root.find()) {
          crawl.uiRoots.add(root.group(1));
        }
        Matcher link = LINK.matcher(body);
        while (link.find()) {
          crawl.follow(
              origin, prefix, uri, link.group(1).replace("&amp;", "&"), uri.toString(), queue);
        }
        if (appId == null) {
          // What the executors page's script reads, under the root it was given (setUIRoot).
          HttpResponse<String> apps =
              http.send(
                  HttpRequest.newBuilder(URI.create(origin + prefix + "/api/v1/applications"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(apps.body());
          assertThat(id.find()).as("an application in %s", apps.body()).isTrue();
          appId = id.group(1);
          for (String api :
              List.of(
                  "allexecutors", "executors", "jobs", "stages", "environment", "storage/rdd")) {
            queue.add(
                new String[] {
                  origin + prefix + "/api/v1/applications/" + appId + "/" + api, "the REST API"
                });
          }
          for (String page : perApplication.apply(appId)) {
            queue.add(new String[] {origin + page, "the pages a script opens"});
          }
        }
      }
      return crawl;
    }

    /**
     * A link as a page: a table's sorting and paging parameters (named table.sort, table.page...)
     * by their names only, so each table's links are followed once per page and not in every order
     * of every column.
     */
    static String page(String url) {
      int q = url.indexOf('?');
      if (q < 0) {
        return url;
      }
      StringBuilder key = new StringBuilder(url.substring(0, q + 1));
      for (String parameter : url.substring(q + 1).split("&")) {
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        key.append(name.contains(".") ? name : parameter).append('&');
      }
      return key.toString();
    }

    void follow(
        String origin, String prefix, URI from, String link, String where, Deque<String[]> queue) {
      if (link.isEmpty()
          || link.startsWith("#")
          || link.startsWith("javascript:")
          || link.startsWith("mailto:")
          || link.startsWith("data:")) {
        return;
      }
      URI target = from.resolve(link.replace(" ", "%20"));
      String host = target.getHost();
      if (host != null && !(target.getScheme() + "://" + target.getRawAuthority()).equals(origin)) {
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.startsWith("192.")) {
          escaped.add(link + " (in " + where + "): the driver's own address");
        }
        return; // another site (Spark's documentation)
      }
      String path = target.getRawPath();
      if (!(path.equals(prefix) || path.startsWith(prefix + "/"))) {
        escaped.add(link + " (in " + where + ")");
        return;
      }
      queue.add(
          new String[] {
            origin + path + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()), where
          });
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A real nginx in the foreground, one process, with the given servers. */
  record Nginx(Process process) implements AutoCloseable {
    static Nginx start(Path nginx, Path dir, String servers) throws Exception {
      Files.createDirectories(dir);
      String conf =
          """
          daemon off;
          master_process off;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log;
          events { worker_connections 64; }
          http {
            access_log off;
            client_body_temp_path %1$s/client;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
          %2$s
          }
          """
              .formatted(dir, servers);
      Files.writeString(dir.resolve("nginx.conf"), conf);
      Process process =
          new ProcessBuilder(
                  nginx.toString(),
                  "-p",
                  dir.toString(),
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-c",
                  dir.resolve("nginx.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      Nginx started = new Nginx(process);
      try {
        Matcher m = LISTEN.matcher(servers);
        while (m.find()) {
          started.await(Integer.parseInt(m.group(1)), dir);
        }
      } catch (Exception | AssertionError e) {
        started.close();
        throw e;
      }
      return started;
    }

    void await(int port, Path dir) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "nginx ended: " + Files.readString(dir.resolve("stdout.log")) + log(dir));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      throw new AssertionError("nginx did not listen on " + port);
    }

    static String log(Path dir) throws IOException {
      Path log = dir.resolve("error.log");
      return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Spark in local mode (src/test/resources/ui/ProxiedUi.java), its UI up until closed. */
  record SparkUi(Process process, int port) implements AutoCloseable {
    /** Spark's jars (those of an apache/spark image), as a class path. */
    static String classpath(Path work) throws Exception {
      Path distribution = Files.createDirectories(work.resolve("spark-distribution"));
      try (var pom = UiBehindProxyIT.class.getResourceAsStream("/cluster/spark-distribution.xml")) {
        Files.copy(pom, distribution.resolve("pom.xml"));
      }
      Path classpath = work.resolve("classpath.txt");
      ExternalTools.run(
              distribution,
              ROOT.resolve("mvnw").toAbsolutePath().toString(),
              "-B",
              "-ntp",
              "-q",
              "dependency:build-classpath",
              "-Dmdep.outputFile=" + classpath,
              "-Dspark.version=" + SPARK,
              "-Dspark.kubernetes.version=" + SPARK,
              "-Dscala.binary.version=2.13")
          .assertSuccess("Spark " + SPARK + "'s class path");
      return Files.readString(classpath).strip();
    }

    static SparkUi start(Path work, String classpath, Properties settings) throws Exception {
      Path file = work.resolve("ui.properties");
      try (var out = Files.newBufferedWriter(file)) {
        settings.store(out, null);
      }
      List<String> command =
          new ArrayList<>(
              List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      for (String open : OPENS) {
        command.add("--add-opens=java.base/" + open + "=ALL-UNNAMED"); // as Spark's launcher does
      }
      command.addAll(
          List.of(
              "-cp",
              classpath,
              Path.of(UiBehindProxyIT.class.getResource("/ui/ProxiedUi.java").toURI()).toString(),
              file.toString()));
      Process process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectError(work.resolve("spark.log").toFile())
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("UI ")) {
          return new SparkUi(process, URI.create(line.substring(3).strip()).getPort());
        }
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      throw new AssertionError(
          "Spark ended without a UI: " + Files.readString(work.resolve("spark.log")));
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
