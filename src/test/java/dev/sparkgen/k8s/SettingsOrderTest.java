package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job's own script, run by bash on the rendered ConfigMaps' files, gives spark-submit
 * k8s/base's settings first, the components' next and the environment's last, so a later line wins;
 * and validate reads them in the same order ({@code Rendered.sparkProperties}).
 */
@Tag("slow")
class SettingsOrderTest {

  @TempDir Path work;

  @Test
  void theEnvironmentWinsOverTheComponentsWhichWinOverTheBase() throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path repo = work.resolve("demo");
    new PlanWriter().write(Fixtures.plan("demo", b -> b), repo);
    Path overlay = repo.resolve("k8s/overlays/prod");

    Properties prod = concatenatedByTheJob(Render.kustomize(kubectl, overlay));
    assertThat(prod.getProperty("spark.driver.memory"))
        .as("tier-prod over the base")
        .isEqualTo("2g");
    assertThat(prod.getProperty("spark.executor.memory")).as("prod over the base").isEqualTo("4g");

    Files.writeString(
        overlay.resolve("spark.properties"), "spark.driver.memory=3g\n", StandardOpenOption.APPEND);
    Rendered rendered = Render.kustomize(kubectl, overlay);
    Properties edited = concatenatedByTheJob(rendered);
    assertThat(edited.getProperty("spark.driver.memory"))
        .as("prod's own line over tier-prod's")
        .isEqualTo("3g");
    assertThat(edited).isEqualTo(rendered.sparkProperties());
  }

  /** The Job's concatenation, run by bash with the ConfigMaps' keys as the files it mounts. */
  private Properties concatenatedByTheJob(Rendered rendered) throws Exception {
    Map<String, Object> job = rendered.one("Job", "demo-driver");
    Map<String, Object> driver = list(at(job, "spec.template.spec.containers")).get(0);
    String script = Rendered.strings(driver.get("args")).get(2);
    int start = script.indexOf("conf=/opt/spark/conf.d");
    int end = script.indexOf("} > /tmp/spark.properties") + "} > /tmp/spark.properties".length();
    assertThat(start).isNotNegative();
    Path root = Files.createTempDirectory(work, "pod");
    Path conf = Files.createDirectories(root.resolve("conf.d"));
    Path env = Files.createDirectories(root.resolve("conf.env"));
    write(conf, rendered.find("ConfigMap", "demo-spark-conf").get(0));
    write(env, rendered.find("ConfigMap", "demo-spark-env-conf").get(0));
    String part =
        script
            .substring(start, end)
            .replace("/opt/spark/conf.d", conf.toString())
            .replace("/opt/spark/conf.env", env.toString())
            .replace("/tmp/spark.properties", root.resolve("spark.properties").toString());
    ExternalTools.run(root, "bash", "-ec", part).assertSuccess("the Job's concatenation");
    Properties properties = new Properties();
    properties.load(new StringReader(Files.readString(root.resolve("spark.properties"))));
    return properties;
  }

  private static void write(Path dir, Map<String, Object> configMap) throws Exception {
    for (Map.Entry<String, Object> e : map(configMap.get("data")).entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), String.valueOf(e.getValue()));
    }
  }
}
