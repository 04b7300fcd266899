package dev.sparkgen.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.XmlTree.Element;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offsets must point exactly at the tags, whatever the line endings, comments or entities. */
class XmlTreeTest {

  static final String POM =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
          + "<!-- a comment with <tags> -->\r\n"
          + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\r\n"
          + "  <name>caf\u00e9 &amp; co</name>\r\n"
          + "  <build/>\r\n"
          + "  <properties><![CDATA[x]]><a.b>1</a.b><!-- c --></properties>\r\n"
          + "</project>\r\n";

  @Test
  void everyOffsetPointsAtItsTag() {
    Element project = XmlTree.parse("pom.xml", POM);

    assertThat(project.name()).isEqualTo("project");
    assertThat(POM.substring(project.start(), project.contentStart()))
        .isEqualTo("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">");
    assertThat(POM.substring(project.contentEnd(), project.end())).isEqualTo("</project>");
    Element name = project.child("name").orElseThrow();
    assertThat(POM.substring(name.start(), name.end()))
        .isEqualTo("<name>caf\u00e9 &amp; co</name>");
    assertThat(POM.substring(name.contentStart(), name.contentEnd()))
        .isEqualTo("caf\u00e9 &amp; co");
    assertThat(name.text()).isEqualTo("caf\u00e9 & co");
    Element build = project.child("build").orElseThrow();
    assertThat(build.selfClosing()).isTrue();
    assertThat(POM.substring(build.start(), build.end())).isEqualTo("<build/>");
    Element ab = project.path("properties", "a.b").orElseThrow();
    assertThat(POM.substring(ab.start(), ab.end())).isEqualTo("<a.b>1</a.b>");
    assertThat(project.child("properties").orElseThrow().text()).isEqualTo("x");
  }

  @Test
  void refusesMalformedXmlInOneSentence() {
    assertThatThrownBy(() -> XmlTree.parse("pom.xml", "<project><name>x</project>"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("pom.xml is not well-formed XML (line 1, column ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** A team's pom is untrusted text: an entity must not read a file of the machine (XXE). */
  @Test
  void readsNoFileThroughAnExternalEntity(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t");
    String pom =
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE project [<!ENTITY leak SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<project><name>&leak;</name></project>\n";

    String read;
    try {
      read = XmlTree.parse("pom.xml", pom).child("name").orElseThrow().text();
    } catch (InvalidInputException refused) {
      read = refused.getMessage();
    }

    assertThat(read).doesNotContain("s3cr3t");
  }

  @Test
  void refusesADtdInOneSentenceNamingItsLine() {
    assertThatThrownBy(
            () ->
                XmlTree.parse(
                    "pom.xml",
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY v \"1\">]>\n<project><version>&v;</version></project>"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "pom.xml line 2 declares a DTD (<!DOCTYPE ...>), which a pom does not have and whose"
                + " entities sparkgen does not expand; remove it and write the values in place.");
  }

  @Test
  void namesABareAmpersandAndAnUnknownEntity() {
    assertThatThrownBy(() -> XmlTree.parse("pom.xml", "<project>\n<name>R&D</name></project>"))
        .hasMessage(
            "pom.xml (line 2, column 8) has a bare '&', which XML does not allow in text; write it as &amp;.");
    assertThatThrownBy(() -> XmlTree.parse("pom.xml", "<project><name>R & D</name></project>"))
        .hasMessageContaining("has a bare '&'");
    assertThatThrownBy(() -> XmlTree.parse("pom.xml", "<project><name>&nbsp;</name></project>"))
        .hasMessageContaining("uses the entity '&nbsp;', which is none of XML's own five");
    // XML's own entities and character references stay accepted.
    assertThat(
            XmlTree.parse("pom.xml", "<project><name>&lt;&amp;&#233;&#xE9;</name></project>")
                .childText("name"))
        .contains("<&\u00e9\u00e9");
  }

  @Test
  void nestingIsBounded() {
    int depth = XmlTree.MAX_DEPTH;
    assertThat(XmlTree.parse("pom.xml", "<a>".repeat(depth) + "</a>".repeat(depth)).name())
        .isEqualTo("a");
    assertThatThrownBy(
            () -> XmlTree.parse("pom.xml", "<a>".repeat(depth + 1) + "</a>".repeat(depth + 1)))
        .hasMessage(
            "pom.xml line 1 is nested deeper than 100 elements, which no pom is; fix it so that Maven can read it.");
  }

  @Test
  void otherErrorsCarryNoParserClassName() {
    assertThatThrownBy(() -> XmlTree.parse("pom.xml", "<project><name>x</nam></project>"))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("pom.xml is not well-formed XML (line 1, column ")
                    .doesNotContain("com.ctc", "wstx", "Exception", "\n"));
  }
}
