package dev.airgap.bundle.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream that answers each request with the next scripted byte string, so framing edge cases
 * the registry never produces (chunked responses, bodies until close) can be relayed and compared.
 */
final class CannedUpstream implements AutoCloseable {

  private record Answer(byte[] bytes, boolean closeAfter) {}

  private final ServerSocket server;
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<byte[]> requestBodies = new CopyOnWriteArrayList<>();

  CannedUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::acceptLoop, "canned-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Queues the raw bytes of the next answer; {@code closeAfter} ends the connection after it. */
  CannedUpstream answer(String raw, boolean closeAfter) {
    answers.add(new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), closeAfter));
    return this;
  }

  /** Each request body as received, framing included. */
  List<byte[]> requestBodies() {
    return List.copyOf(requestBodies);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread connection = new Thread(() -> serve(socket), "canned-upstream-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (HttpHead request = HttpHead.read(in); request != null; request = HttpHead.read(in)) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpBody.ofRequest(request).copy(in, body);
        requestBodies.add(body.toByteArray());
        Answer answer = answers.remove();
        out.write(answer.bytes());
        out.flush();
        if (answer.closeAfter()) {
          return;
        }
      }
    } catch (IOException gone) {
      // the proxy closed or reset the connection, which some tests do on purpose
    }
  }
}
