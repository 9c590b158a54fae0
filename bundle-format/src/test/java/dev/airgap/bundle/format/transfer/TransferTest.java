package dev.airgap.bundle.format.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferTest {
  private static final byte[] BYTES = "layer bytes".getBytes(StandardCharsets.UTF_8);
  private static final Descriptor BLOB =
      Descriptor.of("application/octet-stream", Digest.sha256(BYTES), BYTES.length);

  /** Serves given bytes for a descriptor, verifying them the way every real source does. */
  private record MapSource(Map<Digest, byte[]> blobs) implements BlobSource {
    @Override
    public InputStream open(Descriptor blob, long offset) throws IOException {
      InputStream in =
          new VerifyingInputStream(
              new ByteArrayInputStream(blobs.get(blob.digest())), blob.digest(), blob.size(), "test");
      in.skipNBytes(offset);
      return in;
    }
  }

  private static final class MapSink implements BlobSink {
    final Map<Digest, byte[]> held = new HashMap<>();
    final Set<Digest> reusable;

    MapSink(Set<Digest> reusable) {
      this.reusable = reusable;
    }

    @Override
    public boolean has(Descriptor blob) {
      return held.containsKey(blob.digest());
    }

    @Override
    public boolean tryReuse(Descriptor blob) {
      if (!reusable.contains(blob.digest())) {
        return false;
      }
      held.put(blob.digest(), new byte[0]);
      return true;
    }

    @Override
    public void put(Descriptor blob, BlobSource source) throws IOException {
      try (InputStream in = source.open(blob)) {
        byte[] bytes = in.readAllBytes();
        held.put(blob.digest(), bytes);
      }
    }
  }

  @Test
  void copiesThenFindsTheBlobPresent() throws IOException {
    MapSink sink = new MapSink(Set.of());
    List<TransferOutcome> seen = new ArrayList<>();
    MapSource source = new MapSource(Map.of(BLOB.digest(), BYTES));

    assertEquals(TransferOutcome.COPIED, Transfer.copy(BLOB, source, sink, (b, o) -> seen.add(o)));
    assertArrayEquals(BYTES, sink.held.get(BLOB.digest()));
    assertEquals(TransferOutcome.PRESENT, Transfer.copy(BLOB, source, sink, (b, o) -> seen.add(o)));
    assertEquals(List.of(TransferOutcome.COPIED, TransferOutcome.PRESENT), seen);
  }

  @Test
  void aReusableBlobIsNeverRead() throws IOException {
    MapSink sink = new MapSink(Set.of(BLOB.digest()));
    BlobSource refusing =
        (blob, offset) -> {
          throw new AssertionError("a reusable blob must not be streamed");
        };
    assertEquals(TransferOutcome.REUSED, Transfer.copy(BLOB, refusing, sink, TransferListener.NONE));
  }

  @Test
  void aTamperedSourceNeverLandsInTheSink() {
    byte[] tampered = "layer bytez".getBytes(StandardCharsets.UTF_8);
    MapSink sink = new MapSink(Set.of());
    MapSource source = new MapSource(Map.of(BLOB.digest(), tampered));
    assertThrows(
        IntegrityException.class, () -> Transfer.copy(BLOB, source, sink, TransferListener.NONE));
    assertFalse(sink.has(BLOB));
  }
}
