package dev.sparkgen.jib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little of the tar format the image tests need: writing a stand-in base image and reading the
 * image Jib writes (ustar headers, PAX and GNU long names). Not a general archiver.
 */
public final class Tar {

  private static final int BLOCK = 512;

  private Tar() {}

  /** One archive member; {@code content} is empty for directories. */
  public record Entry(String name, char type, int mode, byte[] content) {
    public boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  static Entry file(String name, int mode, byte[] content) {
    return new Entry(name, '0', mode, content);
  }

  static Entry file(String name, int mode, String content) {
    return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
  }

  static Entry directory(String name) {
    return new Entry(name.endsWith("/") ? name : name + "/", '5', 0755, new byte[0]);
  }

  /** A tar of the entries, with fixed owner 0:0 and time 0, so equal inputs give equal bytes. */
  static byte[] write(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry entry : entries) {
      byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
      if (name.length > 100) {
        throw new IllegalArgumentException("name too long for this writer: " + entry.name());
      }
      byte[] header = new byte[BLOCK];
      System.arraycopy(name, 0, header, 0, name.length);
      octal(header, 100, 8, entry.mode());
      octal(header, 108, 8, 0);
      octal(header, 116, 8, 0);
      octal(header, 124, 12, entry.content().length);
      octal(header, 136, 12, 0);
      header[156] = (byte) entry.type();
      ascii(header, 257, "ustar\0");
      ascii(header, 263, "00");
      for (int i = 148; i < 156; i++) {
        header[i] = ' ';
      }
      long sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      octal(header, 148, 7, sum);
      out.writeBytes(header);
      out.writeBytes(entry.content());
      out.writeBytes(new byte[padding(entry.content().length)]);
    }
    out.writeBytes(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  /** All members of a tar stream, in order; names lose a leading "./" or "/". */
  static List<Entry> read(InputStream in) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String longName = null;
    byte[] header = new byte[BLOCK];
    while (in.readNBytes(header, 0, BLOCK) == BLOCK && !allZero(header)) {
      String name = string(header, 0, 100);
      String prefix = string(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      int mode = (int) parseOctal(header, 100, 8);
      long size = parseOctal(header, 124, 12);
      char type = (char) header[156];
      byte[] content = in.readNBytes((int) size);
      in.skipNBytes(padding(size));
      switch (type) {
        case 'x' -> longName = paxPath(content, longName);
        case 'L' -> longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
        case 'g' -> {}
        default -> {
          String effective = longName != null ? longName : name;
          longName = null;
          entries.add(new Entry(normalize(effective), type, mode, content));
        }
      }
    }
    return entries;
  }

  /** The members by name, for lookups; directories keep their trailing slash. */
  static Map<String, Entry> byName(List<Entry> entries) {
    Map<String, Entry> map = new LinkedHashMap<>();
    entries.forEach(e -> map.put(e.name(), e));
    return map;
  }

  private static String paxPath(byte[] content, String previous) {
    String records = new String(content, StandardCharsets.UTF_8);
    String path = previous;
    int i = 0;
    while (i < records.length()) {
      int space = records.indexOf(' ', i);
      int length = Integer.parseInt(records.substring(i, space));
      String record = records.substring(space + 1, i + length - 1);
      if (record.startsWith("path=")) {
        path = record.substring(5);
      }
      i += length;
    }
    return path;
  }

  private static String normalize(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    return n;
  }

  private static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long parseOctal(byte[] header, int offset, int length) {
    String s = string(header, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String s = String.format("%0" + (length - 1) + "o", value);
    ascii(header, offset, s);
  }

  private static void ascii(byte[] header, int offset, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
