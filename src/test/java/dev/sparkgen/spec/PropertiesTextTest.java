package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Logical lines as Properties reads them, each with the physical line it starts on. */
class PropertiesTextTest {

  private static List<String> read(String text) {
    return PropertiesText.lines(text).stream()
        .map(l -> l.number() + " " + l.entry().map(PropertiesTextTest::entry).orElse("(malformed)"))
        .toList();
  }

  private static String entry(Properties p) {
    String key = p.stringPropertyNames().iterator().next();
    return key + "=" + p.getProperty(key);
  }

  @Test
  void aContinuedLineLosesItsBackslashAndTheNextLinesIndentation() {
    // Were the backslash kept, "\n" would be read as an escaped newline.
    assertThat(read("key=abc\\\n    n\nother=1\n")).containsExactly("1 key=abcn", "3 other=1");
  }

  @Test
  void aBackslashAloneOnALineContinuesIntoTheNext() {
    assertThat(read("\\\na=1")).containsExactly("1 a=1");
  }

  @Test
  void anEvenRunOfBackslashesIsAnEscapedBackslashNotAContinuation() {
    assertThat(read("a=x\\\\\nb=2")).containsExactly("1 a=x\\", "2 b=2");
  }

  @Test
  void aBackslashEndingTheLastLineContinuesIntoNothing() {
    assertThat(read("a=1\nb=2\\")).containsExactly("1 a=1", "2 b=2");
  }

  @Test
  void commentsBlankLinesAndMalformedEscapes() {
    assertThat(read("# c\n! c\n\n  \nu=\\u12\nk v")).containsExactly("5 (malformed)", "6 k=v");
  }
}
