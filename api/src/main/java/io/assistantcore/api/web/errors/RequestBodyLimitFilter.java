package io.assistantcore.api.web.errors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body larger than {@code assistant.http.max-request-body} with 413 Problem Details before
 * anything reads it: by its Content-Length, or, for a body sent without one, by reading at most one byte more than
 * the limit and handing the application what was read. A wildcard Content-Type ({@code *}{@code /*}), which Spring
 * MVC cannot even represent, is 415.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long defaultMaxBytes;
    private final StatusProblems problems;
    private final String uploadPath;
    private final long uploadMaxBytes;

    public RequestBodyLimitFilter(long maxBytes, StatusProblems problems) {
        this(maxBytes, problems, null, maxBytes);
    }

    /** With a larger limit for the file upload endpoint ({@code uploadPath}, exact). */
    public RequestBodyLimitFilter(long maxBytes, StatusProblems problems, String uploadPath, long uploadMaxBytes) {
        this.defaultMaxBytes = maxBytes;
        this.problems = problems;
        this.uploadPath = uploadPath;
        this.uploadMaxBytes = uploadMaxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (hasBody && !concrete(request.getContentType())) {
            problems.write(request, response, problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", "The Content-Type header is not a concrete media type; send "
                            + "'Content-Type: application/json'"));
            return;
        }
        long maxBytes = uploadPath != null && uploadPath.equals(request.getRequestURI()) ? uploadMaxBytes
                : defaultMaxBytes;
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            tooLarge(request, response, maxBytes);
            return;
        }
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        if (!chunked) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            tooLarge(request, response, maxBytes);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** No Content-Type, or one a body can have: not {@code *}{@code /*}, {@code application/*}, nor unreadable. */
    private static boolean concrete(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return true; // Spring MVC answers 415 for it
        }
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, long maxBytes)
            throws IOException {
        response.setHeader("Connection", "close");
        problems.write(request, response, problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
                "Request too large", "The request body is larger than " + maxBytes + " bytes, the most this "
                        + "server accepts"));
    }

    /** The request with its body already read. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return in.read(buffer, offset, length);
                }
            };
        }
    }
}
