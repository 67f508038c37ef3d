package io.assistantcore.ai.chat;

import io.assistantcore.ai.chat.routing.MessageRouter;
import java.util.function.Function;

import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.ai.provider.LangChainTextGenerator;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.provider.fake.AnthropicWire;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailOverReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.ChatCommands.RecordScreening;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ReplyAttemptRestarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.common.CommandRejectedException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.gateway.DefaultEventGateway;
import org.axonframework.messaging.MetaData;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat worker as a node runs it, for tests: {@link ChatReplyWorker} and {@link ChatReplyRunner} on a worker
 * pool, real langchain4j clients of OpenAI and Anthropic pointed at two fake servers that speak their wire formats,
 * the offline engine last in the chain, a real command bus and event bus that record what the worker sends, and
 * chunks of one token each.
 */
final class ChatWorkerRig implements AutoCloseable {

    static final Map<String, Object> META = Map.of("correlationId", "req-1", "tenantId", "acme");
    static final String OPENAI_MODEL = ProviderSettings.DEFAULT_MODELS.get("openai");
    static final String ANTHROPIC_MODEL = ProviderSettings.DEFAULT_MODELS.get("anthropic");
    static final Duration WAIT = Duration.ofSeconds(20);

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);

    final FakeProviderServer openai = FakeProviderServer.start();
    final FakeProviderServer anthropic = FakeProviderServer.start();
    final OpenAiWire openaiWire = new OpenAiWire();
    final AnthropicWire anthropicWire = new AnthropicWire();
    final TestChatParts parts = new TestChatParts();
    final RunningAttempts running = new RunningAttempts();
    final List<Object> commands = new CopyOnWriteArrayList<>();
    final List<EventMessage<?>> events = new CopyOnWriteArrayList<>();
    /** Replies the conversation cancelled: it refuses their worker's commands as the aggregate does. */
    private final java.util.Set<String> cancelled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Class<?>> cancelAfter = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ChatReplyWorker worker;
    final ChatReplyRunner runner;

    ChatWorkerRig(AnswerReuse reuse) {
        this(reuse, null);
    }

    /** With {@link TestChatParts} but the router that {@code router} makes for this rig's servers. */
    static ChatWorkerRig withRouter(Function<ChatWorkerRig, MessageRouter> router) {
        return new ChatWorkerRig(null, null, router);
    }

    /** @param replyParts the reply's steps (null: {@link TestChatParts}) */
    ChatWorkerRig(AnswerReuse reuse, ChatReplyParts replyParts) {
        this(reuse, replyParts, null);
    }

    private ChatWorkerRig(AnswerReuse reuse, ChatReplyParts replyParts, Function<ChatWorkerRig, MessageRouter> router) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        for (Class<?> type : List.of(RecordScreening.class, RecordRoute.class, RecordMemory.class,
                StartReplyStream.class, CompleteReply.class, RefuseReply.class, FailReply.class, FailOverReply.class,
                RecordCancelledReplyOutput.class, io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls.class,
                io.assistantcore.messages.tool.ToolCommands.ProposeToolCall.class,
                io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome.class,
                io.assistantcore.messages.chat.ChatCommands.RecordReplyImage.class,
                io.assistantcore.messages.chat.ChatCommands.RecordSources.class,
                io.assistantcore.messages.chat.ChatCommands.RecordGrounding.class)) {
            bus.subscribe(type.getName(), command -> {
                assertThat(command.getMetaData()).containsAllEntriesOf(META);
                Object payload = command.getPayload();
                commands.add(payload);
                String replyId = String.valueOf(field(payload, "replyId"));
                if (cancelled.contains(replyId) && !(payload instanceof RecordCancelledReplyOutput)) {
                    throw CommandRejectedException.conflict(CommandRejectedException.ATTEMPT_CANCELLED,
                            "Reply '" + replyId + "' was cancelled");
                }
                if (type.equals(cancelAfter.get(replyId))) {
                    cancelled.add(replyId);
                }
                return null;
            });
        }
        SimpleEventBus eventBus = SimpleEventBus.builder().build();
        eventBus.subscribe(events::addAll);
        ProviderChain chain = new ProviderChain(List.of(
                new LangChainTextGenerator(ProviderSettings.of("openai", "k", openaiWire.baseUrl(openai.origin()), null)
                        .withRetries(0, Duration.ofMillis(10))),
                new LangChainTextGenerator(ProviderSettings.of("anthropic", "k",
                        anthropicWire.baseUrl(anthropic.origin()), null).withRetries(0, Duration.ofMillis(10))),
                new OfflineTextGenerator(ENGINE, executor, Duration.ZERO, TestChatParts.OFFLINE)));
        PriceBook prices = new PriceBook(() -> List.of(
                new ModelPrice("openai", OPENAI_MODEL, new BigDecimal("0.15"), new BigDecimal("0.60"), "USD", null),
                new ModelPrice("anthropic", ANTHROPIC_MODEL, new BigDecimal("0.80"), new BigDecimal("4.00"), "USD",
                        null)),
                Duration.ofHours(1), Clock.systemUTC());
        runner = new ChatReplyRunner(chain, DefaultCommandGateway.builder().commandBus(bus).build(),
                DefaultEventGateway.builder().eventBus(eventBus).build(), running, executor, timer, 1,
                Duration.ofHours(1), prices, "node-a", replyParts != null ? replyParts
                : router != null ? parts.parts(router.apply(this)) : parts.parts(), reuse);
        worker = new ChatReplyWorker(runner, running);
    }

    /** A new message's reply, as the Conversation aggregate records it. */
    void request(String replyId, ReplySpec spec) {
        request("acme", replyId, spec);
    }

    void request(String tenantId, String replyId, ReplySpec spec) {
        worker.on(new ReplyRequested("conv-" + replyId, tenantId, replyId, "msg-" + replyId, 1, spec, "dana", null,
                null), MetaData.from(META));
    }

    /** The aggregate's answer once every call of a tool round has ended: the next attempt, given the rounds. */
    void resumeAfterTools(String replyId, int attempt, ReplySpec spec, String provider, String model,
                          List<io.assistantcore.messages.chat.ToolRoundRecord> rounds) {
        worker.on(new io.assistantcore.messages.chat.ChatEvents.ReplyResumedAfterTools("conv-" + replyId, "acme",
                replyId, attempt, spec, provider, model, rounds, "dana", java.util.Set.of("MEMBER")),
                MetaData.from(META));
    }

    /** The aggregate's answer to a failover: the next attempt on the next provider. */
    void failOver(String replyId, FailOverReply failOver, ReplySpec spec) {
        worker.on(new ReplyFailedOver("conv-1", "acme", replyId, failOver.attempt(), failOver.failedProvider(),
                failOver.reason(), failOver.partialText(), failOver.usage(), failOver.nextProvider(),
                failOver.attempt() + 1, spec), MetaData.from(META));
    }

    /** The aggregate's answer to a restart: the next attempt where the abandoned one was routed (null: not routed). */
    void restart(String replyId, int attempt, ReplySpec spec, String routedProvider, String routedModel) {
        worker.on(new ReplyAttemptRestarted("conv-1", "acme", replyId, attempt, "its worker's node stopped", spec,
                routedProvider, routedModel), MetaData.from(META));
    }

    /**
     * The user cancels the reply in the conversation right after it took a command of {@code type}: every later
     * command of the worker (but its cancelled output) is refused as cancelled, as the aggregate refuses it. The
     * worker hears of the cancellation only through those refusals (its event may come later).
     */
    void cancelInConversationAfter(String replyId, Class<?> type) {
        cancelAfter.put(replyId, type);
    }

    /** The conversation cancels the reply now (see {@link #cancelInConversationAfter}). */
    void cancelInConversation(String replyId) {
        cancelled.add(replyId);
    }

    void cancel(String replyId, int attempt) {
        worker.on(new ReplyCancelled("conv-1", "acme", replyId, attempt));
    }

    /** Waits for the command that ends the attempt and answers every command the attempt sent, in order. */
    List<Object> awaitEnding(String replyId, int attempt) throws InterruptedException {
        return awaitSent(replyId, attempt, sent -> sent.stream().anyMatch(ChatWorkerRig::ending)
                && !running.runsHere(replyId), "did not end");
    }

    /**
     * Waits until the attempt sent a command of {@code type} and answers every command it sent so far: the commands
     * that follow the attempt's ending (a tool call's proposal is sent after the reply waits for it) may arrive after
     * {@link #awaitEnding} returned.
     */
    List<Object> awaitCommand(String replyId, int attempt, Class<?> type) throws InterruptedException {
        return awaitSent(replyId, attempt, sent -> sent.stream().anyMatch(type::isInstance),
                "sent no " + type.getSimpleName());
    }

    /** Waits until the commands the attempt sent meet {@code done}, and answers them; fails saying {@code failure}. */
    private List<Object> awaitSent(String replyId, int attempt, java.util.function.Predicate<List<Object>> done,
                                   String failure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Object> sent = commandsOf(replyId, attempt);
            if (done.test(sent)) {
                return sent;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("attempt " + attempt + " of " + replyId + " " + failure + "; sent "
                + commandsOf(replyId, attempt));
    }

    /** Waits until the attempt streamed at least {@code count} chunks. */
    void awaitChunks(String replyId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (chunks(replyId).size() < count) {
            assertThat(System.nanoTime()).as("chunks of " + replyId).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    List<Object> commandsOf(String replyId, int attempt) {
        // a picture is recorded for the reply (its attempt is the running one)
        return commands.stream().filter(command -> replyId.equals(field(command, "replyId"))
                && (command instanceof io.assistantcore.messages.chat.ChatCommands.RecordReplyImage
                || Integer.valueOf(attempt).equals(field(command, "attempt")))).toList();
    }

    List<ReplyTokensStreamed> chunks(String replyId) {
        return events.stream().map(EventMessage::getPayload).filter(ReplyTokensStreamed.class::isInstance)
                .map(ReplyTokensStreamed.class::cast).filter(chunk -> chunk.replyId().equals(replyId)).toList();
    }

    String streamedText(String replyId) {
        return chunks(replyId).stream().map(ReplyTokensStreamed::text).reduce("", String::concat);
    }

    private static boolean ending(Object command) {
        return command instanceof CompleteReply || command instanceof RefuseReply || command instanceof FailReply
                || command instanceof FailOverReply || command instanceof RecordCancelledReplyOutput
                || command instanceof io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls;
    }

    private static Object field(Object record, String name) {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        openai.close();
        anthropic.close();
        executor.shutdownNow();
        timer.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
