package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.tls();

  @Test
  void answersOverHttpsWhenTheGeneratedCertificateIsTrusted() throws Exception {
    assertTrue(REGISTRY.isTls());
    assertEquals(URI.create("https://" + REGISTRY.host() + "/"), REGISTRY.baseUri());

    assertEquals(200, get(TestHttp.client(REGISTRY), REGISTRY.baseUri().resolve("/v2/"), null)
        .statusCode());
  }

  @Test
  void certificateNamesLocalhostToo() throws Exception {
    URI byName = URI.create("https://localhost:" + REGISTRY.baseUri().getPort() + "/v2/");

    assertEquals(200, get(TestHttp.client(REGISTRY), byName, null).statusCode());
  }

  @Test
  void failsTheHandshakeWithoutTheCertificate() {
    HttpClient defaultTrust = TestHttp.plainClient();

    assertThrows(SSLHandshakeException.class,
        () -> get(defaultTrust, REGISTRY.baseUri().resolve("/v2/"), null));
  }

  @Test
  void certificateIsAPemAloneInACertDirectory() throws Exception {
    Path certificate = REGISTRY.caCertificate();

    assertTrue(Files.readString(certificate).startsWith("-----BEGIN CERTIFICATE-----"));
    try (Stream<Path> files = Files.list(certificate.getParent())) {
      assertEquals(List.of(certificate), files.toList());
    }
  }
}
