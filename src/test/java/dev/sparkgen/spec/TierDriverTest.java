package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each tier's driver size, which the Standalone translation sizes namespace quotas with, is the one
 * the Kustomize base gives that tier: k8s/base/job.yaml's, or the patch of the tier's component.
 */
class TierDriverTest {

  @Test
  void eachTiersDriverIsTheOneItsKustomizeComponentGives() throws Exception {
    Map<?, ?> base = resources(load(Path.of("kustomize-base/job.yaml")));
    for (Tier tier : Tier.values()) {
      Map<?, ?> kustomization =
          load(Path.of("kustomize-base/components/tier-" + tier.key() + "/kustomization.yaml"));
      Map<?, ?> resources = base;
      for (Object patch : (List<?>) kustomization.get("patches")) {
        Object text = ((Map<?, ?>) patch).get("patch");
        Object parsed = new Load(LoadSettings.builder().build()).loadFromString((String) text);
        if (parsed instanceof Map<?, ?> job) {
          resources = resources(job);
        }
      }
      Tier.Driver driver = tier.driver();
      assertThat(get(resources, "requests", "memory"))
          .as(tier.key())
          .isEqualTo(driver.memoryMib() + "Mi");
      assertThat(get(resources, "limits", "memory"))
          .as(tier.key())
          .isEqualTo(driver.memoryMib() + "Mi");
      assertThat(millicores(get(resources, "requests", "cpu")))
          .as(tier.key())
          .isEqualTo(driver.requestCpuMillis());
      assertThat(millicores(get(resources, "limits", "cpu")))
          .as(tier.key())
          .isEqualTo(driver.limitCpuMillis());
    }
  }

  static Map<?, ?> load(Path file) throws Exception {
    return (Map<?, ?>)
        new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
  }

  static Map<?, ?> resources(Map<?, ?> job) {
    Map<?, ?> spec =
        (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) job.get("spec")).get("template")).get("spec");
    Map<?, ?> container = (Map<?, ?>) ((List<?>) spec.get("containers")).get(0);
    return (Map<?, ?>) container.get("resources");
  }

  static Object get(Map<?, ?> resources, String kind, String resource) {
    return ((Map<?, ?>) resources.get(kind)).get(resource);
  }

  static long millicores(Object quantity) {
    String text = String.valueOf(quantity);
    return text.endsWith("m")
        ? Long.parseLong(text.substring(0, text.length() - 1))
        : Long.parseLong(text) * 1000;
  }
}
