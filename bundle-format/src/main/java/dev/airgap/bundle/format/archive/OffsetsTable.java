package dev.airgap.bundle.format.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code bundle.offsets.json} member: where every earlier member sits in the uncompressed tar
 * stream.
 *
 * <pre>
 * {"version":1,"members":[
 * {"name":"bundle.json","headerOffset":0,"dataOffset":512,"size":1234},
 * {"name":"bundle.json.sig","headerOffset":2048,"dataOffset":2560,"size":64}
 * ]}
 * </pre>
 *
 * <p>Reading checks more than the schema: names are valid and unique, and the members tile the tar
 * stream exactly, each starting where the previous one's padded content ends, the first at 0 and
 * the last ending where the offsets member itself starts. So no entry can hide between listed
 * members; the tar header at each offset is still re-checked when a member is opened.
 */
final class OffsetsTable {
  static final String NAME = "bundle.offsets.json";
  static final int VERSION = 1;
  /** Most header bytes before a member's content: a pax header with its data, and a ustar header. */
  static final long MAX_HEADER_SPAN = 2L * TarHeaders.BLOCK + TarReader.MAX_PAX_BYTES;

  /** Bytes one entry may take: a 255-byte name escaped twice over, three 19-digit numbers, keys. */
  static final int MAX_ENTRY_BYTES = 1024;
  /** Bytes outside the entries: {@code {"version":1,"members":[} and the closing brackets. */
  static final int MAX_FRAME_BYTES = 64;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private OffsetsTable() {}

  static byte[] encode(List<MemberLocation> members) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + members.size() * 128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(new OnePerLine());
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeFieldName("members");
      g.writeStartArray();
      for (MemberLocation m : members) {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeNumberField("headerOffset", m.headerOffset());
        g.writeNumberField("dataOffset", m.dataOffset());
        g.writeNumberField("size", m.size());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
    return out.toByteArray();
  }

  /**
   * The most bytes the table of a bundle with {@code frames} zstd frames may have: at most {@code
   * frames - 1} members (each starts a frame; the last frame is the table's own) of {@link
   * #MAX_ENTRY_BYTES} each, and never more than {@link ReaderLimits#maxMetadataBytes()}.
   */
  static long maxBytes(int frames, ReaderLimits limits) {
    return Math.min(limits.maxMetadataBytes(), MAX_FRAME_BYTES + (long) MAX_ENTRY_BYTES * Math.max(0, frames - 1));
  }

  /**
   * Parses and checks the table.
   *
   * @param end where the offsets member's own header starts: the listed members must end exactly there
   */
  static List<MemberLocation> parse(byte[] json, long end, ReaderLimits limits, String file) {
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(json)) {
      root = MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw bad(file, "trailing content after the JSON document");
      }
    } catch (JsonProcessingException e) {
      throw bad(file, e.getOriginalMessage());
    } catch (IOException e) {
      throw bad(file, e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(file, "not a JSON object");
    }
    checkFields(root, Set.of("version", "members"), file, "the document");
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
      throw bad(file, "unsupported version " + version + " (this reader knows " + VERSION + ")");
    }
    JsonNode list = root.get("members");
    if (list == null || !list.isArray()) {
      throw bad(file, "'members' is not an array");
    }
    if (list.size() > limits.maxMembers()) {
      throw new ArchiveException("the offsets table of " + file + " lists " + list.size() + " members, more than the "
          + limits.maxMembers() + " accepted");
    }
    List<MemberLocation> members = new ArrayList<>(list.size());
    Set<String> names = new HashSet<>();
    long expected = 0;
    for (JsonNode entry : list) {
      if (!entry.isObject()) {
        throw bad(file, "member " + members.size() + " is not an object");
      }
      checkFields(entry, Set.of("name", "headerOffset", "dataOffset", "size"), file, "member " + members.size());
      JsonNode nameNode = entry.get("name");
      if (nameNode == null || !nameNode.isTextual()) {
        throw bad(file, "member " + members.size() + " has no name");
      }
      String name = nameNode.asText();
      String problem = MemberNames.problem(name);
      if (problem != null) {
        throw bad(file, "member name " + MemberNames.quote(name) + " " + problem);
      }
      if (name.equals(NAME)) {
        throw bad(file, "it lists itself");
      }
      if (!names.add(name)) {
        throw bad(file, "duplicate member " + MemberNames.quote(name));
      }
      long header = number(entry, "headerOffset", name, file);
      long data = number(entry, "dataOffset", name, file);
      long size = number(entry, "size", name, file);
      String where = "member " + MemberNames.quote(name) + " at offset " + header;
      if (header != expected) {
        throw bad(file, where + " does not start where the previous member ends (" + expected + ")");
      }
      if (data <= header || data - header > MAX_HEADER_SPAN || (data - header) % TarHeaders.BLOCK != 0) {
        throw bad(file, where + " has its content at an impossible offset " + data);
      }
      if (size > limits.maxTotalBytes() || data + size > limits.maxTotalBytes()) {
        throw bad(file, where + " declares " + size + " bytes, beyond the limit of " + limits.maxTotalBytes());
      }
      expected = data + TarHeaders.padded(size);
      if (expected > end) {
        throw bad(file, where + " ends at " + expected + ", beyond the offsets member at " + end);
      }
      members.add(new MemberLocation(name, header, data, size));
    }
    if (expected != end) {
      throw bad(file, "the listed members end at offset " + expected + " but the offsets member starts at " + end
          + " (an entry is missing from the table)");
    }
    return List.copyOf(members);
  }

  /** Compact JSON with one member per line, so the table reads well in {@code tar -xO}. */
  private static final class OnePerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      g.writeRaw(values == 0 ? "]" : "\n]");
    }
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String file, String what) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw bad(file, what + " has an unknown field " + MemberNames.quote(field));
      }
    }
  }

  private static long number(JsonNode entry, String field, String name, String file) {
    JsonNode n = entry.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      throw bad(file, "member " + MemberNames.quote(name) + " has no valid '" + field + "'");
    }
    return n.asLong();
  }

  private static ArchiveException bad(String file, String why) {
    return new ArchiveException("the offsets table (" + NAME + ") of " + file + " is invalid: " + why);
  }
}
