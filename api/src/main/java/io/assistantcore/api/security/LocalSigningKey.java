package io.assistantcore.api.security;

import io.assistantcore.api.config.AssistantProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 key for tokens the platform signs itself: from {@code assistant.security.jwt-secret}
 * ({@code ASSISTANT_SECURITY_JWT_SECRET}), else from the key file, else a new random key written to the key file
 * (owner-only) so that tokens stay valid across restarts.
 */
public final class LocalSigningKey {

    private static final Logger log = LoggerFactory.getLogger(LocalSigningKey.class);
    private static final int MINIMUM_BYTES = 32;

    private LocalSigningKey() {
    }

    public static SecretKey load(AssistantProperties.Security settings) {
        if (!settings.jwtSecret().isBlank()) {
            return key(settings.jwtSecret().getBytes(StandardCharsets.UTF_8), "assistant.security.jwt-secret");
        }
        Path file = Path.of(settings.jwtSecretFile());
        try {
            if (Files.exists(file)) {
                return key(Base64.getDecoder().decode(Files.readString(file).strip()), file.toString());
            }
            byte[] secret = new byte[MINIMUM_BYTES];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(file.toAbsolutePath().getParent());
            writeOwnerOnly(file, Base64.getEncoder().encodeToString(secret));
            log.info("Generated a new token signing key in {}", file.toAbsolutePath());
            return key(secret, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token signing key file " + file, e);
        }
    }

    /** Creates the file readable by its owner only from the start (no moment under the default umask). */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static SecretKey key(byte[] secret, String source) {
        if (secret.length < MINIMUM_BYTES) {
            throw new IllegalStateException("The token signing key from " + source + " has " + secret.length
                    + " bytes; HS256 needs at least " + MINIMUM_BYTES);
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }
}
