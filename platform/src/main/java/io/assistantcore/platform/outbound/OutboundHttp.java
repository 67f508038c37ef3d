package io.assistantcore.platform.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one HTTP client for calls to other systems: the target is checked by {@link OutboundTargetPolicy} first,
 * redirects are never followed (a redirect could lead to an address the policy refuses), every call has a total
 * timeout, and at most {@code maxResponseBytes} of a response are read.
 *
 * <p>The host is resolved and checked right before the call; the client then resolves it again to connect. A name
 * whose answer changes between the two lookups (DNS rebinding) could slip through that gap; closing it needs a
 * client that connects to the checked address, which {@link HttpClient} does not offer. Operators who need that
 * guarantee route outbound calls through an egress proxy.
 */
public class OutboundHttp {

    private final OutboundTargetPolicy policy;
    private final HttpClient client;
    private final int maxResponseBytes;

    public OutboundHttp(OutboundTargetPolicy policy, Duration connectTimeout, int maxResponseBytes) {
        this.policy = policy;
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public OutboundTargetPolicy policy() {
        return policy;
    }

    /** A response: its status, the first bytes of its body and its content type. */
    public record Response(int status, byte[] body, Optional<String> contentType) {
    }

    /** The call did not produce a response: refused target, timeout, connection failure or an oversized body. */
    public static class OutboundCallFailedException extends RuntimeException {
        private final Kind kind;

        public enum Kind { REFUSED_TARGET, TIMEOUT, CONNECTION, RESPONSE_TOO_LARGE }

        public OutboundCallFailedException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /**
     * Sends {@code method url} with the headers and body (null for none), waiting at most {@code timeout}.
     *
     * @throws OutboundCallFailedException when no complete response within the limits arrived
     */
    public Response send(String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {
        URI uri;
        try {
            uri = policy.checkForm(url);
            policy.resolve(uri);
        } catch (OutboundTargetRefusedException e) {
            throw new OutboundCallFailedException(OutboundCallFailedException.Kind.REFUSED_TARGET, e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(maxResponseBytes + 1);
                if (bytes.length > maxResponseBytes) {
                    throw new OutboundCallFailedException(OutboundCallFailedException.Kind.RESPONSE_TOO_LARGE,
                            "the response is larger than " + maxResponseBytes + " bytes");
                }
                return new Response(response.statusCode(), bytes, response.headers().firstValue("content-type"));
            }
        } catch (HttpTimeoutException e) {
            throw new OutboundCallFailedException(OutboundCallFailedException.Kind.TIMEOUT,
                    "no response within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new OutboundCallFailedException(OutboundCallFailedException.Kind.CONNECTION,
                    "the call failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundCallFailedException(OutboundCallFailedException.Kind.CONNECTION, "interrupted");
        }
    }
}
