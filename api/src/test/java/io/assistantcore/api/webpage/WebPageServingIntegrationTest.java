package io.assistantcore.api.webpage;

import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The web page and its files are served without a token, under a strict policy; the API behind it is not. */
class WebPageServingIntegrationTest extends ApiIntegrationTest {

    @Test
    void thePageIsServedAtTheRootWithoutATokenUnderAStrictContentSecurityPolicy() {
        Response page = api().get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/js/main.js\"></script>");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void itsScriptsAndStylesAreServedWithoutATokenAndTheirReferencesStayOnThisOrigin() {
        for (String path : new String[]{"/app/js/main.js", "/app/js/panel.js", "/app/js/console/usage.js",
                "/app/app.css", "/favicon.svg"}) {
            Response file = api().get(path, null);
            assertThat(file.status()).as(path).isEqualTo(200);
            // the SVG namespace is a name, not an address
            String body = file.body().replace("http://www.w3.org/2000/svg", "");
            assertThat(body).as(path + " loads nothing from elsewhere").doesNotContain("http://", "https://",
                    "//cdn", "@import url(");
        }
        assertThat(api().get("/app/js/main.js", null).header("Content-Type")).contains("javascript");
    }

    @Test
    void theApiBehindThePageStillNeedsAToken() {
        Response refused = api().get("/api/v1/billing/budget", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("type").asText()).endsWith("/unauthenticated");
        assertThat(api().send("POST", "/app/js/main.js", null, "{}", Map.of()).status())
                .as("only reading the page's files is open").isIn(401, 403, 405);
        assertThat(api().get("/app/js/absent.js", null).status()).isEqualTo(404);
    }
}
