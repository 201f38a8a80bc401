package io.lookout.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client would refuse to send (a lower-case
 * method, a bare CR, broken chunking, huge headers). The request is written by a second thread
 * so that a server that answers before reading it all cannot block the test; the answer is read
 * with a timeout.
 */
final class RawHttp {

    /** What came back: a status, or {@link #CLOSED} (closed without an answer) or {@link #TIMEOUT}. */
    record Answer(int status, Map<String, String> headers, byte[] body, long millis) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as the API's error object, or {@code null} when it is not one. */
        JsonObject error() {
            try {
                JsonObject json = Json.createReader(new StringReader(text())).readObject();
                return json.containsKey("error") ? json : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            String shown = status == CLOSED ? "closed" : status == TIMEOUT ? "no answer" : Integer.toString(status);
            String body = text();
            return shown + " after " + millis + " ms " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    static final int CLOSED = -1;
    static final int TIMEOUT = -2;

    private RawHttp() {}

    static Answer exchange(byte[] request, int timeoutMillis) {
        return exchange(request, timeoutMillis, null);
    }

    /**
     * As {@link #exchange(byte[], int)}, from a local address of the loopback network
     * ({@code 127.0.0.2} ...): the server sees another client address.
     */
    static Answer exchange(byte[] request, int timeoutMillis, String localAddress) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", 8080 + LookoutClient.PORT_OFFSET), 5000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the server may answer and close before it has read everything
                }
            });
            Answer answer = read(socket.getInputStream(), start);
            writing.cancel(true);
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot talk to the test server: " + e, e);
        }
    }

    private static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] bytes = head.toByteArray();
                int n = bytes.length;
                if (n >= 4
                        && bytes[n - 4] == '\r'
                        && bytes[n - 3] == '\n'
                        && bytes[n - 2] == '\r'
                        && bytes[n - 1] == '\n') {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(TIMEOUT, Map.of(), head.toByteArray(), millis(start));
        } catch (SocketException e) {
            // a reset after the server closed: as good as closed when nothing came
            if (head.size() == 0) {
                return new Answer(CLOSED, Map.of(), new byte[0], millis(start));
            }
            throw e;
        }
        if (head.size() == 0) {
            return new Answer(CLOSED, Map.of(), new byte[0], millis(start));
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        try {
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(in);
            } else {
                body = in.readAllBytes();
            }
        } catch (SocketTimeoutException e) {
            return new Answer(TIMEOUT, headers, new byte[0], millis(start));
        }
        return new Answer(Integer.parseInt(statusLine[1]), headers, body, millis(start));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int semicolon = size.indexOf(";");
            int length = Integer.parseInt((semicolon < 0 ? size.toString() : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
