package io.assistantcore.ai.chat;

import io.assistantcore.ai.assist.AttemptMessages;
import io.assistantcore.ai.assist.AttemptObservability;
import io.assistantcore.ai.assist.AttemptStream;
import io.assistantcore.ai.assist.ChunkCoalescer;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.chat.guardrails.Screening;
import io.assistantcore.ai.chat.memory.MemoryPlan;
import io.assistantcore.ai.chat.memory.SummaryPolicy;
import io.assistantcore.ai.chat.routing.DocumentsOverRefusal;
import io.assistantcore.ai.chat.routing.RouteDecision;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.ai.privacy.PiiMasker;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailOverReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.ChatCommands.RecordScreening;
import io.assistantcore.messages.chat.ChatCommands.RecordGrounding;
import io.assistantcore.messages.chat.ChatCommands.RecordSources;
import io.assistantcore.ai.knowledge.GroundedAnswers;
import io.assistantcore.ai.knowledge.GroundedAnswers.Retrieval;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.ai.generation.ToolRequest;
import io.assistantcore.ai.generation.ToolRound;
import io.assistantcore.ai.generation.ToolSpec;
import io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls;
import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.chat.ChatCommands.RecordReplyImage;
import io.assistantcore.ai.image.ImageGeneration;
import io.assistantcore.ai.chat.offline.OfflineToolProposer;
import io.assistantcore.messages.chat.ToolRoundRecord;
import io.assistantcore.messages.chat.ToolStep;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolCommands.ProposeToolCall;
import io.assistantcore.messages.tool.ToolDefinition;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one attempt of a chat reply, in this order, and ends it with exactly one command:
 * <ol>
 *     <li>masks e-mail addresses, phone numbers and card numbers when the tenant asks for it ({@link PiiMasker});
 *     the screen, the topic guard and the router only ever see the masked text;</li>
 *     <li>screens the message ({@code RecordScreening}); a BLOCK ends in {@code RefuseReply(INJECTION)} before
 *     anything leaves the platform;</li>
 *     <li>refuses a message about one of the tenant's blocked topics ({@code RefuseReply(POLICY)});</li>
 *     <li>routes it — the client's override, else the router — to a provider and model ({@link ReplyRoutes},
 *     {@code RecordRoute}); {@code not_allowed} is refused, {@code image} is answered with a plain text saying image
 *     generation is not available yet;</li>
 *     <li>plans the memory for the routed model's context window;</li>
 *     <li>answers from an earlier reply of the tenant when reuse is on and the question stands alone
 *     ({@link AnswerReuse}): zero cost, naming the reply and what it cost;</li>
 *     <li>else records the memory ({@code RecordMemory}), builds the prompt, starts the stream
 *     ({@code StartReplyStream}) and streams the provider's tokens as coalesced {@code ReplyTokensStreamed} events;
 *     the output check then runs over the whole reply, and the reply completes ({@code CompleteReply}, priced), fails
 *     over to the next provider ({@code FailOverReply}), fails ({@code FailReply}) or records what a cancelled
 *     attempt produced ({@code RecordCancelledReplyOutput}).</li>
 * </ol>
 * A reply that reveals its system prompt (by the {@link io.assistantcore.ai.chat.guardrails.OutputCheck}) completes
 * with {@link #WITHHELD_TEXT} instead of its text, billed as generated: the call was made and paid for, and a
 * completed reply with a neutral text keeps the leaked text out of the reply and out of the conversation's memory.
 * The chunks streamed before the check ran were delivered already; the completion's text replaces them.
 * <p>
 * A failover attempt was screened and routed by the attempt before it, so it starts at the memory step on the
 * provider it was handed; so does a restarted attempt whose abandoned predecessor had been routed (on the routed
 * provider and model), while one restarted before routing runs the whole pipeline. Talks to the rest of the
 * platform only through the gateways.
 */
public class ChatReplyRunner {

    /** What a reply that revealed its system prompt completes with. */
    public static final String WITHHELD_TEXT = "I can't share the instructions I was given, but I'm glad to help "
            + "with your question in another way.";

    /** What an image request is answered with when no image provider is connected. */
    public static final String IMAGE_NOT_AVAILABLE = "No image provider is connected, so I can't create that picture; "
            + "an administrator can connect one (OPENAI_API_KEY). Ask me in words instead and I'll answer as well as "
            + "this platform's AI settings allow.";

    /** What an image request is answered with when the organisation's AI policy does not allow the image provider. */
    public static final String IMAGE_NOT_ALLOWED = "Your organisation's AI policy does not allow the image provider, "
            + "so I can't create that picture; an administrator can allow it.";

    /** The text of a reply that made a picture (the picture itself is in the reply's images). */
    public static final String IMAGE_MADE = "Here is the picture you asked for.";

    static final String NOT_ALLOWED_REASON = "This request is outside what the assistant may help with; please "
            + "reformulate it.";

    static final String INJECTION_REASON = "The message looks like an attempt to override the assistant's "
            + "instructions, so it was not answered.";

    private static final Logger log = LoggerFactory.getLogger(ChatReplyRunner.class);
    private static final int MAX_REASON_CHARS = 500;
    /** Observations of an attempt's steps (docs/observability.md). */
    static final String ROUTING = "assistant.chat.routing";
    static final String RETRIEVAL = "assistant.chat.retrieval";

    private final ProviderChain providers;
    private final ReplyRoutes routes;
    private final AttemptMessages messages;
    private final RunningAttempts running;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int chunkMaxChars;
    private final Duration chunkMaxDelay;
    private final PriceBook prices;
    private final String nodeId;
    private final ChatReplyParts parts;
    private final AnswerReuse reuse;
    private final GroundedAnswers grounding;
    private final PiiMasker masker = new PiiMasker();
    private final CommandGateway commands;
    private volatile ChatTools tools;
    private volatile ImageGeneration images;
    private volatile OfflineToolProposer offlineTools;

    /**
     * @param nodeId this node's id, recorded with every stream it starts (null records none)
     * @param reuse  the store of earlier answers, or null to never reuse one
     */
    public ChatReplyRunner(ProviderChain providers, CommandGateway commands, EventGateway events,
                           RunningAttempts running, Executor executor, ScheduledExecutorService timer,
                           int chunkMaxChars, Duration chunkMaxDelay, PriceBook prices, String nodeId,
                           ChatReplyParts parts, AnswerReuse reuse) {
        this(providers, commands, events, running, executor, timer, chunkMaxChars, chunkMaxDelay, prices, nodeId,
                parts, reuse, null);
    }

    /** @param grounding answers from documents ({@code knowledge: tenant}, attachments); null: none on this node */
    public ChatReplyRunner(ProviderChain providers, CommandGateway commands, EventGateway events,
                           RunningAttempts running, Executor executor, ScheduledExecutorService timer,
                           int chunkMaxChars, Duration chunkMaxDelay, PriceBook prices, String nodeId,
                           ChatReplyParts parts, AnswerReuse reuse, GroundedAnswers grounding) {
        this.grounding = grounding;
        this.providers = providers;
        this.routes = new ReplyRoutes(providers);
        this.messages = new AttemptMessages(commands, events, running);
        this.commands = commands;
        this.running = running;
        this.executor = executor;
        this.timer = timer;
        this.chunkMaxChars = chunkMaxChars;
        this.chunkMaxDelay = chunkMaxDelay;
        this.prices = prices;
        this.nodeId = nodeId;
        this.parts = parts;
        this.reuse = reuse;
    }

    /** From now on, replies offer their models the tenant's tools (null: no tools). */
    public void offerTools(ChatTools chatTools) {
        this.tools = chatTools;
    }

    /** From now on, the offline engine proposes a tool call when a message clearly asks for one (null: never). */
    public void proposeToolsOffline(OfflineToolProposer proposer) {
        this.offlineTools = proposer;
    }

    /** From now on, image requests are answered with pictures made by {@code generation} (null: refused). */
    public void offerImages(ImageGeneration generation) {
        this.images = generation;
    }

    /** Starts the attempt on the worker executor and returns at once. */
    public void start(ReplyJob job) {
        running.run(job.replyId(), job.attempt(), AttemptObservability.REPLY, job.metaData(), executor,
                () -> run(job));
    }

    /**
     * Where the attempt goes: its providers in order, the model of the first, and whether its answer may be kept.
     *
     * @param retrieval what the documents gave for the message when routing already asked them, else null
     */
    private record Target(List<TextGenerator> candidates, String model, boolean reusable, Retrieval retrieval) {

        TextGenerator generator() {
            return candidates.get(0);
        }

        String next() {
            return candidates.size() > 1 ? candidates.get(1).providerId() : null;
        }
    }

    private void run(ReplyJob job) {
        Money summaryCost = null;
        try {
            List<String> missing = parts.missing();
            if (!missing.isEmpty()) {
                fail(job, "Chat is not available on this node yet (missing: " + String.join(", ", missing) + ")");
                return;
            }
            ReplySpec spec = job.spec();
            PiiMasker.Masked masked = masker.newRequest();
            String text = spec.maskPii() ? masker.mask(spec.text(), masked) : spec.text();
            Target target = job.startProvider() != null ? handedOver(job)
                    : screenAndRoute(job, text, masked.isEmpty());
            if (target == null) {
                return;
            }
            if (target.candidates().isEmpty()) {
                fail(job, "No configured AI provider is allowed by your organisation's AI policy (allowed: "
                        + spec.allowedModels() + "; configured: " + providers.providerIds() + ")");
                return;
            }
            TextGenerator generator = target.generator();
            String model = target.model() == null ? generator.defaultModel() : target.model();
            if (OfflineTextGenerator.PROVIDER_ID.equals(generator.providerId())
                    && !GroundedAnswers.applies(spec.knowledge(), spec.attachments())) {
                if (!job.toolRounds().isEmpty()) {
                    answerFromToolResults(job, model);
                    return;
                }
                if (proposedOffline(job, model)) {
                    return;
                }
            }
            MemoryPlan plan = parts.memory().plan(spec.memory(), spec.text(),
                    parts.windows().forModel(generator.providerId(), model), SummaryPolicy.of(spec));
            summaryCost = plan.summaryCall() == null ? null : prices.callCost(plan.summaryCall().provider(),
                    plan.summaryCall().model(), null, plan.summaryCall().usage());
            boolean grounded = GroundedAnswers.applies(spec.knowledge(), spec.attachments());
            boolean standalone = !grounded && target.reusable() && standsAlone(spec.memory(), plan);
            if (standalone && job.cause() == ReplyJob.Cause.REQUESTED) {
                Optional<AnswerReuse.Hit> hit = findEarlierAnswer(job, text);
                if (hit.isPresent()) {
                    answerReused(job, hit.get());
                    return;
                }
            }
            if (!send(job, new RecordMemory(job.conversationId(), job.replyId(), job.attempt(), plan.turnsKept(),
                    plan.turnsCondensed(), plan.truncated(), plan.summary(), plan.condensedThroughTurn(),
                    plan.profile()), summaryCost)) {
                running.end(job.replyId(), job.attempt());
                return;
            }
            Retrieval retrieval = null;
            String message = spec.text();
            if (grounded) {
                if (grounding == null) {
                    fail(job, "Answers from documents are not available on this node", summaryCost);
                    return;
                }
                boolean summary = GroundedAnswers.asksNothing(spec.text(), spec.attachments());
                retrieval = summary
                        ? grounding.attachmentsOpening(job.tenantId(), job.conversationId(), spec.attachments())
                        : target.retrieval() != null ? target.retrieval() : retrieve(job);
                if (!send(job, new RecordSources(job.conversationId(), job.replyId(), job.attempt(),
                        retrieval.sources()), summaryCost)) {
                    running.end(job.replyId(), job.attempt());
                    return;
                }
                if (summary ? retrieval.chunks().isEmpty() : !retrieval.supported(grounding.minScore())) {
                    // no model is asked: the documents do not cover the question
                    refuse(job, RefusalKind.NOT_IN_DOCUMENTS, summary ? "The attached file has no indexed text "
                            + "(it may still be processing, or it failed)." : GroundedAnswers.NOT_IN_DOCUMENTS,
                            summaryCost);
                    return;
                }
                if (OfflineTextGenerator.PROVIDER_ID.equals(generator.providerId())) {
                    GroundedAnswers.Answer answer = summary ? grounding.summary(retrieval)
                            : grounding.extractive(spec.text(), retrieval);
                    answerGrounded(job, answer, summaryCost);
                    return;
                }
                message = GroundedAnswers.groundedMessage(summary ? "Summarise the attached file." : spec.text(),
                        retrieval);
            }
            ChatPrompt prompt = parts.prompts().build(plan, message, spec.promptVersion());
            List<ToolDefinition> offered = offeredTools(job, generator);
            if (!offered.isEmpty() || !job.toolRounds().isEmpty()) {
                prompt = prompt.withTools(offered.stream().map(tool -> new ToolSpec(tool.name(), tool.description(),
                        tool.parameters())).toList(), ToolRounds.forModel(job.toolRounds()));
            }
            // The offline engine runs here: nothing leaves the platform, so nothing needs masking.
            boolean mask = spec.maskPii() && !OfflineTextGenerator.PROVIDER_ID.equals(generator.providerId());
            PiiMasker.Masked placeholders = mask ? masked : masker.newRequest();
            GenerationRequest request = GenerationRequest.chat(mask ? mask(prompt, masked) : prompt, model);
            long promptTokens = CostEstimator.promptTokens(request.chat());
            if (!send(job, new StartReplyStream(job.conversationId(), job.replyId(), job.attempt(),
                    generator.providerId(), model, nodeId, promptTokens), summaryCost)) {
                running.end(job.replyId(), job.attempt());
                return;
            }
            String instructions = parts.prompts().instructions(spec.promptVersion());
            stream(job, target, model, request, placeholders, promptTokens,
                    instructions == null ? prompt.systemMessage() : instructions,
                    standalone ? text : null, summaryCost, retrieval, offered);
        } catch (RuntimeException e) {
            log.error("Attempt {} of reply {} failed unexpectedly", job.attempt(), job.replyId(), e);
            fail(job, "The chat worker failed unexpectedly; regenerate to try again", summaryCost);
        }
    }

    /**
     * Where an attempt goes that an earlier attempt screened and routed: the provider it was routed or handed to and
     * those after it, with the routed model while that provider is the one to answer.
     */
    private Target handedOver(ReplyJob job) {
        List<TextGenerator> candidates = providers.candidates(job.spec().allowedModels(), job.startProvider());
        boolean sameProvider = !candidates.isEmpty() && candidates.get(0).providerId().equals(job.startProvider());
        return new Target(candidates, sameProvider ? job.startModel() : null, false, null);
    }

    /**
     * Screens, checks the blocked topics and routes; answers where the attempt goes, or null when it ended here
     * (refused, an image request answered, or a command refused because the attempt is stale).
     */
    private Target screenAndRoute(ReplyJob job, String text, boolean nothingMasked) {
        ReplySpec spec = job.spec();
        Screening screening = parts.screen().screen(text, spec.allowedModels());
        if (!send(job, new RecordScreening(job.conversationId(), job.replyId(), job.attempt(), screening.verdict(),
                screening.category(), screening.score(), bounded(screening.reason())))) {
            running.end(job.replyId(), job.attempt());
            return null;
        }
        if (screening.verdict() == ScreeningVerdict.BLOCK) {
            refuse(job, RefusalKind.INJECTION, screening.reason() == null || screening.reason().isBlank()
                    ? INJECTION_REASON : bounded(screening.reason()));
            return null;
        }
        Optional<String> topic = spec.routing().blockedTopics().isEmpty() ? Optional.empty()
                : parts.topics().blockedTopic(text, spec.routing().blockedTopics());
        if (topic.isPresent()) {
            refuse(job, RefusalKind.POLICY, bounded("Your organisation does not allow the assistant to discuss "
                    + topic.get() + "."));
            return null;
        }
        RouteDecision decision = spec.routeOverride() != null
                ? new RouteDecision(spec.routeOverride(), 1.0, "the request asked for "
                + spec.routeOverride().wireName(), RouteDecider.OVERRIDE)
                : step(job, ROUTING, () -> parts.router().classify(text, spec.routing(), spec.allowedModels()));
        Retrieval retrieved = null;
        if (DocumentsOverRefusal.asksDocuments(decision) && grounding != null
                && GroundedAnswers.applies(spec.knowledge(), spec.attachments())
                && !GroundedAnswers.asksNothing(spec.text(), spec.attachments())) {
            try {
                Retrieval retrieval = retrieve(job);
                if (retrieval.supported(grounding.minScore())) {
                    retrieved = retrieval;
                    decision = DocumentsOverRefusal.answeredFromDocuments(decision);
                } else if (DocumentsOverRefusal.doubtful(decision)) {
                    retrieved = retrieval; // not covering: the grounded answer refuses it as not in the documents
                    decision = DocumentsOverRefusal.leftToDocuments(decision);
                }
            } catch (RuntimeException e) {
                // the documents could not be asked: the router's refusal stands
                log.warn("Attempt {} of reply {}: the documents could not be searched, the refusal stands ({})",
                        job.attempt(), job.replyId(), e.getClass().getSimpleName());
            }
        }
        RouteCategory category = decision.category();
        if (category == RouteCategory.NOT_ALLOWED) {
            if (recordRoute(job, decision, null, null, reason(decision))) {
                refuse(job, RefusalKind.NOT_ALLOWED, NOT_ALLOWED_REASON);
            }
            return null;
        }
        if (category == RouteCategory.IMAGE) {
            ImageGeneration generation = images;
            boolean allowed = generation != null
                    && ProviderChain.allows(spec.allowedModels(), generation.provider(), generation.model());
            if (!allowed) {
                if (recordRoute(job, decision, OfflineTextGenerator.PROVIDER_ID, OfflineTextGenerator.DEFAULT_MODEL,
                        reason(decision) + (generation == null ? "; no image provider is connected"
                                : "; the AI policy does not allow the image provider"))) {
                    answerWithText(job, generation == null ? IMAGE_NOT_AVAILABLE : IMAGE_NOT_ALLOWED,
                            OfflineTextGenerator.PROVIDER_ID, OfflineTextGenerator.DEFAULT_MODEL,
                            Money.zero(PriceBook.DEFAULT_CURRENCY), null, null);
                }
                return null;
            }
            if (recordRoute(job, decision, generation.provider(), generation.model(),
                    reason(decision) + "; image generation")) {
                answerWithImage(job, generation, text);
            }
            return null;
        }
        ReplyRoutes.Choice choice = routes.choose(category, spec.routing(), spec.allowedModels());
        if (!recordRoute(job, decision, choice.provider(), choice.model(), reason(decision) + "; " + choice.note())) {
            return null;
        }
        boolean reusable = spec.routing().answerReuse() && reuse != null && nothingMasked
                && screening.verdict() == ScreeningVerdict.ALLOW;
        return new Target(choice.candidates(), choice.model(), reusable, retrieved);
    }

    /** What the conversation's documents give for the message (an observed step of the attempt). */
    private Retrieval retrieve(ReplyJob job) {
        ReplySpec spec = job.spec();
        return step(job, RETRIEVAL, () -> grounding.retrieve(job.tenantId(), job.conversationId(), spec.attachments(),
                spec.text()));
    }

    private boolean recordRoute(ReplyJob job, RouteDecision decision, String provider, String model, String reason) {
        if (send(job, new RecordRoute(job.conversationId(), job.replyId(), job.attempt(), decision.category(),
                decision.confidence(), provider, model, bounded(reason), decision.decidedBy()))) {
            return true;
        }
        running.end(job.replyId(), job.attempt());
        return false;
    }

    /** An answer depends on nothing but the question: no memory before it, and none stated in it. */
    private static boolean standsAlone(MemoryInput memory, MemoryPlan plan) {
        return memory.turns().isEmpty() && memory.summary().isBlank() && memory.profile().isEmpty()
                && plan.kept().isEmpty() && plan.summary().isBlank() && plan.profile().isEmpty();
    }

    /** The reuse store failing is a miss, not a failed reply. */
    private Optional<AnswerReuse.Hit> findEarlierAnswer(ReplyJob job, String question) {
        try {
            return reuse.find(job.tenantId(), String.valueOf(job.spec().promptVersion()), question, job.replyId());
        } catch (RuntimeException e) {
            log.warn("Looking up an earlier answer for reply {} failed, calling the model: {}", job.replyId(),
                    e.toString());
            return Optional.empty();
        }
    }

    /** Answers with an earlier reply's answer at zero cost, naming that reply and what it cost. */
    private void answerReused(ReplyJob job, AnswerReuse.Hit hit) {
        Money saved = prices.callCost(hit.provider(), hit.model(), null, hit.usage());
        try {
            reuse.served(job.tenantId(), job.replyId(), hit.replyId());
        } catch (RuntimeException e) {
            log.warn("Recording that reply {} reused an answer failed: {}", job.replyId(), e.toString());
        }
        log.debug("Reply {} answered with the answer of reply {} (similarity {})", job.replyId(), hit.replyId(),
                hit.similarity());
        answerWithText(job, hit.text(), hit.provider(), hit.model(),
                Money.zero(saved == null ? PriceBook.DEFAULT_CURRENCY : saved.currency()), hit.replyId(), saved);
    }

    /**
     * Completes with a text no model produces now (an earlier answer, or the platform's own), streamed like a model's
     * so clients need no special case: no usage, at the given cost.
     */
    private void answerWithText(ReplyJob job, String text, String provider, String model, Money cost,
                                String reusedFromReply, Money savedCost) {
        try {
            if (!send(job, new StartReplyStream(job.conversationId(), job.replyId(), job.attempt(), provider, model,
                    nodeId, 0L))) {
                return;
            }
            long started = System.nanoTime();
            int chunks = coalescer(job).streamText(text);
            send(job, new CompleteReply(job.conversationId(), job.replyId(), job.attempt(), text, TokenUsage.NONE,
                    provider, model, Duration.ofNanos(System.nanoTime() - started).toMillis(), chunks, cost,
                    reusedFromReply, savedCost));
        } finally {
            running.end(job.replyId(), job.attempt());
        }
    }

    /**
     * Makes the picture (the message, masked when the tenant masks personal data, is the prompt), has the
     * conversation record it with its price, and completes with a short text; the reply's cost is the image's price.
     */
    private void answerWithImage(ReplyJob job, ImageGeneration generation, String prompt) {
        String provider = generation.provider();
        String model = generation.model();
        try {
            if (!send(job, new StartReplyStream(job.conversationId(), job.replyId(), job.attempt(), provider, model,
                    nodeId, 0L))) {
                return;
            }
            long started = System.nanoTime();
            ImageGeneration.Made made;
            try {
                made = generation.generate(job.tenantId(), job.userId(), prompt);
            } catch (ImageGeneration.ImageGenerationException e) {
                send(job, new FailReply(job.conversationId(), job.replyId(), job.attempt(), bounded(e.getMessage()),
                        "", TokenUsage.NONE, provider, model, null));
                return;
            }
            if (!send(job, new RecordReplyImage(job.conversationId(), job.replyId(), made.imageId(),
                    bounded(made.revisedPrompt()), provider, model, made.cost()))) {
                return;
            }
            int chunks = coalescer(job).streamText(IMAGE_MADE);
            send(job, new CompleteReply(job.conversationId(), job.replyId(), job.attempt(), IMAGE_MADE,
                    TokenUsage.NONE, provider, model, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    chunks, Money.zero(made.cost().currency()), null, null));
        } finally {
            running.end(job.replyId(), job.attempt());
        }
    }

    /**
     * The offline engine and the tenant's tools: a message that clearly asks for one tool and names every required
     * argument becomes a proposed call (which then waits for its approval like a model's); one that clearly asks for a
     * tool but lacks arguments is answered with a question for them. True when the attempt ended here.
     */
    private boolean proposedOffline(ReplyJob job, String model) {
        OfflineToolProposer proposer = offlineTools;
        ChatTools chatTools = tools;
        if (proposer == null || chatTools == null || chatTools.maxRounds() < 1) {
            return false;
        }
        List<ToolDefinition> offered;
        try {
            offered = chatTools.offered(job.tenantId(), job.spec().tools(), false).stream()
                    .filter(tool -> !tool.builtIn()).toList();
        } catch (RuntimeException e) {
            log.warn("The tools for reply {} could not be read; answering without tools: {}", job.replyId(),
                    e.toString());
            return false;
        }
        if (offered.isEmpty()) {
            return false;
        }
        OfflineToolProposer.Decision decision = proposer.decide(job.spec().text(), offered);
        String provider = OfflineTextGenerator.PROVIDER_ID;
        Money zero = Money.zero(PriceBook.DEFAULT_CURRENCY);
        if (decision instanceof OfflineToolProposer.AskFor ask) {
            answerWithText(job, ask.question(), provider, model, zero, null, null);
            return true;
        }
        if (!(decision instanceof OfflineToolProposer.Propose propose)) {
            return false;
        }
        try {
            if (!send(job, new StartReplyStream(job.conversationId(), job.replyId(), job.attempt(), provider, model,
                    nodeId, 0L))) {
                return true;
            }
            String text = "I'll use " + propose.tool().name() + " with " + propose.arguments() + ".";
            awaitTools(job, new GenerationOutcome(text, TokenUsage.NONE, model, false,
                    List.of(new ToolRequest("offline-" + UUID.randomUUID(), propose.tool().name(),
                            propose.arguments()))), text, provider, model, zero, offered, masker.newRequest());
        } finally {
            running.end(job.replyId(), job.attempt());
        }
        return true;
    }

    /** The offline engine goes on after its tool call: it says what each call of the last round came to. */
    private void answerFromToolResults(ReplyJob job, String model) {
        ToolRoundRecord round = job.toolRounds().get(job.toolRounds().size() - 1);
        StringBuilder text = new StringBuilder();
        for (ToolStep step : round.steps()) {
            String result = step.result() == null || step.result().isBlank() ? "" : step.result().strip();
            if (result.length() > 2000) {
                result = result.substring(0, 2000) + "…";
            }
            if (!text.isEmpty()) {
                text.append("\n");
            }
            text.append(switch (step.status()) {
                case SUCCEEDED -> "Done: " + step.tool() + (result.isEmpty() ? "." : " answered: " + result);
                case DENIED -> "The call to " + step.tool() + " was denied and not made" + (result.isEmpty() ? "."
                        : ": " + result);
                case EXPIRED -> "The call to " + step.tool() + " expired before anyone approved it; nothing was "
                        + "done.";
                default -> "The call to " + step.tool() + " failed" + (result.isEmpty() ? "." : ": " + result);
            });
        }
        answerWithText(job, text.isEmpty() ? "The tools were not called." : text.toString(),
                OfflineTextGenerator.PROVIDER_ID, model, Money.zero(PriceBook.DEFAULT_CURRENCY), null, null);
    }

    /** The offline engine's grounded answer, streamed like a model's, with its citations and confidence. */
    private void answerGrounded(ReplyJob job, GroundedAnswers.Answer answer, Money summaryCost) {
        Money cost = withSummary(job, Money.zero(PriceBook.DEFAULT_CURRENCY), summaryCost);
        try {
            if (!send(job, new StartReplyStream(job.conversationId(), job.replyId(), job.attempt(),
                    OfflineTextGenerator.PROVIDER_ID, OfflineTextGenerator.DEFAULT_MODEL, nodeId, 0L), cost)) {
                return;
            }
            long started = System.nanoTime();
            int chunks = coalescer(job).streamText(answer.text());
            if (!send(job, new RecordGrounding(job.conversationId(), job.replyId(), job.attempt(), answer.citations(),
                    answer.confidence(), answer.score()), cost)) {
                return;
            }
            send(job, new CompleteReply(job.conversationId(), job.replyId(), job.attempt(), answer.text(),
                    TokenUsage.NONE, OfflineTextGenerator.PROVIDER_ID, OfflineTextGenerator.DEFAULT_MODEL,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), chunks, cost, null, null));
        } finally {
            running.end(job.replyId(), job.attempt());
        }
    }

    private void stream(ReplyJob job, Target target, String model, GenerationRequest request,
                        PiiMasker.Masked placeholders, long promptTokens, String systemMessage, String question,
                        Money summaryCost, Retrieval retrieval, List<ToolDefinition> offered) {
        TextGenerator generator = target.generator();
        String provider = generator.providerId();
        AttemptStream.Ending ending = new AttemptStream.Ending() {
            @Override
            public void completed(String shown, GenerationOutcome outcome, int chunks, long latency) {
                Money cost = withSummary(job, prices.callCost(provider, model, outcome.model(), outcome.usage()),
                        summaryCost);
                if (outcome.wantsTools()) {
                    awaitTools(job, outcome, shown, provider, outcome.model() == null ? model : outcome.model(), cost,
                            offered, placeholders);
                    return;
                }
                boolean leaked;
                try {
                    leaked = parts.output().revealsSystemPrompt(shown, systemMessage);
                } catch (RuntimeException e) {
                    log.error("The output check of reply {} failed", job.replyId(), e);
                    send(job, new FailReply(job.conversationId(), job.replyId(), job.attempt(),
                            "The reply could not be checked before it was shown; regenerate to try again", "",
                            outcome.usage(), provider, outcome.model(), cost));
                    return;
                }
                if (leaked) {
                    log.warn("Reply {} revealed its system prompt; completed with a neutral text instead",
                            job.replyId());
                }
                if (retrieval != null && !leaked) {
                    // citations that name no source are removed; the rest are recorded with the confidence
                    GroundedAnswers.Answer answer = grounding.checked(shown, retrieval);
                    if (!send(job, new RecordGrounding(job.conversationId(), job.replyId(), job.attempt(),
                            answer.citations(), answer.confidence(), answer.score()), cost)) {
                        return;
                    }
                    send(job, new CompleteReply(job.conversationId(), job.replyId(), job.attempt(), answer.text(),
                            outcome.usage(), provider, outcome.model(), latency, chunks, cost, null, null));
                    return;
                }
                if (send(job, new CompleteReply(job.conversationId(), job.replyId(), job.attempt(),
                        leaked ? WITHHELD_TEXT : shown, outcome.usage(), provider, outcome.model(), latency, chunks,
                        cost, null, null)) && question != null && !leaked) {
                    remember(job, question, shown, provider, outcome.model() == null ? model : outcome.model(),
                            outcome.usage());
                }
            }

            @Override
            public void cancelled(String shown, GenerationOutcome outcome) {
                send(job, new RecordCancelledReplyOutput(job.conversationId(), job.replyId(), job.attempt(), shown,
                        outcome.usage(), provider, outcome.model(),
                        withSummary(job, prices.callCost(provider, model, outcome.model(), outcome.usage()),
                                summaryCost)));
            }

            @Override
            public void failed(GenerationException failure, String shown, TokenUsage usage) {
                Money cost = withSummary(job, prices.callCost(provider, model, null, usage), summaryCost);
                String next = target.next();
                if (failure.fallbackAllowed() && next != null && !running.isCancelled(job.replyId(), job.attempt())) {
                    send(job, new FailOverReply(job.conversationId(), job.replyId(), job.attempt(), provider,
                            failure.getMessage(), shown, usage, cost, next));
                } else {
                    send(job, new FailReply(job.conversationId(), job.replyId(), job.attempt(), failure.getMessage(),
                            shown, usage, provider, model, cost));
                }
            }
        };
        GenerationHandle handle = generator.generate(request, new AttemptStream(placeholders, coalescer(job),
                promptTokens, ending, () -> running.end(job.replyId(), job.attempt())));
        running.attach(job.replyId(), job.attempt(), handle);
    }

    /** The tools this attempt offers its model: none offline, none after the last allowed round. */
    private List<ToolDefinition> offeredTools(ReplyJob job, TextGenerator generator) {
        ChatTools chatTools = tools;
        if (chatTools == null || OfflineTextGenerator.PROVIDER_ID.equals(generator.providerId())
                || job.toolRounds().size() >= chatTools.maxRounds()) {
            return List.of();
        }
        try {
            return chatTools.offered(job.tenantId(), job.spec().tools(), "tenant".equals(job.spec().knowledge()));
        } catch (RuntimeException e) {
            log.warn("The tools for reply {} could not be read; answering without tools: {}", job.replyId(),
                    e.toString());
            return List.of();
        }
    }

    /**
     * The model asked for tools: the conversation records the round (and the model call's cost) and waits; each
     * call becomes a {@code ToolCall} that checks the requester's roles and waits for its approval. A request for a
     * tool that was not offered ends at once as failed, and the model is told so when the reply goes on. No
     * provider-side state is kept: the reply goes on later with a new model call given the recorded results.
     */
    private void awaitTools(ReplyJob job, GenerationOutcome outcome, String shown, String provider, String model,
                            Money cost, List<ToolDefinition> offered, PiiMasker.Masked placeholders) {
        List<ToolStep> steps = new ArrayList<>();
        List<ProposeToolCall> proposals = new ArrayList<>();
        Instant expiresAt = Instant.now().plus(tools.approvalTimeout());
        for (ToolRequest request : outcome.toolRequests().stream().limit(10).toList()) {
            String toolCallId = UUID.randomUUID().toString();
            // the model saw placeholders for personal data; the call gets the real values back
            String arguments = request.arguments() == null || request.arguments().isBlank() ? "{}"
                    : placeholders.restore(request.arguments());
            ToolDefinition tool = offered.stream().filter(t -> t.name().equals(request.name())).findFirst()
                    .orElse(null);
            String name = request.name() == null ? "?" : bounded(request.name());
            if (tool == null) {
                steps.add(new ToolStep(toolCallId, request.id(), name, arguments, ToolCallStatus.FAILED,
                        "There is no tool named '" + name + "' available here; it was not called"));
                continue;
            }
            steps.add(new ToolStep(toolCallId, request.id(), tool.name(), arguments, ToolCallStatus.PROPOSED, null));
            proposals.add(new ProposeToolCall(toolCallId, job.tenantId(), job.conversationId(), job.replyId(),
                    job.attempt(), job.userId(), roles(job.roles()), tool, arguments, expiresAt));
        }
        if (!send(job, new AwaitToolCalls(job.conversationId(), job.replyId(), job.attempt(), shown, steps,
                job.roles(), outcome.usage(), provider, model, cost))) {
            return;
        }
        for (ProposeToolCall proposal : proposals) {
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(proposal).andMetaData(job.metaData()));
            } catch (RuntimeException e) {
                log.warn("Proposing tool call {} of reply {} failed: {}", proposal.toolCallId(), job.replyId(),
                        e.toString());
                send(job, new RecordToolCallOutcome(job.conversationId(), job.replyId(), proposal.toolCallId(),
                        ToolCallStatus.FAILED, "The tool call could not be proposed: " + bounded(e.getMessage())));
            }
        }
    }

    private static Set<Role> roles(Set<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name.strip()));
            } catch (IllegalArgumentException unknown) {
                // not a role of this platform
            }
        }
        return roles;
    }

    /** Keeps a standalone answer for later questions; a store that cannot be written only costs the saving. */
    private void remember(ReplyJob job, String question, String answer, String provider, String model,
                          TokenUsage usage) {
        try {
            reuse.remember(job.tenantId(), job.replyId(), String.valueOf(job.spec().promptVersion()), question, answer,
                    provider, model, usage);
        } catch (RuntimeException e) {
            log.warn("Keeping the answer of reply {} for reuse failed: {}", job.replyId(), e.toString());
        }
    }

    /**
     * The prompt as it leaves the platform: every message, and the arguments and results of earlier tool calls,
     * masked with the request's placeholders (the model's new tool calls get the real values back, see awaitTools).
     */
    private ChatPrompt mask(ChatPrompt prompt, PiiMasker.Masked masked) {
        return new ChatPrompt(masker.mask(prompt.systemMessage(), masked), prompt.messages().stream()
                .map(message -> new ChatPrompt.Message(message.role(), masker.mask(message.text(), masked)))
                .toList(), prompt.profile(), prompt.version(), prompt.tools(), prompt.toolRounds().stream()
                .map(round -> new ToolRound(masker.mask(round.assistantText(), masked), round.exchanges().stream()
                        .map(exchange -> new ToolRound.Exchange(new ToolRequest(exchange.request().id(),
                                exchange.request().name(), masker.mask(exchange.request().arguments(), masked)),
                                masker.mask(exchange.result(), masked))).toList()))
                .toList());
    }

    private ChunkCoalescer coalescer(ReplyJob job) {
        return new ChunkCoalescer(chunkMaxChars, chunkMaxDelay, timer, (seq, chunk) -> messages.publish(
                new ReplyTokensStreamed(job.conversationId(), job.tenantId(), job.replyId(), job.attempt(), seq,
                        chunk), job.metaData()));
    }

    private void refuse(ReplyJob job, RefusalKind kind, String reason) {
        refuse(job, kind, reason, null);
    }

    /** @param cost what the attempt's calls before the refusal cost (the memory summary), null: nothing */
    private void refuse(ReplyJob job, RefusalKind kind, String reason, Money cost) {
        try {
            send(job, new RefuseReply(job.conversationId(), job.replyId(), job.attempt(), kind, reason, cost));
        } finally {
            running.end(job.replyId(), job.attempt());
        }
    }

    private void fail(ReplyJob job, String reason) {
        fail(job, reason, null);
    }

    /** @param cost what the attempt's calls before the failure cost (the memory summary), null: nothing */
    private void fail(ReplyJob job, String reason, Money cost) {
        try {
            send(job, new FailReply(job.conversationId(), job.replyId(), job.attempt(), reason, "", null, null, null,
                    cost));
        } finally {
            running.end(job.replyId(), job.attempt());
        }
    }

    /** Runs a step of the attempt under its observation (a span when tracing is on). */
    private <T> T step(ReplyJob job, String name, java.util.function.Supplier<T> step) {
        return running.observability().step(name, running.observation(job.replyId(), job.attempt()), step);
    }

    private boolean send(ReplyJob job, Object command) {
        return send(job, command, null);
    }

    /**
     * Sends a command; answers whether the conversation took it. A command refused because the user cancelled the
     * attempt is followed by the attempt's cancelled output, billed with what the attempt consumed: what the refused
     * command reports (a completion's or failure's text, usage and cost, a picture's cost), else {@code spent} (what
     * the calls before it cost, e.g. the memory summary). The conversation records an attempt's usage once, so a
     * cancellation that closed the reservation already (nothing was routed yet) is not billed twice.
     */
    private boolean send(ReplyJob job, Object command, Money spent) {
        AttemptMessages.Sent sent = messages.sendFor(command, job.metaData(), job.replyId(), job.attempt());
        if (sent == AttemptMessages.Sent.CANCELLED && !(command instanceof RecordCancelledReplyOutput)) {
            messages.send(cancelledOutput(job, command, spent), job.metaData(), job.replyId(), job.attempt());
        }
        return sent == AttemptMessages.Sent.HANDLED;
    }

    /** The cancelled output of an attempt whose {@code refused} command came too late. */
    private static RecordCancelledReplyOutput cancelledOutput(ReplyJob job, Object refused, Money spent) {
        String conversationId = job.conversationId();
        String replyId = job.replyId();
        int attempt = job.attempt();
        if (refused instanceof CompleteReply c) {
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, c.text(),
                    c.reusedFromReply() != null ? TokenUsage.NONE : c.usage(), c.provider(), c.model(), c.cost());
        }
        if (refused instanceof FailReply f) {
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, f.partialText(), f.usage(),
                    f.provider(), f.model(), f.cost());
        }
        if (refused instanceof FailOverReply f) {
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, f.partialText(), f.usage(),
                    f.failedProvider(), null, f.cost());
        }
        if (refused instanceof AwaitToolCalls a) {
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, a.assistantText(), a.usage(),
                    a.provider(), a.model(), a.cost());
        }
        if (refused instanceof RecordReplyImage i) {
            // the picture was made and paid for, but the conversation no longer takes it
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, "", TokenUsage.NONE,
                    i.provider(), i.model(), i.cost());
        }
        if (refused instanceof RefuseReply r) {
            return new RecordCancelledReplyOutput(conversationId, replyId, attempt, "", TokenUsage.NONE, null, null,
                    r.cost());
        }
        return new RecordCancelledReplyOutput(conversationId, replyId, attempt, "", TokenUsage.NONE, null, null,
                spent);
    }

    /**
     * A reply's cost includes the model call that condensed its memory (priced by the summarizing model's prices);
     * the usage stays the reply's own call. A call that cannot be priced is billed the summary alone. Costs in
     * different currencies cannot be summed (a ledger is kept in one currency): the call's cost is billed and the
     * summary's is logged as unbilled (ids and amounts only).
     */
    private static Money withSummary(ReplyJob job, Money cost, Money summaryCost) {
        if (summaryCost == null || summaryCost.amount().signum() == 0) {
            return cost;
        }
        return Money.sum(cost, summaryCost, unbilled -> log.warn("Reply {}: the memory summary's cost of {} {} is "
                + "not billed: it cannot be added to a cost in {}", job.replyId(), unbilled.amount(),
                unbilled.currency(), cost.currency()));
    }

    private static String reason(RouteDecision decision) {
        return decision.reason() == null || decision.reason().isBlank() ? "routed as " + decision.category().wireName()
                : decision.reason();
    }

    private static String bounded(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
}
