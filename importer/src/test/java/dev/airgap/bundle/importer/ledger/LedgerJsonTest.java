package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.T0;
import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static dev.airgap.bundle.importer.ledger.Bundles.index;
import static dev.airgap.bundle.importer.ledger.Bundles.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's JSON: exact fields, digests as strings, and strict reading of untrusted bytes. */
class LedgerJsonTest {
  private static final String WHAT = "the ledger r:ledger";

  static Ledger sample() {
    return Ledger.empty()
        .recordImport(index("b1", "stable", 1), digest("b1"), List.of(tag("org/etcd", "v3", "m1", "b1")), List.of(),
            T0)
        .recordImport(index("e1", "edge", 4), digest("e1"), List.of(tag("org/agent", "1.0", "a1", "e1")), List.of(),
            T0.plusNanos(123_456_789));
  }

  @Test
  void writeThenReadGivesTheSameLedger() {
    Ledger ledger = sample();
    assertEquals(ledger, LedgerJson.read(LedgerJson.write(ledger), WHAT));
    assertEquals(Ledger.empty(), LedgerJson.read(LedgerJson.write(Ledger.empty()), WHAT));
  }

  @Test
  void theDocumentHasExactlyTheDocumentedFields() throws Exception {
    JsonNode root = new ObjectMapper().readTree(LedgerJson.write(sample()));
    assertEquals(List.of("version", "bundles", "channels", "tags"), names(root));
    assertEquals(1, root.get("version").asInt());
    JsonNode bundle = root.get("bundles").get(1);
    assertEquals(List.of("bundleId", "channel", "sequence", "indexDigest", "importedAt"), names(bundle));
    assertEquals(digest("e1").toString(), bundle.get("indexDigest").asText());
    assertEquals("2026-03-01T12:00:00.123456789Z", bundle.get("importedAt").asText());
    assertEquals(List.of("edge", "stable"), names(root.get("channels")));
    assertEquals(List.of("sequence", "indexDigest", "bundleId"), names(root.get("channels").get("edge")));
    JsonNode tag = root.get("tags").get(0);
    assertEquals(List.of("repository", "tag", "digest", "bundleId"), names(tag));
    assertEquals(digest("a1").toString(), tag.get("digest").asText());
  }

  @Test
  void duplicateKeysAreErrors() {
    assertMalformed("{\"version\": 1, \"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": []}",
        "Duplicate field 'version'");
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {\"a\": " + channel(1) + ", \"a\": "
        + channel(2) + "}, \"tags\": []}", "Duplicate field 'a'");
  }

  @Test
  void unknownFieldsAreErrors() {
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": [], \"extra\": 1}",
        "is malformed: $.extra is not a ledger field");
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {\"a\": {\"sequence\": 1, \"indexDigest\": \""
        + digest("x") + "\", \"bundleId\": \"x\", \"note\": \"hi\"}}, \"tags\": []}",
        "is malformed: $.channels.a.note is not a ledger field");
  }

  @Test
  void missingAndNullFieldsAreErrors() {
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}}", "is malformed: $.tags is missing");
    assertMalformed("{\"version\": 1, \"bundles\": null, \"channels\": {}, \"tags\": []}", "is malformed: $.bundles is null");
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {\"a\": {\"sequence\": 1, \"indexDigest\": \""
        + digest("x") + "\"}}, \"tags\": []}", "is malformed: $.channels.a.bundleId is missing");
  }

  @Test
  void valuesAreNotCoerced() {
    assertMalformed("{\"version\": \"1\", \"bundles\": [], \"channels\": {}, \"tags\": []}",
        "is malformed: $.version has the wrong type");
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {\"a\": {\"sequence\": 1.5, \"indexDigest\": \""
        + digest("x") + "\", \"bundleId\": \"x\"}}, \"tags\": []}",
        "is malformed: $.channels.a.sequence has the wrong type");
  }

  @Test
  void trailingContentIsAnError() {
    assertMalformed(json(Ledger.empty()) + " {}", "is malformed: there is more after the ledger object (line 6)");
  }

  @Test
  void badDigestsAreRejectedWithTheirPath() {
    String upper = digest("m").toString().toUpperCase(java.util.Locale.ROOT);
    LedgerException e = assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": ["
        + "{\"repository\": \"org/a\", \"tag\": \"1\", \"digest\": \"" + upper + "\", \"bundleId\": \"b\"}]}",
        "at $.tags[0].digest");
    assertTrue(e.getMessage().contains(upper), e.getMessage());
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": ["
        + "{\"repository\": \"org/a\", \"tag\": \"1\", \"digest\": \"sha256:../x\", \"bundleId\": \"b\"}]}",
        "at $.tags[0].digest");
  }

  @Test
  void valuesAreValidatedByTheirRecords() {
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": ["
        + "{\"repository\": \"Org/A\", \"tag\": \"1\", \"digest\": \"" + digest("m") + "\", \"bundleId\": \"b\"}]}",
        "'Org/A' is not a valid repository name");
    String twice = "{\"repository\": \"org/a\", \"tag\": \"1\", \"digest\": \"" + digest("m")
        + "\", \"bundleId\": \"b\"}";
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {}, \"tags\": [" + twice + ", " + twice + "]}",
        "the ledger: org/a:1 appears twice");
    assertMalformed("{\"version\": 1, \"bundles\": [], \"channels\": {\"a\": {\"sequence\": -1, \"indexDigest\": \""
        + digest("x") + "\", \"bundleId\": \"x\"}}, \"tags\": []}", "sequence must not be negative");
  }

  @Test
  void anotherVersionIsRefusedByName() {
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerJson.read(
        "{\"version\": 2, \"bundles\": [], \"channels\": {}, \"tags\": []}".getBytes(StandardCharsets.UTF_8), WHAT));
    assertEquals(WHAT + ": ledger format version 2 is not supported (this tool reads version 1); use a matching"
        + " version of bundle", e.getMessage());
  }

  @Test
  void notALedgerAtAll() {
    assertMalformed("null", "JSON null");
    assertMalformed("[]", "is malformed: $ has the wrong type");
    assertMalformed("{\"version\": 1,", "Unexpected end-of-input");
  }

  @Test
  void oversizedInputIsNotParsed() {
    byte[] huge = new byte[LedgerJson.MAX_BYTES + 1];
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerJson.read(huge, WHAT));
    assertEquals(WHAT + " is 4194305 bytes, over the 4194304-byte limit for ledgers", e.getMessage());
    assertInstanceOf(IntegrityException.class, e);
  }

  @Test
  void aLedgerTooLargeToReadBackIsNotWritten() {
    List<LedgerBundle> history = new ArrayList<>();
    LedgerBundle one = new LedgerBundle("b".repeat(200), "stable", 1, digest("b"), T0);
    for (int i = 0; i < 50_000; i++) {
      history.add(one);
    }
    Ledger tooLarge = new Ledger(1, history, Map.of(), List.of());
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerJson.write(tooLarge));
    assertTrue(e.getMessage().contains("over the 4194304-byte limit for ledgers"), e.getMessage());
  }

  private static LedgerException assertMalformed(String json, String expected) {
    LedgerException e = assertThrows(LedgerException.class,
        () -> LedgerJson.read(json.getBytes(StandardCharsets.UTF_8), WHAT), json);
    assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    return e;
  }

  private static String channel(long sequence) {
    return "{\"sequence\": " + sequence + ", \"indexDigest\": \"" + digest("x") + "\", \"bundleId\": \"x\"}";
  }

  private static String json(Ledger ledger) {
    return new String(LedgerJson.write(ledger), StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
