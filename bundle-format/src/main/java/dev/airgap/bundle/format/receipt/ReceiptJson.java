package dev.airgap.bundle.format.receipt;

import dev.airgap.bundle.format.Documents;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Reads and writes {@code receipt.json}, strictly (duplicate keys, unknown fields, size cap). */
public final class ReceiptJson {
  public static final int MAX_BYTES = Documents.MAX_BYTES;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ReceiptJson() {}

  public static byte[] write(Receipt receipt) {
    try {
      return MAPPER.writeValueAsBytes(receipt);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("receipt could not be written", e);
    }
  }

  public static Receipt parse(byte[] raw, String where) {
    if (raw.length > MAX_BYTES) {
      throw new IllegalArgumentException(Documents.tooLarge("receipt " + where, MAX_BYTES));
    }
    try {
      return MAPPER.readValue(raw, Receipt.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(where + " is not a valid receipt: "
          + (cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage()), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " could not be read: " + e.getMessage(), e);
    }
  }
}
