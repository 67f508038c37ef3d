package io.assistantcore.api.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.assistantcore.api.web.input.FreeText;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundScheme;
import io.assistantcore.messages.lead.ScoringWeights;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the lead and webhook endpoints; the write model checks the same rules again. */
final class LeadRequests {

    static final int MAX_MESSAGE = 20_000;
    static final String SOURCE = "[a-z][a-z0-9_-]{0,31}";
    static final String HUBSPOT = "hubspot";
    static final String SOURCE_MESSAGE = "must be 1-32 lower-case letters, digits, '_' or '-' (form, api, hubspot)";

    private LeadRequests() {
    }

    record SubmitLeadRequest(@NotNull @Pattern(regexp = SOURCE, message = SOURCE_MESSAGE) String source,
                             @Size(max = 200) String name,
                             @Size(max = 254) String email,
                             @Size(max = 40) String phone,
                             @Size(max = 200) String company,
                             @NotBlank @Size(max = MAX_MESSAGE) @FreeText String message) {

        LeadFields stated() {
            return new LeadFields(blankToNull(name), blankToNull(email), blankToNull(phone), blankToNull(company),
                    null);
        }
    }

    record LeadAccepted(String leadId) {
    }

    record BudgetRequest(@NotNull @DecimalMin("0") @DecimalMax("1000000000000") BigDecimal amount,
                         @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency) {
    }

    record FieldsRequest(@Size(max = 200) String name, @Size(max = 254) String email, @Size(max = 40) String phone,
                         @Size(max = 200) String company, @Valid BudgetRequest budget) {

        LeadFields toFields() {
            return new LeadFields(blankToNull(name), blankToNull(email), blankToNull(phone), blankToNull(company),
                    budget == null ? null : new Budget(budget.amount(), budget.currency()));
        }
    }

    record ReviewRequest(@Pattern(regexp = "(?i)sales|support|partnership|other",
                                 message = "must be Sales, Support, Partnership or Other") String intent,
                         @Valid FieldsRequest fields,
                         @Size(max = 2_000) @FreeText String note) {

        LeadIntent intentValue() {
            return intent == null ? null : LeadIntent.fromWire(intent);
        }
    }

    record DraftAccepted(String leadId, String sessionId, String suggestionId, String stream) {
    }

    record ApproveRequest(@Size(max = MAX_MESSAGE) @FreeText String editedText) {
    }

    record Approved(String leadId, String text, boolean edited) {
    }

    record ScoringRequest(@NotNull @DecimalMin("0") @DecimalMax("1000") Double intent,
                          @NotNull @DecimalMin("0") @DecimalMax("1000") Double budget,
                          @NotNull @DecimalMin("0") @DecimalMax("1000") Double companyDomain,
                          @NotNull @DecimalMin("0") @DecimalMax("1000") Double completeness,
                          @DecimalMin("1") @DecimalMax("1000000000000") Double budgetFull) {

        ScoringWeights toWeights() {
            return new ScoringWeights(intent, budget, companyDomain, completeness,
                    budgetFull == null ? ScoringWeights.DEFAULT.budgetFull() : budgetFull);
        }
    }

    /**
     * One source's inbound secret: {@code "secret"} (the contract's short form) or {@code {"scheme", "secret"}}.
     * Without a scheme, the source {@code hubspot} is verified as HubSpot v3, any other as Standard Webhooks.
     */
    record InboundSecretRequest(InboundScheme scheme,
                                @NotNull @Pattern(regexp = "[\\x21-\\x7E]{16,256}",
                                        message = "must be 16-256 printable characters without spaces") String secret) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        InboundSecretRequest {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static InboundSecretRequest of(String secret) {
            return new InboundSecretRequest(null, secret);
        }

        InboundScheme schemeFor(String source) {
            if (scheme != null) {
                return scheme;
            }
            return HUBSPOT.equals(source) ? InboundScheme.HUBSPOT_V3 : InboundScheme.STANDARD_WEBHOOKS;
        }
    }

    record LeadSettingsRequest(@DecimalMin("0") @DecimalMax("1") Double reviewBelowConfidence,
                               @Size(max = 20) Map<@Pattern(regexp = SOURCE, message = SOURCE_MESSAGE) String,
                                       @NotNull @Valid InboundSecretRequest> inboundSecrets,
                               @Valid ScoringRequest scoring) {
    }

    /** The settings as the API shows them: secrets never leave the platform again, only their sources. */
    record LeadSettingsResponse(double reviewBelowConfidence, ScoringWeights scoring, List<String> inboundSources) {
    }

    record EndpointRequest(@NotBlank @Size(max = 2_000) String url,
                           @NotNull @Size(min = 1, max = 8) List<@NotBlank @Size(max = 64) String> eventTypes,
                           Boolean enabled) {
    }

    /** {@code secret}: shown once, when the endpoint is created; null afterwards. */
    record EndpointSaved(String endpointId, String url, List<String> eventTypes, boolean enabled, String secret) {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
