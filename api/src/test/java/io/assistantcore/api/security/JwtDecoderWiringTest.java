package io.assistantcore.api.security;

import io.assistantcore.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import static org.assertj.core.api.Assertions.assertThat;

/** The node's decoder is the remembering one, and requests with a remembered token are still authenticated. */
class JwtDecoderWiringTest extends ApiIntegrationTest {

    @Autowired
    JwtDecoder decoder;

    @Test
    void theDecoderRemembersAcceptedTokensAndRequestsStillAuthenticate() {
        assertThat(decoder).isInstanceOf(CachingJwtDecoder.class);
        String root = api().devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(decoder.decode(root)).isSameAs(decoder.decode(root));
        assertThat(api().get("/api/v1/admin/prices", root).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/admin/prices", root).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/admin/prices", root + "x").status()).isEqualTo(401);
    }
}
