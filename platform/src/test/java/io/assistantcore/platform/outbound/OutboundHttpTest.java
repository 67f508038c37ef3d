package io.assistantcore.platform.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundHttpTest {

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4096]);
            }
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private OutboundHttp client(boolean allowPrivate) {
        return new OutboundHttp(new OutboundTargetPolicy(allowPrivate), Duration.ofSeconds(2), 1024);
    }

    @Test
    void callsAnAllowedTargetAndReadsItsResponse() {
        OutboundHttp.Response response = client(true).send("POST", base + "/ok", Map.of("X-Test", "1"),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.contentType()).contains("application/json");
    }

    @Test
    void refusesLoopbackUnlessAllowedWithoutCallingIt() {
        assertThatThrownBy(() -> client(false).send("GET", base + "/ok", Map.of(), null, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(OutboundHttp.OutboundCallFailedException.class, e -> assertThat(e.kind())
                        .isEqualTo(OutboundHttp.OutboundCallFailedException.Kind.REFUSED_TARGET));
        assertThat(calls).hasValue(0);
    }

    @Test
    void neverFollowsRedirects() {
        OutboundHttp.Response response = client(true).send("GET", base + "/redirect", Map.of(), null,
                Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(302);
        assertThat(calls).hasValue(0);
    }

    @Test
    void capsTheResponseSize() {
        assertThatThrownBy(() -> client(true).send("GET", base + "/big", Map.of(), null, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(OutboundHttp.OutboundCallFailedException.class, e -> assertThat(e.kind())
                        .isEqualTo(OutboundHttp.OutboundCallFailedException.Kind.RESPONSE_TOO_LARGE));
    }

    @Test
    void givesUpAfterTheTimeout() {
        assertThatThrownBy(() -> client(true).send("GET", base + "/slow", Map.of(), null, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(OutboundHttp.OutboundCallFailedException.class, e -> assertThat(e.kind())
                        .isEqualTo(OutboundHttp.OutboundCallFailedException.Kind.TIMEOUT));
    }
}
