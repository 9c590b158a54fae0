package dev.airgap.bundle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A final answer: status, headers and an open body stream the caller must close. */
record Response(int status, HttpHeaders headers, InputStream body, URI uri) implements AutoCloseable {

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  Optional<Long> contentLength() {
    return headers.firstValueAsLong("Content-Length").stream().boxed().findFirst();
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
