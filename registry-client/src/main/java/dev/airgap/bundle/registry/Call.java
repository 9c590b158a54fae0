package dev.airgap.bundle.registry;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * One registry request as the client means it, before authentication, retries and redirects.
 *
 * @param operation what we are doing, for messages ("pull manifest")
 * @param target what it is about, for messages ("host/repo:tag")
 * @param scopes token scopes the request needs ("repository:name:pull")
 * @param body bytes to send from {@code bodyOffset} for {@code bodyLength} bytes, or null
 * @param idempotent whether a fault (reset, 5xx) may be answered by sending it again; uploads
 *     into a session are not, because the session may already hold part of the body
 */
record Call(
    String operation,
    String target,
    String method,
    URI uri,
    List<String> headers,
    Set<String> scopes,
    BodySource body,
    long bodyOffset,
    long bodyLength,
    boolean idempotent) {

  Call {
    headers = List.copyOf(headers);
    scopes = Set.copyOf(scopes);
  }

  static Call of(String operation, String target, String method, URI uri, Set<String> scopes) {
    return new Call(operation, target, method, uri, List.of(), scopes, null, 0, 0, true);
  }

  Call header(String name, String value) {
    List<String> more = new java.util.ArrayList<>(headers);
    more.add(name);
    more.add(value);
    return new Call(operation, target, method, uri, more, scopes, body, bodyOffset, bodyLength, idempotent);
  }

  Call body(BodySource source, long offset, long length) {
    return new Call(operation, target, method, uri, headers, scopes, source, offset, length, idempotent);
  }

  Call notIdempotent() {
    return new Call(operation, target, method, uri, headers, scopes, body, bodyOffset, bodyLength, false);
  }

  Call at(URI newUri) {
    return new Call(operation, target, method, newUri, headers, scopes, body, bodyOffset, bodyLength, idempotent);
  }
}
