package dev.fanout.jobs.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw-socket server on loopback that answers every request with the same bytes, whatever HTTP
 * says: malformed chunking, conflicting lengths, a body shorter than announced. With {@code
 * endless}, it sends header lines until the client gives up.
 */
final class HostileServer extends RawServer {
  private final byte[] response;
  private final boolean endless;

  HostileServer(String response, boolean endless) throws IOException {
    this.response = response.getBytes(StandardCharsets.ISO_8859_1);
    this.endless = endless;
    start();
  }

  @Override
  void serve(Socket s) {
    try (s) {
      ForwardProxy.readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(response);
      out.flush();
      if (endless) {
        byte[] line =
            "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (long i = 0; i < 10_000_000; i++) { // ~500 MB at most: the client must stop first
          out.write(line);
        }
      }
      s.shutdownOutput();
      Thread.sleep(200); // let the client read it all before the close
    } catch (IOException | InterruptedException e) {
      // the client hung up: expected for the endless case
    }
  }
}
