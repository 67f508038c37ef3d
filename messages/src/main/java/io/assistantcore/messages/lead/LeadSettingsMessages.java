package io.assistantcore.messages.lead;

import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A tenant's lead settings, kept as events of their own aggregate ({@code <tenantId>/lead-settings}): the confidence
 * below which a lead goes to review, the scoring weights and the secrets with which CRMs sign inbound webhooks. The
 * secrets are encrypted in stored events under the tenant's key for webhook secrets ({@link #KEY_OWNER}), never a
 * person's.
 */
public final class LeadSettingsMessages {

    /** The data subject whose key protects a tenant's webhook secrets. */
    public static final String KEY_OWNER = "webhook-secrets";
    public static final double DEFAULT_REVIEW_BELOW = 0.7;

    private LeadSettingsMessages() {
    }

    public static String settingsId(String tenantId) {
        return tenantId + "/lead-settings";
    }

    /** The secret a source ({@code hubspot}, {@code crm}) signs its webhooks with; {@code scheme}: how it signs. */
    public record InboundSecret(String source, InboundScheme scheme, @PersonalData(credential = true) String secret) {
    }

    public enum InboundScheme {
        /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1, HMAC-SHA256). */
        STANDARD_WEBHOOKS,
        /** HubSpot's v3: X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp. */
        HUBSPOT_V3
    }

    /** Replaces the settings; a null scoring means the defaults. */
    public record ConfigureLeadSettings(@TargetAggregateIdentifier String settingsId, String tenantId, String userId,
                                        double reviewBelowConfidence, ScoringWeights scoring,
                                        List<InboundSecret> inboundSecrets) {
        public ConfigureLeadSettings {
            inboundSecrets = inboundSecrets == null ? List.of() : List.copyOf(inboundSecrets);
        }
    }

    @Revision("1")
    public record LeadSettingsConfigured(@DataSubjectOf String settingsId, String tenantId,
                                         @DataSubject String keyOwner, String userId, double reviewBelowConfidence,
                                         ScoringWeights scoring, @PersonalData List<InboundSecret> inboundSecrets) {
        public LeadSettingsConfigured {
            inboundSecrets = inboundSecrets == null ? List.of() : List.copyOf(inboundSecrets);
        }
    }

    /** The settings now (the defaults when never set). {@code inboundSecrets}: only for the webhook receiver. */
    public record LeadSettingsQuery(String tenantId) {
    }

    public record LeadSettingsView(String tenantId, double reviewBelowConfidence, ScoringWeights scoring,
                                   List<InboundSecret> inboundSecrets) {
        public LeadSettingsView {
            inboundSecrets = inboundSecrets == null ? List.of() : List.copyOf(inboundSecrets);
        }

        public static LeadSettingsView defaults(String tenantId) {
            return new LeadSettingsView(tenantId, DEFAULT_REVIEW_BELOW, ScoringWeights.DEFAULT, List.of());
        }
    }
}
