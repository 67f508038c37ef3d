package io.assistantcore.platform.images;

import io.assistantcore.platform.files.EncryptedFileStore;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/** The store of generated images and the signer of their links. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImageConfiguration.ImageLinkProperties.class)
public class ImageConfiguration {

    /**
     * {@code assistant.images.*}.
     *
     * @param linkTtl       how long a minted image link opens the image (a reply read again mints a new one)
     * @param linkSecret    the key links are signed with (at least 32 characters); empty: a key made on first use
     *                      and kept in the platform's database, shared by every node
     * @param publicBaseUrl prefix of minted links, e.g. {@code https://assistant.example.com}; empty: links relative
     *                      to the API's origin
     */
    @ConfigurationProperties("assistant.images")
    public record ImageLinkProperties(@DefaultValue("PT15M") Duration linkTtl, @DefaultValue("") String linkSecret,
                                      @DefaultValue("") String publicBaseUrl) {
    }

    @Bean
    public ImageStore imageStore(EncryptedFileStore files, DataSource dataSource) {
        return new ImageStore(files, new JdbcTemplate(dataSource), Clock.systemUTC());
    }

    @Bean
    public ImageLinks imageLinks(ImageLinkProperties properties, DataSource dataSource) {
        byte[] secret = properties.linkSecret().isBlank() ? storedSecret(new JdbcTemplate(dataSource))
                : properties.linkSecret().getBytes(StandardCharsets.UTF_8);
        return new ImageLinks(secret, properties.linkTtl(), properties.publicBaseUrl(), Clock.systemUTC());
    }

    /** The database's link key, made now when there is none yet (the first node to start makes it). */
    static byte[] storedSecret(JdbcTemplate jdbc) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.update("INSERT INTO image_link_secret (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                + "NOTHING", fresh, Clock.systemUTC().instant().atOffset(ZoneOffset.UTC));
        List<byte[]> stored = jdbc.query("SELECT secret FROM image_link_secret WHERE id = 1", (rs, n) -> rs.getBytes(1));
        return stored.get(0);
    }
}
