package io.assistantcore.platform.images;

import io.assistantcore.messages.image.ImageQueries.ImageAccess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLinksTest {

    private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    private static ImageLinks at(Instant now) {
        return new ImageLinks(SECRET, Duration.ofMinutes(15), "https://assistant.example.com/",
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private record Link(String imageId, long expires, String signature) {
        static Link of(String url) {
            String path = url.substring(url.indexOf(ImageLinks.PATH) + ImageLinks.PATH.length());
            String imageId = path.substring(0, path.indexOf('?'));
            long expires = Long.parseLong(path.replaceAll(".*expires=(\\d+).*", "$1"));
            return new Link(imageId, expires, path.replaceAll(".*signature=", ""));
        }
    }

    @Test
    void aMintedLinkOpensItsImageUntilItExpires() {
        String url = at(NOW).mint("acme", "img-1");
        assertThat(url).startsWith("https://assistant.example.com/api/v1/images/img-1?expires="
                + NOW.plus(Duration.ofMinutes(15)).getEpochSecond() + "&signature=");
        Link link = Link.of(url);
        assertThat(at(NOW.plusSeconds(60)).check("acme", "img-1", link.expires(), link.signature()))
                .isEqualTo(ImageAccess.SERVED);
        assertThat(at(NOW.plus(Duration.ofMinutes(16))).check("acme", "img-1", link.expires(), link.signature()))
                .isEqualTo(ImageAccess.EXPIRED);
    }

    @Test
    void theSignatureBindsTenantImageAndExpiry() {
        Link link = Link.of(at(NOW).mint("acme", "img-1"));
        ImageLinks links = at(NOW);
        assertThat(links.check("rival", "img-1", link.expires(), link.signature())).isEqualTo(ImageAccess.BAD_SIGNATURE);
        assertThat(links.check("acme", "img-2", link.expires(), link.signature())).isEqualTo(ImageAccess.BAD_SIGNATURE);
        assertThat(links.check("acme", "img-1", link.expires() + 3600, link.signature()))
                .isEqualTo(ImageAccess.BAD_SIGNATURE);
        String flipped = (link.signature().charAt(0) == 'A' ? "B" : "A") + link.signature().substring(1);
        assertThat(links.check("acme", "img-1", link.expires(), flipped)).isEqualTo(ImageAccess.BAD_SIGNATURE);
        assertThat(links.check("acme", "img-1", link.expires(), null)).isEqualTo(ImageAccess.BAD_SIGNATURE);
        ImageLinks otherKey = new ImageLinks("another-secret-of-at-least-thirty-two-b".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15), "", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherKey.check("acme", "img-1", link.expires(), link.signature()))
                .isEqualTo(ImageAccess.BAD_SIGNATURE);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new ImageLinks(new byte[16], Duration.ofMinutes(1), "", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imageFormatsAreKnownByTheirFirstBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
        assertThat(ImageStore.contentType(png)).hasValue("image/png");
        assertThat(ImageStore.contentType("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
