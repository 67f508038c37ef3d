package io.assistantcore.ai.tool.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.assistantcore.platform.outbound.StandardWebhooks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A host application on a loopback port, as a tenant's tools reach it: it records every call (method, path and
 * query, body, {@code Idempotency-Key}, whether its Standard Webhooks signature verifies with the tenant's secret)
 * and answers 201 with a small JSON body — or, when told, holds the answer until released (a slow host).
 */
public final class HostApplicationServer implements AutoCloseable {

    /** One call as the host application received it. */
    public record Call(String method, String pathAndQuery, String body, String idempotencyKey, boolean signed) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Supplier<String> secret = () -> null;
    private volatile CountDownLatch hold;

    public HostApplicationServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "host-application");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the tenant's secret comes from, to verify signatures with. */
    public HostApplicationServer verifyingWith(Supplier<String> tenantSecret) {
        this.secret = tenantSecret;
        return this;
    }

    /** From now on, answers wait until {@link #release()} (or 60 seconds). */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long callsWithKey(String idempotencyKey) {
        return calls.stream().filter(call -> idempotencyKey.equals(call.idempotencyKey())).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String tenantSecret = secret.get();
        boolean signed = tenantSecret != null && StandardWebhooks.verify(tenantSecret,
                exchange.getRequestHeaders().getFirst(StandardWebhooks.ID_HEADER),
                exchange.getRequestHeaders().getFirst(StandardWebhooks.TIMESTAMP_HEADER),
                exchange.getRequestHeaders().getFirst(StandardWebhooks.SIGNATURE_HEADER), body, Instant.now(),
                Duration.ofMinutes(5)) == StandardWebhooks.Verification.VALID;
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                new String(body, StandardCharsets.UTF_8), key, signed));
        CountDownLatch latch = hold;
        if (latch != null) {
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] answer = ("{\"trackId\":\"track-" + calls.size() + "\",\"status\":\"created\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException clientGone) {
            // the caller timed out and closed the connection
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
