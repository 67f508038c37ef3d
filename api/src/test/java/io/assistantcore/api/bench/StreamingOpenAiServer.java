package io.assistantcore.api.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OpenAI-compatible chat completions endpoint for load benchmarks: every request is answered with the same
 * pre-rendered stream (OpenAI's wire format: role chunk, one chunk per word, finish chunk, usage chunk, [DONE]),
 * written frame by frame and flushed after each, with no delay. Unlike the tests' scriptable server it records
 * nothing, so its own cost stays flat however many requests a run makes.
 */
final class StreamingOpenAiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final List<byte[]> frames = new ArrayList<>();
    private final LongAdder served = new LongAdder();

    StreamingOpenAiServer(String model, List<String> words, Usage usage) throws IOException {
        OpenAiWire wire = new OpenAiWire();
        List<String> all = new ArrayList<>(wire.opening(model, usage));
        words.forEach(word -> all.add(wire.token(model, word)));
        all.addAll(wire.closing(model, usage));
        all.forEach(frame -> frames.add(frame.getBytes(StandardCharsets.UTF_8)));
        // frames are flushed one by one, as a provider streams them: without TCP_NODELAY, Nagle's algorithm and
        // delayed ACKs hold each small write for ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/v1/chat/completions", this::stream);
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    long served() {
        return served.sum();
    }

    private void stream(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (byte[] frame : frames) {
                out.write(frame);
                out.flush();
            }
            out.close();
            served.increment();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
