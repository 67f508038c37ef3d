package io.assistantcore.ai.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The langchain4j {@link HttpClient} used for every provider model: the JDK HTTP client with HTTP/1.1 (so that
 * closing a stream closes its connection and the provider stops generating), plus what the stock
 * {@code JdkHttpClient} does not offer:
 * <ul>
 *     <li>the pending exchange and the response body are registered with the {@link StreamTransport} bound to the
 *     calling thread, so a generation can be aborted before its first token;</li>
 *     <li>the status and headers of an error response are kept (for {@code Retry-After});</li>
 *     <li>a stream chunk the provider module cannot parse fails the stream (the stock parsers log and skip such a
 *     chunk, which would silently lose text);</li>
 *     <li>the end of the body is reported to the transport, so a stream that ends without the provider's
 *     completion event (Anthropic {@code message_stop}, Ollama {@code done: true}) is noticed instead of leaving
 *     the generation hanging.</li>
 * </ul>
 */
final class ProviderHttpClient implements HttpClient {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttpClient.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Runs the blocking stream readers; one thread per open stream, idle threads die after a minute. */
    private static final ExecutorService STREAM_THREADS = Executors.newCachedThreadPool(new DaemonThreads());

    private final java.net.http.HttpClient jdk;
    private final Duration responseTimeout;

    ProviderHttpClient(Duration connectTimeout, Duration responseTimeout) {
        this.jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        this.responseTimeout = responseTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = jdk.send(toJdkRequest(request),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new HttpException(response.statusCode(), response.body());
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        StreamTransport bound = StreamTransport.current();
        StreamTransport transport = bound != null ? bound : new StreamTransport(null);
        CompletableFuture<HttpResponse<InputStream>> exchange =
                jdk.sendAsync(toJdkRequest(request), HttpResponse.BodyHandlers.ofInputStream());
        transport.attachExchange(exchange);
        exchange.whenCompleteAsync((response, failure) -> {
            try {
                handle(transport, response, failure, parser, listener);
            } catch (RuntimeException | Error e) {
                log.warn("Unexpected failure while reading a provider stream", e);
                safely(() -> listener.onError(e));
            }
        }, STREAM_THREADS);
    }

    private static void handle(StreamTransport transport, HttpResponse<InputStream> response, Throwable failure,
                               ServerSentEventParser parser, ServerSentEventListener listener) {
        if (failure != null) {
            if (transport.isAborted()) {
                return; // aborted on purpose; the generator has already reported the outcome
            }
            Throwable cause = unwrap(failure);
            Throwable reported = cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause;
            safely(() -> listener.onError(reported));
            return;
        }
        InputStream body = response.body();
        if (!transport.attachBody(body)) {
            return;
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String text = readErrorBody(body);
            transport.recordHttpError(status, response.headers());
            safely(() -> listener.onError(new HttpException(status, text)));
            return;
        }
        SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                .statusCode(status)
                .headers(response.headers().map())
                .build();
        safely(() -> listener.onOpen(opened));

        GuardingListener guard = new GuardingListener(listener, transport);
        try (InputStream in = body) {
            parser.parse(in, guard);
        } catch (IOException | RuntimeException e) {
            guard.onError(e);
        }
        if (!guard.failed && !transport.isAborted()) {
            safely(listener::onClose);
            transport.streamEnded();
        }
    }

    private static String readErrorBody(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("Multipart requests are not used by the chat models");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(responseTimeout);
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        return builder.build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("A provider stream listener failed", e);
        }
    }

    /**
     * Sits between the parser and the provider module's listener: records the OpenAI {@code [DONE]} marker and
     * turns a chunk the module cannot handle (it throws from {@code onEvent}, which the stock parsers would log and
     * skip) into a stream failure.
     */
    private static final class GuardingListener implements ServerSentEventListener {

        private final ServerSentEventListener delegate;
        private final StreamTransport transport;
        volatile boolean failed;

        GuardingListener(ServerSentEventListener delegate, StreamTransport transport) {
            this.delegate = delegate;
            this.transport = transport;
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            onEvent(event, null);
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            if (failed || transport.isAborted()) {
                return;
            }
            if (event.data() != null && "[DONE]".equals(event.data().strip())) {
                transport.markDoneMarker();
            }
            try {
                if (context == null) {
                    delegate.onEvent(event);
                } else {
                    delegate.onEvent(event, context);
                }
            } catch (RuntimeException e) {
                failed = true;
                if (context != null) {
                    context.parsingHandle().cancel();
                }
                safely(() -> delegate.onError(new MalformedStreamException(event, e)));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (failed) {
                return;
            }
            failed = true;
            if (!transport.isAborted()) {
                safely(() -> delegate.onError(throwable));
            }
        }

        @Override
        public void onClose() {
            // the client reports the end of the body itself, after the parser returned
        }
    }

    /** A chunk of a provider stream that could not be understood. */
    static final class MalformedStreamException extends RuntimeException {

        MalformedStreamException(ServerSentEvent event, Throwable cause) {
            super("Malformed stream chunk" + (event.event() == null ? "" : " (event " + event.event() + ")") + ": "
                    + abbreviate(event.data()), cause);
        }

        private static String abbreviate(String data) {
            if (data == null) {
                return "";
            }
            return data.length() > 200 ? data.substring(0, 200) + "..." : data;
        }
    }

    /**
     * Creates {@link ProviderHttpClient}s with the timeouts of the provider settings. The langchain4j model builders
     * push their own defaults (15 s / 60 s) into the builder they get; the settings win, so those calls are ignored.
     */
    static final class Builder implements HttpClientBuilder {

        private final Duration connectTimeout;
        private final Duration responseTimeout;

        Builder(Duration connectTimeout, Duration responseTimeout) {
            this.connectTimeout = connectTimeout;
            this.responseTimeout = responseTimeout;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            return this;
        }

        @Override
        public Duration readTimeout() {
            return responseTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(connectTimeout, responseTimeout);
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {

        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "provider-stream-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
