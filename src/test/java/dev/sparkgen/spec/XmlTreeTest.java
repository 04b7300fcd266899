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
}
