package dev.airgap.bundle.format.index;

import dev.airgap.bundle.format.Documents;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airgap.bundle.format.IntegrityException;
import java.io.IOException;

/**
 * Reads and writes {@code bundle.json}. Writing happens once; the bytes written are the bytes
 * signed and carried. Reading is strict: duplicate keys, unknown fields, missing fields and
 * trailing content are all errors, and the input is capped.
 */
public final class BundleIndexJson {
  /**
   * An index lists every image, blob and member (about 1.8 KB an image): 64 MiB holds an operator
   * catalog of some 35 000 images, where the 4 MiB of other documents stopped at about 2 300.
   */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private BundleIndexJson() {}

  public static byte[] write(BundleIndex index) {
    try {
      return MAPPER.writeValueAsBytes(index);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bundle index could not be written", e);
    }
  }

  /** Parses untrusted bytes: call only after their signature was checked (or explicitly waived). */
  public static BundleIndex parse(byte[] raw) {
    if (raw.length > MAX_BYTES) {
      throw new IntegrityException(Documents.tooLarge("bundle.json", MAX_BYTES));
    }
    try {
      return MAPPER.readValue(raw, BundleIndex.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IntegrityException integrity) {
        throw integrity;
      }
      String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
          ? cause.getMessage()
          : e.getOriginalMessage();
      throw new IntegrityException("bundle.json is malformed: " + why
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new IntegrityException("bundle.json could not be read: " + e.getMessage(), e);
    }
  }
}
