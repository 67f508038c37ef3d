package io.assistantcore.api.dev;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.security.CallerAuthenticationConverter;
import io.assistantcore.api.security.DevTokensCondition;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Mints development tokens. Exists only on the embedded defaults (or when switched on explicitly) with locally
 * signed tokens, and answers only callers on this machine.
 */
@RestController
@RequestMapping("/api/v1/dev/tokens")
@Conditional(DevTokensCondition.class)
@Tag(name = "Development", description = "Only on the embedded defaults, only from loopback")
public class DevTokenController {

    private final JwtEncoder encoder;
    private final AssistantProperties properties;

    DevTokenController(JwtEncoder encoder, AssistantProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    record DevTokenRequest(
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be a tenant id (lower-case letters, digits, '-')")
            String tenantId,
            @NotBlank @Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain white space") String userId,
            @NotNull Set<@NotNull Role> roles) {
    }

    record DevTokenResponse(String token, String tokenType, Instant expiresAt) {
    }

    @PostMapping
    @Operation(summary = "Mint a development token (embedded defaults only, loopback callers only)")
    public DevTokenResponse mint(@Valid @RequestBody DevTokenRequest request, HttpServletRequest http) {
        // the Host header too: a page on evil.example whose name resolves to 127.0.0.1 (DNS rebinding) calls from
        // this machine, but says which host it thinks it talks to
        if (!isLoopback(http.getRemoteAddr()) || !isLoopbackHost(http.getServerName())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "dev-tokens-loopback-only", "Forbidden",
                    "Development tokens are only issued to callers on the same machine that address it as "
                            + "localhost or a loopback address");
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.security().devTokenTtl());
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer("assistant-core-dev")
                .subject(request.userId())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(CallerAuthenticationConverter.ROLES_CLAIM, request.roles().stream().map(Role::name).sorted().toList());
        if (request.tenantId() != null) {
            claims.claim(CallerAuthenticationConverter.TENANT_CLAIM, request.tenantId());
        }
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                claims.build())).getTokenValue();
        return new DevTokenResponse(token, "Bearer", expiresAt);
    }

    /** Names that cannot be rebound: {@code localhost} and loopback address literals (never looked up in DNS). */
    static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
        return literal && isLoopback(name);
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
