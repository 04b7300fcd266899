package dev.sparkgen.jib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image as {@code jib:buildTar} writes it ({@code docker save} layout): its config and its
 * layers, each with the digest of its uncompressed content (the "diff ID" the config lists) and the
 * files in it.
 */
public record ImageTar(JsonNode config, List<Layer> layers) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One layer: its diff ID, its compressed size as stored, and its members. */
  public record Layer(String diffId, long compressedSize, long size, Map<String, Tar.Entry> files) {
    public boolean contains(String path) {
      return files.containsKey(path);
    }
  }

  public static ImageTar read(Path tar) throws IOException {
    Map<String, Tar.Entry> members;
    try (InputStream in = Files.newInputStream(tar)) {
      members = Tar.byName(Tar.read(in));
    }
    JsonNode manifest = JSON.readTree(members.get("manifest.json").content()).get(0);
    JsonNode config = JSON.readTree(members.get(manifest.get("Config").asString()).content());
    List<Layer> layers = new ArrayList<>();
    for (JsonNode name : manifest.get("Layers")) {
      byte[] stored = members.get(name.asString()).content();
      byte[] content = isGzip(stored) ? gunzip(stored) : stored;
      layers.add(
          new Layer(
              "sha256:" + StandInSparkImage.sha256(content),
              stored.length,
              content.length,
              Tar.byName(Tar.read(new ByteArrayInputStream(content)))));
    }
    return new ImageTar(config, layers);
  }

  /** The diff IDs the image config declares, base layers first. */
  public List<String> diffIds() {
    List<String> ids = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  /** The {@code created_by}/{@code comment} of each layer's history entry, base first. */
  List<String> history() {
    List<String> entries = new ArrayList<>();
    config
        .get("history")
        .forEach(
            h ->
                entries.add(
                    h.path("created_by").asString("") + " " + h.path("comment").asString("")));
    return entries;
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
