package dev.sparkgen.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a team brought from Spark Standalone, parsed: the settings of its submit script and, per
 * environment, of that environment's {@code spark-defaults.conf}. Recorded in the answers file, so
 * that upgrade translates the same settings again.
 *
 * @param defaults environment name → its defaults file, in the order of the environments
 */
public record StandaloneInputs(Optional<Source> submit, Map<String, Source> defaults) {

  /** One input file: its name (no directory) and its settings in order. */
  public record Source(String file, List<StandaloneSetting> settings) {
    public Source {
      settings = List.copyOf(settings);
    }
  }

  public StandaloneInputs {
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }

  /** An input file's bytes as text; anything but UTF-8 is refused, naming the first bad byte. */
  public static String decode(String label, byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidInputException(
          label
              + " is not UTF-8 text; save it as UTF-8 (a shell script or spark-defaults.conf is plain text).");
    }
  }

  /**
   * The settings that apply to {@code environment}: the submit script's, then its defaults file's.
   */
  public List<StandaloneSetting> settingsFor(String environment) {
    List<StandaloneSetting> all = new ArrayList<>();
    submit.ifPresent(s -> all.addAll(s.settings()));
    Source own = defaults.get(environment);
    if (own != null) {
      all.addAll(own.settings());
    }
    return all;
  }
}
