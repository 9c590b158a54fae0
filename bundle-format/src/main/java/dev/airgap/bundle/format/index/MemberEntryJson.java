package dev.airgap.bundle.format.index;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.airgap.bundle.format.Digest;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads a {@link MemberEntry}. The index mapper demands every creator property, which would make
 * the optional {@code executable} key (absent from every bundle written before the tool tree)
 * mandatory; this reader keeps name, digest and size required, {@code executable} optional, and
 * still refuses keys it does not know.
 */
final class MemberEntryJson extends StdDeserializer<MemberEntry> {
  private static final Set<String> KEYS = Set.of("name", "digest", "size", "executable");

  MemberEntryJson() {
    super(MemberEntry.class);
  }

  @Override
  public MemberEntry deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonNode node = context.readTree(parser);
    if (node == null || !node.isObject()) {
      return context.reportInputMismatch(MemberEntry.class, "a member must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        return context.reportInputMismatch(MemberEntry.class, "a member has the unknown key \"" + key + "\"");
      }
    }
    JsonNode name = node.get("name");
    JsonNode digest = node.get("digest");
    JsonNode size = node.get("size");
    JsonNode executable = node.get("executable");
    if (name == null || !name.isTextual() || digest == null || !digest.isTextual()
        || size == null || !size.canConvertToExactIntegral() || !size.canConvertToLong()) {
      return context.reportInputMismatch(MemberEntry.class,
          "a member needs a text \"name\", a text \"digest\" and a whole-number \"size\": " + node);
    }
    if (executable != null && !executable.isBoolean()) {
      return context.reportInputMismatch(MemberEntry.class, "member " + name.asText() + ": \"executable\" must be true or false");
    }
    return new MemberEntry(name.asText(), Digest.parse(digest.asText()), size.asLong(),
        executable != null && executable.asBoolean());
  }
}
