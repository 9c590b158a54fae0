package dev.airgap.bundle.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two small files that make the extracted bundle a valid OCI image layout: {@code oci-layout}
 * and {@code index.json} with one entry per exported image reference.
 */
final class OciLayoutFiles {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String CATALOG_NAME = "dev.airgap.bundle.image.name";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OciLayoutFiles() {}

  static byte[] ociLayout() {
    return "{\"imageLayoutVersion\":\"1.0.0\"}\n".getBytes(StandardCharsets.UTF_8);
  }

  static byte[] indexJson(List<ResolvedImage> images) {
    List<Map<String, Object>> manifests = new ArrayList<>();
    for (ResolvedImage image : images) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("mediaType", image.top().mediaType());
      entry.put("digest", image.top().digest().toString());
      entry.put("size", image.top().size());
      if (!image.top().isIndex() && image.platforms().size() == 1) {
        Platform p = image.platforms().get(0);
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("architecture", p.architecture());
        platform.put("os", p.os());
        if (p.variant() != null) {
          platform.put("variant", p.variant());
        }
        entry.put("platform", platform);
      }
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(REF_NAME, image.request().source());
      annotations.put(CATALOG_NAME, image.request().name());
      entry.put("annotations", annotations);
      manifests.add(entry);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.put("manifests", manifests);
    try {
      return JSON.writeValueAsBytes(index);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("index.json could not be written", e);
    }
  }
}
