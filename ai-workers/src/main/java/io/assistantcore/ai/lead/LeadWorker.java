package io.assistantcore.ai.lead;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.lead.LeadCommands.ClassifyLead;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadFields;
import io.assistantcore.messages.lead.LeadCommands.ScoreLead;
import io.assistantcore.messages.lead.LeadEvents.LeadReviewed;
import io.assistantcore.messages.lead.LeadEvents.LeadSubmitted;
import io.assistantcore.messages.lead.LeadFields;
import io.assistantcore.messages.lead.LeadScore;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The process manager of leads (docs/leads.md): it reacts to the lead's events and sends the next step's command.
 * A submitted lead is classified (a provider's model when one is configured, else the embedding classifier over the
 * shipped examples and the tenant's reviewed leads), its fields extracted (the provider's answer validated field by
 * field, the rules for the rest) and scored; the aggregate flags it for review when the classifier was unsure. Each
 * step is retried with backoff ({@link StepRetry}); after the last try the event goes to the processor's
 * dead-letter queue (PostgreSQL). Re-running the handler (a retried dead letter) resumes: a step the lead already
 * has is refused as out of order and skipped.
 * <p>
 * A reviewed lead whose intent the reviewer corrected becomes a labelled example of the tenant's classifier. A reply
 * draft is a suggestion of its own assist session {@code lead-reply.<8 characters of the suggestion id>.<leadId>} (streamed, billed and audited like any
 * suggestion); when it completes or fails, {@link LeadDraftWatcher} tells the lead.
 * <p>
 * Never replayed ({@link DisallowReplay}): a replay would analyse every lead again (a model call when a provider is
 * configured) before its steps are refused as done.
 */
@ProcessingGroup(LeadWorker.PROCESSING_GROUP)
@DisallowReplay
public class LeadWorker {

    public static final String PROCESSING_GROUP = "lead-worker";
    /** Prefix of the assist sessions that hold lead reply drafts. */
    public static final String DRAFT_SESSION_PREFIX = "lead-reply.";

    private static final Logger log = LoggerFactory.getLogger(LeadWorker.class);

    private final LeadAnalyzer analyzer;
    private final LeadExamples examples;
    private final CommandGateway commands;
    private final StepRetry retry;

    public LeadWorker(LeadAnalyzer analyzer, LeadExamples examples, CommandGateway commands, StepRetry retry) {
        this.analyzer = analyzer;
        this.examples = examples;
        this.commands = commands;
        this.retry = retry;
    }

    @EventHandler
    public void on(LeadSubmitted event) {
        LeadAnalyzer.Analysis analysis = retry.run("analyse", () -> analyzer.analyse(event.tenantId(),
                event.message()));
        IntentDecision intent = analysis.intent();
        step("classify", new ClassifyLead(event.leadId(), intent.intent(), intent.confidence(), intent.decidedBy(),
                intent.reason()));
        LeadFields fields = analysis.fields().overriddenBy(event.stated());
        step("extract", new RecordLeadFields(event.leadId(), analysis.fields(), analysis.extractedBy()));
        LeadScore score = LeadScorer.score(intent.intent(), fields, event.scoring());
        step("score", new ScoreLead(event.leadId(), score));
    }

    @EventHandler
    public void on(LeadReviewed event, @Timestamp Instant at) {
        if (!event.intentCorrected() || event.message() == null || event.message().isBlank()) {
            return;
        }
        float[] vector = retry.run("embed example", () -> analyzer.embed(event.message()));
        examples.add(event.tenantId(), event.leadId(), event.intent(), vector, at);
    }

    @EventHandler
    public void on(MemberDataForgotten event) {
        if (event.userId() != null && event.userId().startsWith("lead:")) {
            examples.forgetLead(event.tenantId(), event.userId().substring("lead:".length()));
        }
    }

    /** The lead of a draft's session {@code lead-reply.<8 characters of the suggestion id>.<leadId>}; null for other sessions. */
    static String leadOf(String sessionId) {
        if (sessionId == null || !sessionId.startsWith(DRAFT_SESSION_PREFIX)) {
            return null;
        }
        String rest = sessionId.substring(DRAFT_SESSION_PREFIX.length());
        int dot = rest.indexOf('.');
        return dot < 0 || dot == rest.length() - 1 ? null : rest.substring(dot + 1);
    }

    void step(String name, Object command) {
        try {
            retry.run(name, () -> commands.sendAndWait(command));
        } catch (CommandRejectedException refused) {
            if (refused.kind() == CommandRejectedException.Kind.CONFLICT) {
                // the lead has this step already (a re-run) or has moved on: nothing to do
                log.info("Lead step {} skipped: {}", name, refused.code());
                return;
            }
            throw refused;
        }
    }
}
