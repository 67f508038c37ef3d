package io.assistantcore.ai.provider.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable HTTP/1.1 server on {@code 127.0.0.1} for testing provider clients, written on raw sockets so that it
 * can do what real providers and networks do: stream chunks with pauses, reset or half-close a connection in the
 * middle of a body, never answer, and notice at once when the client closes its connection.
 * <p>
 * Responses are served in the order they were {@link #enqueue enqueued}; when the queue is empty the
 * {@link #otherwise fallback responder} answers (by default a 500 saying nothing was scripted). Every request is
 * recorded with its headers and body. Keep-alive works as with real servers; each connection has a reader thread
 * that records the moment the client closes it ({@link #awaitConnectionClosed}).
 * <p>
 * Provider wire formats live in {@link ProviderWire} implementations ({@link OpenAiWire}, {@link AnthropicWire},
 * {@link GeminiWire}, {@link OllamaWire}).
 */
public final class FakeProviderServer implements AutoCloseable {

    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<FakeResponse> scripted = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, FakeResponse> fallback = request -> FakeResponse.json(500,
            "{\"error\":{\"message\":\"FakeProviderServer: no response scripted for " + request.target() + "\"}}");
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> finished = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicInteger requestSequence = new AtomicInteger();
    private volatile boolean closed;

    private FakeProviderServer() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "fake-provider-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static FakeProviderServer start() {
        try {
            return new FakeProviderServer();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake provider server", e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** Adds responses to serve, in order, to the next requests. */
    public FakeProviderServer enqueue(FakeResponse... responses) {
        scripted.addAll(List.of(responses));
        return this;
    }

    /** Answers requests for which no response is enqueued. */
    public FakeProviderServer otherwise(Function<RecordedRequest, FakeResponse> responder) {
        this.fallback = Objects.requireNonNull(responder);
        return this;
    }

    /** All requests received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The next request not yet taken, waiting up to {@code timeout}; null if none arrived. */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return unread.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The request received last, or null. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests;
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * Waits until the client closed the connection that carried {@code request}.
     *
     * @return {@link System#nanoTime()} at which the server noticed the close, or -1 if it did not happen in time
     *         (closes by the server itself, e.g. {@link FakeResponse.Builder#cut()}, do not count)
     */
    public long awaitConnectionClosed(RecordedRequest request, Duration timeout) throws InterruptedException {
        Connection connection = connections.get(request.connectionId());
        if (connection == null) {
            throw new IllegalArgumentException("Unknown connection " + request.connectionId());
        }
        if (!connection.closedSignal.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return -1;
        }
        return connection.closedByClient ? connection.closedAtNanos : -1;
    }

    /** True once the whole response to {@code request} was written (the client may not have read it yet). */
    public boolean responseWritten(RecordedRequest request) {
        return finished.contains(request.sequence());
    }

    /** True while the connection that carried {@code request} is open. */
    public boolean isConnectionOpen(RecordedRequest request) {
        Connection connection = connections.get(request.connectionId());
        return connection != null && connection.closedSignal.getCount() > 0;
    }

    /** Connections currently open. */
    public int openConnections() {
        return (int) connections.values().stream().filter(c -> c.closedSignal.getCount() > 0).count();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // shutting down
        }
        connections.values().forEach(Connection::shutdown);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                Connection connection = new Connection(connectionIds.incrementAndGet(), socket);
                connections.put(connection.id, connection);
                connection.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("FakeProviderServer accept failed: " + e);
                }
                return;
            }
        }
    }

    private FakeResponse nextResponse(RecordedRequest request) {
        FakeResponse response = scripted.poll();
        return response != null ? response : fallback.apply(request);
    }

    /** One client connection: a reader thread feeding a byte queue, and a handler thread serving requests. */
    private final class Connection {

        private static final byte[] EOF = new byte[0];

        final int id;
        final Socket socket;
        final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
        final CountDownLatch closedSignal = new CountDownLatch(1);
        volatile long closedAtNanos = -1;
        volatile boolean closedByClient;
        volatile boolean closingByServer;
        private byte[] current = null;
        private int position;

        Connection(int id, Socket socket) {
            this.id = id;
            this.socket = socket;
        }

        void start() {
            Thread reader = new Thread(this::readLoop, "fake-provider-read-" + id);
            reader.setDaemon(true);
            reader.start();
            Thread handler = new Thread(this::serveLoop, "fake-provider-serve-" + id);
            handler.setDaemon(true);
            handler.start();
        }

        private void readLoop() {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    byte[] copy = new byte[n];
                    System.arraycopy(buffer, 0, copy, 0, n);
                    incoming.add(copy);
                }
                markClosed(true);
            } catch (IOException e) {
                markClosed(!closingByServer);
            } finally {
                incoming.add(EOF);
            }
        }

        private void markClosed(boolean byClient) {
            if (closedSignal.getCount() > 0) {
                closedAtNanos = System.nanoTime();
                closedByClient = byClient && !closingByServer;
                closedSignal.countDown();
            }
        }

        private void serveLoop() {
            try {
                while (!closed) {
                    RecordedRequest request = readRequest();
                    if (request == null) {
                        break;
                    }
                    requests.add(request);
                    unread.add(request);
                    boolean reusable = serve(nextResponse(request));
                    if (wholeResponseWritten) {
                        finished.add(request.sequence());
                    }
                    if (!reusable) {
                        break;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // client went away or server shut down
            } finally {
                if (closedSignal.getCount() > 0) {
                    closingByServer = true;
                }
                shutdownQuietly();
            }
        }

        /** Set by {@link #serve}: the last response went out whole (every step, the body's end). */
        private boolean wholeResponseWritten;

        /** Returns true when the connection may carry another request. */
        private boolean serve(FakeResponse response) throws IOException, InterruptedException {
            wholeResponseWritten = false;
            if (response.resetsBeforeHeaders()) {
                closingByServer = true;
                socket.setSoLinger(true, 0);
                socket.close();
                return false;
            }
            if (response.headerDelay() != null && waitOrClosed(response.headerDelay())) {
                return false;
            }
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n");
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            byte[] fixed = null;
            switch (response.framing()) {
                case FIXED -> {
                    fixed = response.fixedBody().getBytes(StandardCharsets.UTF_8);
                    headers.put("Content-Length", Integer.toString(fixed.length));
                }
                case CHUNKED -> headers.put("Transfer-Encoding", "chunked");
                case EOF -> headers.put("Connection", "close");
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                write(head, header.getKey() + ": " + header.getValue() + "\r\n");
            }
            write(head, "\r\n");
            if (fixed != null) {
                head.write(fixed);
            }
            out.write(head.toByteArray());
            out.flush();
            if (fixed != null) {
                wholeResponseWritten = true;
                return !"close".equalsIgnoreCase(headers.get("Connection"));
            }

            for (FakeResponse.Step step : response.steps()) {
                if (step instanceof FakeResponse.Send send) {
                    byte[] data = send.data().getBytes(StandardCharsets.UTF_8);
                    if (response.framing() == FakeResponse.Framing.CHUNKED) {
                        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                        write(chunk, Integer.toHexString(data.length) + "\r\n");
                        chunk.write(data);
                        chunk.write(CRLF);
                        out.write(chunk.toByteArray());
                    } else {
                        out.write(data);
                    }
                    out.flush();
                } else if (step instanceof FakeResponse.Pause pause) {
                    if (waitOrClosed(pause.duration())) {
                        return false;
                    }
                } else if (step instanceof FakeResponse.Cut) {
                    closingByServer = true;
                    socket.setSoLinger(true, 0);
                    socket.close();
                    return false;
                } else if (step instanceof FakeResponse.CloseConnection) {
                    closingByServer = true;
                    socket.shutdownOutput();
                    socket.close();
                    return false;
                } else if (step instanceof FakeResponse.Hang) {
                    closedSignal.await();
                    return false;
                }
            }
            if (response.framing() == FakeResponse.Framing.CHUNKED) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                wholeResponseWritten = true;
                return !"close".equalsIgnoreCase(headers.get("Connection"));
            }
            wholeResponseWritten = true;
            closingByServer = true;
            socket.shutdownOutput();
            socket.close();
            return false;
        }

        /** Waits; returns true (early) when the client closed the connection. */
        private boolean waitOrClosed(Duration duration) throws InterruptedException {
            return closedSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }

        private RecordedRequest readRequest() throws IOException, InterruptedException {
            String requestLine = readLine();
            while (requestLine != null && requestLine.isEmpty()) {
                requestLine = readLine();
            }
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length < 3) {
                throw new IOException("Bad request line: " + requestLine);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
                }
            }
            if (line == null) {
                return null;
            }
            byte[] body;
            List<String> length = headers.get("content-length");
            List<String> encoding = headers.get("transfer-encoding");
            if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunkedBody();
            } else if (length != null) {
                body = readBytes(Integer.parseInt(length.get(0)));
            } else {
                body = new byte[0];
            }
            if (body == null) {
                return null;
            }
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            headers.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            return new RecordedRequest(requestSequence.incrementAndGet(), id, parts[0], parts[1],
                    Collections.unmodifiableMap(frozen), new String(body, StandardCharsets.UTF_8), System.nanoTime());
        }

        private byte[] readChunkedBody() throws IOException, InterruptedException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                if (size == null) {
                    return null;
                }
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (length == 0) {
                    String trailer;
                    do {
                        trailer = readLine();
                    } while (trailer != null && !trailer.isEmpty());
                    return body.toByteArray();
                }
                byte[] chunk = readBytes(length);
                if (chunk == null) {
                    return null;
                }
                body.write(chunk);
                readLine();
            }
        }

        private String readLine() throws InterruptedException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = readByte();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
        }

        private byte[] readBytes(int count) throws InterruptedException {
            byte[] result = new byte[count];
            for (int i = 0; i < count; i++) {
                int b = readByte();
                if (b < 0) {
                    return null;
                }
                result[i] = (byte) b;
            }
            return result;
        }

        private int readByte() throws InterruptedException {
            while (current == null || position >= current.length) {
                if (current == EOF) {
                    return -1;
                }
                current = incoming.take();
                position = 0;
                if (current == EOF) {
                    incoming.add(EOF);
                    return -1;
                }
            }
            return current[position++] & 0xff;
        }

        void shutdown() {
            closingByServer = true;
            shutdownQuietly();
        }

        private void shutdownQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }

}
