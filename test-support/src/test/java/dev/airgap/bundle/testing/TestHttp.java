package dev.airgap.bundle.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain java.net.http calls against a test registry, so the tests depend on no client of ours. */
final class TestHttp {

  private TestHttp() {}

  static HttpClient client(RegistryExtension registry) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    return (registry.isTls() ? builder.sslContext(registry.sslContext()) : builder).build();
  }

  static HttpClient plainClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  static HttpResponse<String> get(HttpClient client, URI uri, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A monolithic blob upload: POST to open a session, PUT the bytes with the digest. Returns the
   * POST answer if it was refused, else the PUT answer.
   */
  static HttpResponse<String> pushBlob(HttpClient client, URI base, String repository, byte[] blob,
      String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder post = HttpRequest.newBuilder(
            base.resolve("/v2/" + repository + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      post.header("Authorization", authorization);
    }
    HttpResponse<String> session = client.send(post.build(), HttpResponse.BodyHandlers.ofString());
    if (session.statusCode() != 202) {
      return session;
    }
    URI location = uploadLocation(session, blob);
    HttpRequest.Builder put = HttpRequest.newBuilder(location)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob));
    if (authorization != null) {
      put.header("Authorization", authorization);
    }
    return client.send(put.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session's Location with {@code digest=} appended for the final PUT. */
  static URI uploadLocation(HttpResponse<?> session, byte[] blob) {
    URI location = session.uri().resolve(session.headers().firstValue("Location").orElseThrow());
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(location + separator + "digest=" + sha256(blob));
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] randomBlob(int size, long seed) {
    byte[] blob = new byte[size];
    new Random(seed).nextBytes(blob);
    return blob;
  }

  static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A string field of a flat JSON object, enough for token answers. */
  static String jsonString(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\":\"([^\"]*)\"").matcher(json);
    if (!matcher.find()) {
      throw new AssertionError("no string field " + field + " in " + json);
    }
    return matcher.group(1);
  }
}
