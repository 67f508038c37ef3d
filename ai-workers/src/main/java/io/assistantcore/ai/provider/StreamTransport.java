package io.assistantcore.ai.provider;

import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.concurrent.Future;

/**
 * The HTTP side of one streaming attempt, shared between {@link ProviderHttpClient} (which fills it in) and
 * {@link LangChainTextGenerator} (which reads it and may abort it).
 * <p>
 * langchain4j hands out a {@code StreamingHandle} only with the first partial response, so a generation cancelled
 * while the provider is still queueing or thinking could not close its connection through langchain4j alone. The
 * generator therefore binds a transport to the calling thread while it calls {@code StreamingChatModel.chat(..)};
 * every langchain4j provider module builds its HTTP request and calls {@code HttpClient.execute(..)} synchronously
 * inside that call, so the client picks the transport up there and registers the pending exchange and, later, the
 * response body with it. {@link #abort()} then cancels the exchange (before the response headers) or closes the
 * body stream (after them), which closes the HTTP/1.1 connection.
 */
final class StreamTransport {

    /** Callbacks from the HTTP client about the stream; called on the client's stream thread. */
    interface Observer {

        /** The response body ended (EOF) and the provider's listener has seen {@code onClose}. */
        void streamEnded();
    }

    private static final ThreadLocal<StreamTransport> CURRENT = new ThreadLocal<>();

    private final Observer observer;
    private Future<?> exchange;
    private InputStream body;
    private boolean aborted;
    private volatile int httpStatus;
    private volatile HttpHeaders errorHeaders;
    private volatile boolean doneMarkerSeen;
    private volatile boolean used;

    StreamTransport(Observer observer) {
        this.observer = observer;
    }

    /** Binds this transport to the current thread until the returned scope is closed. */
    Scope bind() {
        StreamTransport previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The transport bound to the calling thread, or null. */
    static StreamTransport current() {
        return CURRENT.get();
    }

    /** Registers the pending exchange; cancels it at once when the attempt was already aborted. */
    void attachExchange(Future<?> pending) {
        boolean cancelNow;
        synchronized (this) {
            used = true;
            exchange = pending;
            cancelNow = aborted;
        }
        if (cancelNow) {
            pending.cancel(true);
        }
    }

    /** Registers the response body; returns false (and closes it) when the attempt was already aborted. */
    boolean attachBody(InputStream responseBody) {
        boolean closeNow;
        synchronized (this) {
            body = responseBody;
            closeNow = aborted;
        }
        if (closeNow) {
            closeQuietly(responseBody);
            return false;
        }
        return true;
    }

    /** Cancels the pending exchange or closes the response body. Idempotent, safe from any thread. */
    void abort() {
        Future<?> pending;
        InputStream stream;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            pending = exchange;
            stream = body;
        }
        if (stream != null) {
            closeQuietly(stream);
        } else if (pending != null) {
            pending.cancel(true);
        }
    }

    synchronized boolean isAborted() {
        return aborted;
    }

    /** True once an HTTP client registered an exchange, i.e. the model went through {@link ProviderHttpClient}. */
    boolean used() {
        return used;
    }

    void recordHttpError(int status, HttpHeaders headers) {
        this.errorHeaders = headers;
        this.httpStatus = status;
    }

    /** Status of a non-2xx response, or 0. */
    int httpStatus() {
        return httpStatus;
    }

    /** Headers of a non-2xx response, or null. */
    HttpHeaders errorHeaders() {
        return errorHeaders;
    }

    void markDoneMarker() {
        doneMarkerSeen = true;
    }

    /** True when the stream carried OpenAI's {@code data: [DONE]} terminator. */
    boolean doneMarkerSeen() {
        return doneMarkerSeen;
    }

    void streamEnded() {
        if (observer != null) {
            observer.streamEnded();
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // closing is best effort; the stream thread sees the failure
        }
    }

    /** Undoes {@link #bind()}. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
