package io.assistantcore.command.lead;

import io.assistantcore.messages.lead.LeadSettingsMessages;
import io.assistantcore.messages.lead.LeadSettingsMessages.ConfigureLeadSettings;
import io.assistantcore.messages.lead.LeadSettingsMessages.InboundSecret;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsConfigured;
import io.assistantcore.messages.lead.ScoringWeights;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant's lead settings (threshold, scoring weights, inbound webhook secrets); each change is an event. */
@Aggregate
public class LeadSettings {

    static final int MAX_SOURCES = 20;
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7E]{16,256}");

    @AggregateIdentifier
    private String settingsId;

    protected LeadSettings() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ConfigureLeadSettings command) {
        if (command.tenantId() == null || command.tenantId().isBlank()
                || !LeadSettingsMessages.settingsId(command.tenantId()).equals(command.settingsId())) {
            throw invalid("tenantId", "settings belong to their tenant");
        }
        LeadRules.checkConfidence("reviewBelowConfidence", command.reviewBelowConfidence());
        ScoringWeights scoring = command.scoring() == null ? ScoringWeights.DEFAULT : command.scoring();
        LeadRules.checkScoring(scoring);
        if (command.inboundSecrets().size() > MAX_SOURCES) {
            throw invalid("inboundSecrets", "at most " + MAX_SOURCES + " sources");
        }
        Set<String> sources = new HashSet<>();
        for (InboundSecret secret : command.inboundSecrets()) {
            if (secret == null) {
                throw invalid("inboundSecrets", "an inbound secret must not be null");
            }
            LeadRules.checkSource(secret.source());
            if (!sources.add(secret.source())) {
                throw invalid("inboundSecrets", "source '" + secret.source() + "' appears twice");
            }
            if (secret.scheme() == null) {
                throw invalid("inboundSecrets", "each source names its scheme: STANDARD_WEBHOOKS or HUBSPOT_V3");
            }
            if (secret.secret() == null || !SECRET.matcher(secret.secret()).matches()) {
                throw invalid("inboundSecrets", "a secret is 16-256 printable characters without spaces");
            }
        }
        apply(new LeadSettingsConfigured(command.settingsId(), command.tenantId(), LeadSettingsMessages.KEY_OWNER,
                command.userId(), command.reviewBelowConfidence(), scoring, command.inboundSecrets()));
    }

    @EventSourcingHandler
    void on(LeadSettingsConfigured event) {
        settingsId = event.settingsId();
    }
}
