package dev.airgap.bundle.importer.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The ledger's JSON. Anyone who may push to the target can write this document, so reading is
 * strict: duplicate keys, unknown or missing fields, nulls, type coercions and trailing content
 * are errors, and the input is capped. Digests are {@code "sha256:…"} strings, instants ISO-8601.
 * Writing is deterministic: equal ledgers give equal bytes.
 */
public final class LedgerJson {
  /** Far above any real history (about 60,000 imports), far below trouble for the JVM. */
  public static final int MAX_BYTES = dev.airgap.bundle.format.Documents.MAX_BYTES;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private LedgerJson() {}

  /** The ledger as JSON; refused when it would be too large to be read back. */
  public static byte[] write(Ledger ledger) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(ledger);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the ledger could not be written as JSON", e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new LedgerException("the ledger would be " + bytes.length + " bytes, over the " + MAX_BYTES
          + "-byte limit for ledgers");
    }
    return bytes;
  }

  /** Parses untrusted bytes; {@code what} names them in messages (e.g. the registry and tag). */
  public static Ledger read(byte[] raw, String what) {
    return readStrict(raw, Ledger.class, MAX_BYTES, what, "ledger");
  }

  /** The same strict mapper for the ledger's sibling documents (the lease). */
  static byte[] writeDocument(Object document) {
    try {
      return MAPPER.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the " + document.getClass().getSimpleName() + " could not be written as JSON", e);
    }
  }

  /**
   * Parses untrusted bytes of at most {@code max} into {@code type}; {@code kind} ("ledger",
   * "lease") names the document in messages.
   */
  static <T> T readStrict(byte[] raw, Class<T> type, int max, String what, String kind) {
    if (raw.length > max) {
      throw new LedgerException(what + " is " + raw.length + " bytes, over the " + max
          + "-byte limit for " + kind + "s");
    }
    try {
      T value = MAPPER.readValue(raw, type);
      if (value == null) {
        throw new LedgerException(what + " is malformed: it is JSON null, not a " + kind);
      }
      return value;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof LedgerException refused) {
        throw new LedgerException(what + ": " + refused.getMessage(), e);
      }
      throw new LedgerException(what + " is malformed: " + describe(e, kind), e);
    } catch (IOException e) {
      throw new LedgerException(what + " could not be read: " + e.getMessage(), e);
    }
  }

  /** One sentence on what is wrong and where, rather than Jackson's account of its own features. */
  private static String describe(JsonProcessingException e, String kind) {
    String path = path(e);
    if (e instanceof UnrecognizedPropertyException) {
      return path + " is not a " + kind + " field";
    }
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Missing creator property")) {
      return path + " is missing";
    }
    if (original.startsWith("Null value for creator property")) {
      return path + " is null";
    }
    if (original.startsWith("Cannot coerce") || original.startsWith("Cannot deserialize")) {
      return path + " has the wrong type";
    }
    if (original.startsWith("Trailing token")) {
      return "there is more after the " + kind + " object (line " + e.getLocation().getLineNr() + ")";
    }
    Throwable cause = e.getCause();
    // A record refused a value (a bad digest, repository, duplicate tag): its words say which rule.
    String reason = cause instanceof RuntimeException && cause.getMessage() != null ? cause.getMessage() : original;
    if (!path.equals("$")) {
      return reason + " at " + path;
    }
    return e.getLocation() == null ? reason : reason + " (line " + e.getLocation().getLineNr() + ")";
  }

  /** "$.tags[2].digest": where a hand-edited ledger went wrong. */
  private static String path(JsonProcessingException e) {
    StringBuilder path = new StringBuilder("$");
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference step : mapping.getPath()) {
        if (step.getFieldName() != null) {
          path.append('.').append(step.getFieldName());
        } else if (step.getIndex() >= 0) {
          path.append('[').append(step.getIndex()).append(']');
        }
      }
    }
    return path.toString();
  }
}
