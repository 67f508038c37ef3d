package io.assistantcore.api.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.lead.LeadCommands.SubmitLead;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundScheme;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.platform.idempotency.IdempotencyKeys;
import io.assistantcore.platform.outbound.HubSpotSignatures;
import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.platform.outbound.StandardWebhooks.Verification;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Inbound CRM webhooks ({@code POST /api/v1/webhooks/inbound/{tenantId}/{source}}), authenticated by their signature
 * alone: the tenant's lead settings name, per source, the scheme (Standard Webhooks or HubSpot v3) and the secret.
 * The signature is verified over the raw body in constant time, with a five-minute timestamp window; an unknown
 * tenant or source, a missing or wrong signature and an old timestamp all answer 401 the same way (the refusal is
 * recorded in the audit trail and counted). An event id seen before (webhook-id, or the body's event id for
 * HubSpot, else the body's hash) is acknowledged and ignored. A new one is answered 202 at once: the lead is
 * submitted without waiting, and the lead worker classifies it in the background.
 */
@RestController
@Tag(name = "Leads", description = "Inbound leads: classified, extracted, scored, reviewed and answered")
public class InboundWebhookController {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_BODY = 256 * 1024;
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SOURCE = Pattern.compile(LeadRequests.SOURCE);
    private static final Logger log = LoggerFactory.getLogger(InboundWebhookController.class);

    private final LeadReads leads;
    private final CommandGateway commands;
    private final IdempotencyKeys seen;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    InboundWebhookController(LeadReads leads, CommandGateway commands, IdempotencyKeys seen, ObjectMapper json,
                             MeterRegistry meters) {
        this.leads = leads;
        this.commands = commands;
        this.seen = seen;
        this.json = json;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    public record Accepted(String leadId, boolean duplicate) {
    }

    @PostMapping(path = "/api/v1/webhooks/inbound/{tenantId}/{source}")
    @Operation(summary = "A CRM's signed event (Standard Webhooks or HubSpot v3); 202 at once, processed in the "
            + "background")
    public ResponseEntity<Accepted> receive(@PathVariable String tenantId, @PathVariable String source,
                                            @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                    "A webhook body may have at most " + MAX_BODY + " bytes");
        }
        if (!TENANT.matcher(tenantId).matches() || !SOURCE.matcher(source).matches()) {
            throw refused("unknown tenant or source");
        }
        LeadSettingsView settings = leads.settings(tenantId);
        InboundSecret secret = settings.inboundSecrets().stream().filter(s -> s.source().equals(source))
                .findFirst().orElse(null);
        if (secret == null) {
            throw refused("no secret for this source");
        }
        String eventId;
        Verification verification;
        try {
            if (secret.scheme() == InboundScheme.HUBSPOT_V3) {
                verification = HubSpotSignatures.verify(secret.secret(), request.getMethod(), requestUri(request),
                        request.getHeader(HubSpotSignatures.TIMESTAMP_HEADER),
                        request.getHeader(HubSpotSignatures.SIGNATURE_HEADER), raw, clock.instant(), WINDOW);
                eventId = null;
            } else {
                eventId = request.getHeader(StandardWebhooks.ID_HEADER);
                verification = StandardWebhooks.verify(secret.secret(), eventId,
                        request.getHeader(StandardWebhooks.TIMESTAMP_HEADER),
                        request.getHeader(StandardWebhooks.SIGNATURE_HEADER), raw, clock.instant(), WINDOW);
            }
        } catch (IllegalArgumentException unusableSecret) {
            verification = Verification.BAD_SIGNATURE;
            eventId = null;
        }
        if (verification != Verification.VALID) {
            throw refused(verification.name().toLowerCase().replace('_', ' '));
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(raw);
        } catch (Exception e) {
            throw ApiException.badRequest("The webhook body is not JSON");
        }
        InboundLeadMapping.Mapped mapped = InboundLeadMapping.map(parsed == null ? json.nullNode() : parsed);
        if (eventId == null) {
            eventId = mapped.eventId() != null ? mapped.eventId() : "sha256:" + sha256(raw);
        }
        if (eventId.isEmpty() || eventId.length() > 200
                || eventId.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw ApiException.badRequest("The event id must be 1-200 characters without white space");
        }
        if (mapped.message() == null && mapped.stated().known() == 0) {
            throw ApiException.badRequest("The webhook body holds no lead fields (message, email, name, phone, company)");
        }
        String leadId = UUID.randomUUID().toString();
        var earlier = seen.claim("inbound-webhook:" + tenantId + "/" + source, eventId, sha256(raw), leadId);
        if (earlier.isPresent()) {
            counter("duplicate", source);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(earlier.get().result(), true));
        }
        String message = receivable(mapped.message());
        if (message == null) {
            message = "(no message; lead fields only from " + source + ")";
        }
        LeadFields stated = validOnly(mapped.stated());
        String claimedId = eventId;
        commands.send(new SubmitLead(leadId, tenantId, source, claimedId, "webhook:" + source, stated,
                message,
                settings.reviewBelowConfidence(), settings.scoring())).whenComplete((result, failure) -> {
                    if (failure == null) {
                        seen.complete("inbound-webhook:" + tenantId + "/" + source, claimedId);
                    } else {
                        seen.release("inbound-webhook:" + tenantId + "/" + source, claimedId);
                        log.warn("An inbound {} lead of tenant {} was refused: {}", source, tenantId,
                                failure.getClass().getSimpleName());
                    }
                });
        counter("accepted", source);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(leadId, false));
    }

    /**
     * The CRM's message as the write model accepts it, so that a lead answered 202 is not refused afterwards: control
     * characters other than line breaks and tabs become spaces, an unpaired surrogate is dropped, and the text is cut
     * at {@link LeadRequests#MAX_MESSAGE} characters (never inside a character); null when nothing is left.
     */
    static String receivable(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(message.length(), LeadRequests.MAX_MESSAGE));
        for (int i = 0; i < message.length(); ) {
            int c = message.codePointAt(i);
            int width = Character.charCount(c);
            i += width;
            if (Character.getType(c) == Character.SURROGATE) {
                continue;
            }
            if (kept.length() + width > LeadRequests.MAX_MESSAGE) {
                break;
            }
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t';
            kept.appendCodePoint(control ? ' ' : c);
        }
        return kept.toString().isBlank() ? null : kept.toString();
    }

    /** Keeps the fields the write model would accept; a malformed one is dropped rather than losing the lead. */
    private static LeadFields validOnly(LeadFields f) {
        String email = f.email() != null && f.email().matches("[^@\\s\\p{Cc}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}")
                ? f.email() : null;
        String phone = f.phone() != null && f.phone().matches("\\+?[0-9 ()./-]{5,40}") ? f.phone() : null;
        String name = f.name() != null && !f.name().matches(".*\\p{Cc}.*") ? f.name() : null;
        String company = f.company() != null && !f.company().matches(".*\\p{Cc}.*") ? f.company() : null;
        return new LeadFields(name, email, phone, company, null);
    }

    /**
     * One answer for every refusal, whatever the reason (an unknown tenant or source, no secret, missing headers, a
     * stale timestamp, a wrong signature): the caller learns nothing about which tenants and sources are configured.
     * The reason is counted ({@code assistant.webhooks.inbound{outcome=refused,detail=…}}) for operators.
     */
    private ApiException refused(String why) {
        counter("refused", why);
        return new ApiException(HttpStatus.UNAUTHORIZED, "bad-signature", "Signature not accepted",
                "The webhook's signature could not be verified for this tenant and source (a configured secret, "
                        + "the signature headers, a timestamp within 5 minutes and a matching signature are needed)");
    }

    private void counter(String outcome, String tag) {
        meters.counter("assistant.webhooks.inbound", Map.of("outcome", outcome, "detail", tag).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))
                .increment();
    }

    /** The URL the request was sent to, as HubSpot signs it. */
    static String requestUri(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURL().toString() + (query == null ? "" : "?" + query);
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
