package io.assistantcore.api.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;

/**
 * The platform's own web page (static resources under {@code classpath:/static}): reachable without a token, served
 * with a strict Content Security Policy — its scripts, styles and images come from this origin only, it talks only
 * to this origin, and it may not be framed. The API behind it still requires a token on every call.
 */
final class WebPage {

    static final String[] PATHS = {"/", "/index.html", "/app/**", "/favicon.svg"};

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private WebPage() {
    }

    static HeaderWriter contentSecurityPolicy() {
        RequestMatcher page = new OrRequestMatcher(Arrays.stream(PATHS)
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path))
                .toList());
        return new DelegatingRequestMatcherHeaderWriter(page,
                new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY));
    }
}
