package io.assistantcore.ai.provider.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted HTTP/1.1 response of {@link FakeProviderServer}: status, headers, and a body either fixed
 * ({@code Content-Length}) or streamed as a script of steps (send a piece, pause, cut the connection, hang).
 * <p>
 * Streamed bodies use {@code Transfer-Encoding: chunked} (one HTTP chunk per {@link Builder#send} step, flushed at
 * once, like the real providers) unless {@link Builder#eofFramed()} asks for a body delimited by closing the
 * connection. A script that runs to its end terminates the body properly (last chunk, or FIN for EOF framing);
 * {@link Builder#cut()} and {@link Builder#closeConnection()} end it improperly.
 */
public final class FakeResponse {

    /** Body framing. */
    public enum Framing { FIXED, CHUNKED, EOF }

    /** One step of a streamed body. */
    public sealed interface Step permits Send, Pause, Cut, CloseConnection, Hang {
    }

    /** Writes and flushes a piece of the body (one HTTP chunk). */
    public record Send(String data) implements Step {
    }

    /** Waits; ends early when the client closes the connection. */
    public record Pause(Duration duration) implements Step {
    }

    /** Resets the connection (TCP RST) without finishing the body. */
    public record Cut() implements Step {
    }

    /** Closes the connection (TCP FIN) without finishing the body (no last chunk). */
    public record CloseConnection() implements Step {
    }

    /** Sends nothing more and keeps the connection open until the client closes it. */
    public record Hang() implements Step {
    }

    private final int status;
    private final Map<String, String> headers;
    private final Framing framing;
    private final String fixedBody;
    private final List<Step> steps;
    private final Duration headerDelay;
    private final boolean resetBeforeHeaders;

    private FakeResponse(Builder builder) {
        this.resetBeforeHeaders = builder.resetBeforeHeaders;
        this.status = builder.status;
        this.headers = Map.copyOf(builder.headers);
        this.framing = builder.framing;
        this.fixedBody = builder.fixedBody;
        this.steps = List.copyOf(builder.steps);
        this.headerDelay = builder.headerDelay;
    }

    /** A response with a fixed body, e.g. a provider's JSON error. */
    public static FakeResponse json(int status, String body) {
        return status(status).header("Content-Type", "application/json").body(body).build();
    }

    /** No response at all: the request is read, then the connection is reset (TCP RST) before any header. */
    public static FakeResponse resetBeforeHeaders() {
        Builder builder = status(200);
        builder.resetBeforeHeaders = true;
        return builder.build();
    }

    /** True when the connection is reset instead of answering. */
    public boolean resetsBeforeHeaders() {
        return resetBeforeHeaders;
    }

    /** A 200 response streamed with the given content type ({@code text/event-stream}, {@code application/x-ndjson}). */
    public static Builder stream(String contentType) {
        return status(200).header("Content-Type", contentType).header("Cache-Control", "no-cache");
    }

    public static Builder status(int status) {
        return new Builder(status);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Framing framing() {
        return framing;
    }

    public String fixedBody() {
        return fixedBody;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Wait before the status line is sent, or null for none. */
    public Duration headerDelay() {
        return headerDelay;
    }

    public static final class Builder {

        private final int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Framing framing = Framing.CHUNKED;
        private String fixedBody;
        private final List<Step> steps = new ArrayList<>();
        private Duration headerDelay;
        private boolean resetBeforeHeaders;

        private Builder(int status) {
            this.status = status;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A fixed body sent with {@code Content-Length}; replaces any streamed steps. */
        public Builder body(String body) {
            this.fixedBody = Objects.requireNonNull(body);
            this.framing = Framing.FIXED;
            return this;
        }

        /** Delimits the streamed body by closing the connection instead of chunked encoding. */
        public Builder eofFramed() {
            this.framing = Framing.EOF;
            return this;
        }

        /** Waits this long before sending the status line (the client sees no response headers meanwhile). */
        public Builder delayHeaders(Duration delay) {
            this.headerDelay = delay;
            return this;
        }

        /** Never sends the status line; the connection stays open until the client closes it. */
        public Builder hangBeforeHeaders() {
            this.headerDelay = Duration.ofDays(1);
            return this;
        }

        public Builder send(String data) {
            steps.add(new Send(data));
            return this;
        }

        public Builder sendAll(List<String> pieces) {
            pieces.forEach(this::send);
            return this;
        }

        /** Sends every piece with a pause before each one. */
        public Builder sendSlowly(List<String> pieces, Duration pauseBefore) {
            for (String piece : pieces) {
                pause(pauseBefore);
                send(piece);
            }
            return this;
        }

        public Builder pause(Duration duration) {
            steps.add(new Pause(duration));
            return this;
        }

        public Builder cut() {
            steps.add(new Cut());
            return this;
        }

        public Builder closeConnection() {
            steps.add(new CloseConnection());
            return this;
        }

        public Builder hang() {
            steps.add(new Hang());
            return this;
        }

        public FakeResponse build() {
            if (framing == Framing.FIXED && !steps.isEmpty()) {
                throw new IllegalStateException("A fixed body cannot have streamed steps");
            }
            return new FakeResponse(this);
        }
    }
}
