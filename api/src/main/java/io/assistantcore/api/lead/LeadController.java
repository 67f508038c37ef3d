package io.assistantcore.api.lead;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.admission.AiRequestAdmission;
import io.assistantcore.api.assist.AssistReadModel;
import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.lead.LeadRequests.ApproveRequest;
import io.assistantcore.api.lead.LeadRequests.Approved;
import io.assistantcore.api.lead.LeadRequests.DraftAccepted;
import io.assistantcore.api.lead.LeadRequests.LeadAccepted;
import io.assistantcore.api.lead.LeadRequests.ReviewRequest;
import io.assistantcore.api.lead.LeadRequests.SubmitLeadRequest;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.tenant.TenantReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistCommands.RequestSuggestion;
import io.assistantcore.messages.assist.AssistCommands.StartAssistSession;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.billing.CostEstimates.EstimatedRequest;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.lead.LeadCommands.ApproveLeadReply;
import io.assistantcore.messages.lead.LeadCommands.FailLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.RequestLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.ReviewLead;
import io.assistantcore.messages.lead.LeadCommands.SubmitLead;
import io.assistantcore.messages.lead.LeadEvents.LeadReplyApproved;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadQueries.FieldsView;
import io.assistantcore.messages.lead.LeadQueries.LeadPage;
import io.assistantcore.messages.lead.LeadQueries.LeadView;
import io.assistantcore.messages.lead.LeadReplyDraft;
import io.assistantcore.messages.lead.LeadSettingsMessages.LeadSettingsView;
import io.assistantcore.messages.lead.LeadStatus;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The lead endpoints of API.md "Leads and webhooks" (docs/leads.md). A lead of another tenant is "not found". */
@RestController
@RequestMapping("/api/v1/leads")
@Tag(name = "Leads", description = "Inbound leads: classified, extracted, scored, reviewed and answered")
public class LeadController {

    static final String DRAFT_INSTRUCTION = LeadReplyDraft.INSTRUCTION;
    private static final Role[] READERS = TenantAccess.READERS;
    private static final Role[] WRITERS = TenantAccess.WRITERS;

    private final CommandGateway commands;
    private final TenantAccess access;
    private final LeadReads leads;
    private final ReadModelCatchUp catchUp;
    private final AiRequestAdmission admission;
    private final TenantReadModel tenants;
    private final AssistReadModel suggestions;
    private final String promptVersion;

    LeadController(CommandGateway commands, TenantAccess access, LeadReads leads, ReadModelCatchUp catchUp,
                   AiRequestAdmission admission, TenantReadModel tenants, AssistReadModel suggestions,
                   AssistantProperties properties) {
        this.commands = commands;
        this.access = access;
        this.leads = leads;
        this.catchUp = catchUp;
        this.admission = admission;
        this.tenants = tenants;
        this.suggestions = suggestions;
        this.promptVersion = properties.ai().promptVersion();
    }

    @PostMapping
    @Operation(summary = "Submit a lead; it is classified, extracted and scored in the background")
    public ResponseEntity<LeadAccepted> submit(@Valid @RequestBody SubmitLeadRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        LeadSettingsView settings = leads.settings(caller.tenantId());
        String leadId = UUID.randomUUID().toString();
        commands.sendAndWait(new SubmitLead(leadId, caller.tenantId(), request.source(), null, caller.userId(),
                request.stated(), request.message(), settings.reviewBelowConfidence(), settings.scoring()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/leads/" + leadId))
                .body(new LeadAccepted(leadId));
    }

    @GetMapping
    @Operation(summary = "Leads, newest first, filtered by status and intent")
    public LeadPage list(@RequestParam(required = false) String status,
                         @RequestParam(required = false) String intent,
                         @RequestParam(defaultValue = "50") int limit,
                         @RequestParam(required = false) String before) {
        Caller caller = callerInOwnTenant(READERS);
        if (limit < 1 || limit > 100) {
            throw ApiException.invalidParameter("limit", "must be between 1 and 100");
        }
        LeadStatus statusFilter = null;
        if (status != null) {
            try {
                statusFilter = LeadStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("status", "must be one of " + List.of(LeadStatus.values()));
            }
        }
        LeadIntent intentFilter = null;
        if (intent != null) {
            intentFilter = LeadIntent.fromWire(intent);
            if (intentFilter == null) {
                throw ApiException.invalidParameter("intent", "must be Sales, Support, Partnership or Other");
            }
        }
        if (before != null && !before.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw ApiException.invalidParameter("before", "must be a lead id");
        }
        return leads.leads(caller.tenantId(), statusFilter, intentFilter, limit, before);
    }

    @GetMapping("/{leadId}")
    @Operation(summary = "A lead: intent, fields, score, status, draft and its history")
    public LeadView lead(@PathVariable String leadId) {
        Caller caller = callerInOwnTenant(READERS);
        return find(caller.tenantId(), leadId);
    }

    @PostMapping("/{leadId}/review")
    @Operation(summary = "A reviewer's corrections; a corrected intent teaches the tenant's classifier")
    public LeadView review(@PathVariable String leadId, @Valid @RequestBody ReviewRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        find(caller.tenantId(), leadId);
        commands.sendAndWait(new ReviewLead(leadId, caller.tenantId(), caller.userId(), request.intentValue(),
                request.fields() == null ? null : request.fields().toFields(), request.note()));
        catchUp.await("review of " + leadId, () -> leads.lead(caller.tenantId(), leadId)
                .map(l -> l.history().stream().anyMatch(h -> h.type().equals("reviewed"))).orElse(false));
        return find(caller.tenantId(), leadId);
    }

    @PostMapping("/{leadId}/reply-draft")
    @Operation(summary = "Draft a reply; it streams like a suggestion at /api/v1/assist/suggestions/{id}/stream")
    public ResponseEntity<DraftAccepted> draft(@PathVariable String leadId) {
        Caller caller = callerInOwnTenant(WRITERS);
        LeadView lead = find(caller.tenantId(), leadId);
        TenantView tenant = tenants.tenant(caller.tenantId());
        String suggestionId = UUID.randomUUID().toString();
        // within the 64 characters a session id may have in the read models: 8 characters of the suggestion id
        String sessionId = "lead-reply." + suggestionId.substring(0, 8) + "." + leadId;
        // the lead says first whether a draft may start now (scored, not waiting for review, none running)
        commands.sendAndWait(new RequestLeadReplyDraft(leadId, caller.tenantId(), caller.userId(), sessionId,
                suggestionId));
        List<ContextItem> context = draftContext(lead);
        try {
            commands.sendAndWait(new StartAssistSession(sessionId, caller.tenantId(), caller.userId(),
                    new FieldRef("lead", leadId, "reply"), lead.message(), context));
            EstimatedRequest input = new EstimatedRequest(AiAction.FREE_PROMPT, null, DRAFT_INSTRUCTION,
                    lead.message(), context, promptVersion);
            admission.send(caller, tenant, input, funding -> new RequestSuggestion(sessionId, caller.tenantId(),
                    suggestionId, AiAction.FREE_PROMPT, null, DRAFT_INSTRUCTION, null, false, tenant.aiPolicy(),
                    promptVersion, caller.userId(), funding));
        } catch (RuntimeException refused) {
            commands.sendAndWait(new FailLeadReplyDraft(leadId, suggestionId, "The draft was not started"));
            throw refused;
        }
        // the answer names the draft's stream: it opens only once the suggestion's read model shows it (as after
        // POST /assist/sessions/{id}/suggestions), or a client that follows it at once is told it does not exist
        catchUp.await("draft " + suggestionId, () -> suggestions.suggestion(caller.tenantId(), suggestionId).isPresent());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new DraftAccepted(leadId, sessionId, suggestionId,
                "/api/v1/assist/suggestions/" + suggestionId + "/stream"));
    }


    @PostMapping("/{leadId}/reply/approve")
    @Operation(summary = "Approve the drafted reply, optionally edited; sent through the lead.reply_approved webhook")
    public Approved approve(@PathVariable String leadId, @Valid @RequestBody(required = false) ApproveRequest request) {
        Caller caller = callerInOwnTenant(WRITERS);
        LeadView current = find(caller.tenantId(), leadId);
        String edited = request == null ? null : request.editedText();
        String outgoing = edited != null ? edited : current.draft() == null ? null : current.draft().text();
        if (outgoing != null && outgoing.contains(LeadReplyDraft.PLACEHOLDER)) {
            throw new ApiException(HttpStatus.CONFLICT, "draft-incomplete", "Conflict", "The reply still holds the "
                    + "placeholder " + LeadReplyDraft.PLACEHOLDER + "; edit the draft before approving it");
        }
        commands.sendAndWait(new ApproveLeadReply(leadId, caller.tenantId(), caller.userId(), edited));
        catchUp.await("approval of " + leadId, () -> leads.lead(caller.tenantId(), leadId)
                .map(l -> l.draft() != null && l.draft().finalText() != null).orElse(false));
        LeadView view = find(caller.tenantId(), leadId);
        return new Approved(leadId, view.draft().finalText(), Boolean.TRUE.equals(view.draft().edited()));
    }

    /** The lead's intent and known fields, which the draft is written from (a remote model reads them as context). */
    private static List<ContextItem> draftContext(LeadView lead) {
        FieldsView fields = lead.fields();
        String budget = null;
        if (fields != null && fields.budget() != null && fields.budget().amount() != null) {
            budget = fields.budget().amount().stripTrailingZeros().toPlainString()
                    + (fields.budget().currency() == null ? "" : " " + fields.budget().currency());
        }
        return LeadReplyDraft.context(lead.intent() == null ? null : lead.intent().label(),
                fields == null ? null : fields.name(), fields == null ? null : fields.company(), budget);
    }

    private LeadView find(String tenantId, String leadId) {
        return catchUp.findCreated("lead " + leadId, AggregateTypes.LEAD, tenantId, leadId,
                        () -> leads.lead(tenantId, leadId))
                .orElseThrow(() -> ApiException.notFound("Lead '" + leadId + "' does not exist"));
    }

    private Caller callerInOwnTenant(Role... roles) {
        return access.requireOwnTenant("Leads belong to a tenant; your token names none", roles);
    }

    static Class<?> approvedEvent() {
        return LeadReplyApproved.class;
    }
}
