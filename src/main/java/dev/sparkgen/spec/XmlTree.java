package dev.sparkgen.spec;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.LocationInfo;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * An XML document (a pom) as a tree of elements that know where they are in the text: so that a
 * change is a text edit at a known offset and everything else (comments, formatting, entity
 * spellings) stays byte for byte. Parsed by Woodstox, which reports character offsets per event;
 * namespaces are ignored (a pom's elements are all in one).
 */
public final class XmlTree {

  /**
   * One element. Offsets are character indexes into the text: {@code start} of its {@code <},
   * {@code contentStart} just after its start tag, {@code contentEnd} at its end tag's {@code <},
   * {@code end} just after its end tag. For {@code <a/>}, content start and end are both {@code
   * end}, and {@link #selfClosing} is true.
   */
  public static final class Element {
    private final String name;
    private final Element parent;
    private final int start;
    private final int contentStart;
    private int contentEnd;
    private int end;
    private boolean selfClosing;
    private final List<Element> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    Element(String name, Element parent, int start, int contentStart) {
      this.name = name;
      this.parent = parent;
      this.start = start;
      this.contentStart = contentStart;
    }

    public String name() {
      return name;
    }

    public Element parent() {
      return parent;
    }

    public int start() {
      return start;
    }

    public int contentStart() {
      return contentStart;
    }

    public int contentEnd() {
      return contentEnd;
    }

    public int end() {
      return end;
    }

    public boolean selfClosing() {
      return selfClosing;
    }

    public List<Element> children() {
      return Collections.unmodifiableList(children);
    }

    /** The element's own character data, trimmed (entities resolved, comments left out). */
    public String text() {
      return text.toString().strip();
    }

    public Optional<Element> child(String childName) {
      return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    public List<Element> children(String childName) {
      return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The text of the child element {@code childName}, if there is one. */
    public Optional<String> childText(String childName) {
      return child(childName).map(Element::text);
    }

    /**
     * The element at the end of a path of child names, if every step exists (the first of each
     * name).
     */
    public Optional<Element> path(String... names) {
      Element at = this;
      for (String step : names) {
        Optional<Element> next = at.child(step);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        at = next.get();
      }
      return Optional.of(at);
    }

    /** Every element below this one, depth first. */
    public List<Element> descendants() {
      List<Element> all = new ArrayList<>();
      for (Element c : children) {
        all.add(c);
        all.addAll(c.descendants());
      }
      return all;
    }

    @Override
    public String toString() {
      return "<" + name + "> at " + start;
    }
  }

  /** A pom nests about ten elements deep; far more is not a pom (and costs a deep recursion). */
  public static final int MAX_DEPTH = 100;

  /** A character or entity reference, as XML spells one. */
  private static final java.util.regex.Pattern REFERENCE =
      java.util.regex.Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][-A-Za-z0-9._:]*);");

  private static final java.util.Set<String> PREDEFINED =
      java.util.Set.of("amp", "lt", "gt", "quot", "apos");

  private XmlTree() {}

  /**
   * Parses {@code text}; {@code label} names it in the one-sentence refusal of a document that is
   * not well-formed XML.
   */
  public static Element parse(String label, String text) {
    XMLInputFactory factory = new WstxInputFactory();
    // A pom names no DTD; none is read, and no entity reaches outside the text.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    // Errors in text then surface from next() with their location, not later from getText().
    factory.setProperty(org.codehaus.stax2.XMLInputFactory2.P_LAZY_PARSING, false);
    try {
      XMLStreamReader2 reader =
          (XMLStreamReader2) factory.createXMLStreamReader(new StringReader(text));
      Deque<Element> open = new ArrayDeque<>();
      Element root = null;
      while (reader.hasNext()) {
        int event = reader.next();
        LocationInfo at = reader.getLocationInfo();
        switch (event) {
          case XMLStreamConstants.DTD ->
              throw new InvalidInputException(
                  label
                      + " line "
                      + reader.getLocation().getLineNumber()
                      + " declares a DTD (<!DOCTYPE ...>), which a pom does not have and whose"
                      + " entities sparkgen does not expand; remove it and write the values in place.");
          case XMLStreamConstants.START_ELEMENT -> {
            if (open.size() >= MAX_DEPTH) {
              throw new InvalidInputException(
                  label
                      + " line "
                      + reader.getLocation().getLineNumber()
                      + " is nested deeper than "
                      + MAX_DEPTH
                      + " elements, which no pom is; fix it so that Maven can read it.");
            }
            Element parent = open.peek();
            String name = reader.getLocalName();
            int colon = name.indexOf(':');
            Element element =
                new Element(
                    colon < 0 ? name : name.substring(colon + 1),
                    parent,
                    (int) at.getStartingCharOffset(),
                    (int) at.getEndingCharOffset());
            element.selfClosing = reader.isEmptyElement();
            if (parent == null) {
              root = element;
            } else {
              parent.children.add(element);
            }
            open.push(element);
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Element element = open.pop();
            if (element.selfClosing) {
              element.contentEnd = element.contentStart;
              element.end = element.contentStart;
            } else {
              element.contentEnd = (int) at.getStartingCharOffset();
              element.end = (int) at.getEndingCharOffset();
            }
          }
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (!open.isEmpty()) {
              open.peek().text.append(reader.getText());
            }
          }
          default -> {
            // comments, processing instructions: kept in the text, not in the tree
          }
        }
      }
      if (root == null) {
        throw new InvalidInputException(
            label + " has no root element; it must be a Maven pom (<project>...</project>).");
      }
      return root;
    } catch (XMLStreamException e) {
      throw notWellFormed(label, text, e);
    }
  }

  /**
   * One sentence for a document the parser refused, in the terms of the text itself: a bare {@code
   * &} and an unknown entity are named as such; otherwise the parser's own first line, without its
   * class and location decorations.
   */
  private static InvalidInputException notWellFormed(
      String label, String text, XMLStreamException e) {
    javax.xml.stream.Location where = e.getLocation();
    String at =
        where == null
            ? ""
            : " (line " + where.getLineNumber() + ", column " + where.getColumnNumber() + ")";
    int offset = where == null ? -1 : Math.min(where.getCharacterOffset(), text.length());
    int amp = offset < 0 ? -1 : text.lastIndexOf('&', offset);
    if (amp >= 0 && text.substring(amp, offset).indexOf('\n') < 0) {
      java.util.regex.Matcher reference = REFERENCE.matcher(text).region(amp, text.length());
      // Where the '&' itself is, rather than where the parser noticed.
      int line = (int) text.substring(0, amp).chars().filter(c -> c == '\n').count() + 1;
      at = " (line " + line + ", column " + (amp - text.lastIndexOf('\n', amp - 1)) + ")";
      if (!reference.lookingAt()) {
        return new InvalidInputException(
            label + at + " has a bare '&', which XML does not allow in text; write it as &amp;.");
      }
      if (!PREDEFINED.contains(reference.group(1)) && !reference.group(1).startsWith("#")) {
        return new InvalidInputException(
            label
                + at
                + " uses the entity '"
                + reference.group()
                + "', which is none of XML's own five (&amp; &lt; &gt; &quot; &apos;) and which"
                + " sparkgen does not look up in a DTD; write the text itself.");
      }
    }
    String problem =
        e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
    // Woodstox puts its exception class in front of some messages.
    problem = problem.replaceFirst("^\\[[\\w.$]+\\]\\s*", "");
    return new InvalidInputException(
        label
            + " is not well-formed XML"
            + at
            + (problem.isEmpty() ? "" : ": " + problem)
            + "; fix it so that Maven can read it, then run again.");
  }
}
