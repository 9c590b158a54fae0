package dev.airgap.bundle.format.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 text encoding: {@code -----BEGIN TYPE-----}, base64 lines, {@code -----END TYPE-----}. */
record Pem(String type, byte[] der) {
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  private static final int LINE = 64;

  /** Thrown for text that is not well-formed PEM; the caller adds the file name. */
  static final class MalformedPemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedPemException(String message) {
      super(message);
    }
  }

  /** Every block in {@code text}, in order; text between blocks (openssl's comments) is ignored. */
  static List<Pem> parseAll(String text) {
    List<Pem> blocks = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher begin = BEGIN.matcher(lines[i].strip());
      if (!begin.matches()) {
        continue;
      }
      String type = begin.group(1);
      String end = "-----END " + type + "-----";
      StringBuilder body = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length && !lines[j].strip().equals(end); j++) {
        String line = lines[j].strip();
        if (line.contains(":")) {
          // Proc-Type/DEK-Info headers mark legacy encrypted PEM, which we do not decrypt.
          throw new MalformedPemException(
              "the " + type + " block has PEM headers (" + line + "); encrypted keys are not supported");
        }
        body.append(line);
      }
      if (j == lines.length) {
        throw new MalformedPemException("the " + type + " block has no '" + end + "' line");
      }
      try {
        blocks.add(new Pem(type, Base64.getDecoder().decode(body.toString())));
      } catch (IllegalArgumentException e) {
        throw new MalformedPemException("the " + type + " block is not valid base64");
      }
      i = j;
    }
    return blocks;
  }

  String encode() {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
    for (int i = 0; i < b64.length(); i += LINE) {
      out.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
    }
    return out.append("-----END ").append(type).append("-----\n").toString();
  }
}
