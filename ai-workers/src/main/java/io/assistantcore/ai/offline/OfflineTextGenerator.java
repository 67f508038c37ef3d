package io.assistantcore.ai.offline;

import io.assistantcore.ai.chat.OfflineChatAnswers;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.assist.TokenUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The provider {@code local}: runs the {@link OfflineTextEngine} on the given executor and streams the result word by
 * word (each token is a word with the whitespace after it, so the tokens concatenate to the exact result), pausing
 * {@code tokenDelay} after each token so that clients see the same kind of stream as from a remote model.
 *
 * <p>Free prompts are served only when {@link OfflineTextEngine#interpretFreePrompt(String)} maps the instruction to a
 * known action, or when it is a lead's reply draft ({@link LeadReplyTemplate}: a template for the lead's intent,
 * filled from the context items); anything else fails with a message that names the remote providers' settings. Context items are not
 * used by the offline algorithms (they work on {@code request.text()} alone) but are counted in the input tokens.
 * {@code request.model()} is ignored: the engine has one model, {@link #DEFAULT_MODEL}. A chat request is answered by
 * the {@link OfflineChatAnswers} given at construction and streamed the same way; its input tokens are those of the
 * whole chat prompt.
 *
 * <p>{@link GenerationHandle#cancel()} takes effect at once: the listener receives {@code onComplete} with
 * {@code cancelled = true} and the text streamed so far, from the thread that cancels, and no token follows. A
 * computation already running (e.g. a first grammar check that loads LanguageTool) finishes in the background and its
 * result is dropped.
 */
public final class OfflineTextGenerator implements TextGenerator {

    public static final String PROVIDER_ID = "local";
    public static final String DEFAULT_MODEL = "offline-engine-v1";
    public static final Duration DEFAULT_TOKEN_DELAY = Duration.ofMillis(15);

    /** What the end user reads when a free instruction is beyond the offline engine. */
    static final String FREE_PROMPT_REFUSAL = "Without an AI provider this instruction cannot be followed: the offline "
            + "writing assistant can fix typos and grammar, shorten, summarize, make bullet points, one sentence or a "
            + "given number of words, and change the tone. Anything else needs an AI provider; ask your administrator.";

    /** Logged (without the instruction) when a free instruction is refused: what an administrator can do. */
    static final String ADMIN_HINT = "A free instruction was refused by the offline engine because no AI provider is "
            + "configured; set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_BASE_URL to serve free "
            + "prompts (see docs/offline-engine.md)";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OfflineTextGenerator.class);

    /** For the end user, who cannot change settings: no setting is named (the docs and the log name them). */
    static final String CHAT_HINT = "an administrator can connect an AI provider";
    /** Logged when a chat message reaches a node without offline chat answers: what an administrator can do. */
    static final String CHAT_ADMIN_HINT = "A chat message reached the offline engine, which cannot hold a conversation "
            + "on this node; set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_BASE_URL to chat";

    private final OfflineTextEngine engine;
    private final Executor executor;
    private final Duration tokenDelay;
    private final OfflineChatAnswers chatAnswers;

    /** A generator pausing {@link #DEFAULT_TOKEN_DELAY} between tokens. */
    public OfflineTextGenerator(OfflineTextEngine engine, Executor executor) {
        this(engine, executor, DEFAULT_TOKEN_DELAY);
    }

    /** A generator pausing {@code tokenDelay} between tokens ({@link Duration#ZERO} streams without pauses). */
    public OfflineTextGenerator(OfflineTextEngine engine, Executor executor, Duration tokenDelay) {
        this(engine, executor, tokenDelay, null);
    }

    /**
     * @param chatAnswers answers chat requests; null when this node has none (a chat request then fails, naming the
     *                    settings of the remote providers)
     */
    public OfflineTextGenerator(OfflineTextEngine engine, Executor executor, Duration tokenDelay,
                                OfflineChatAnswers chatAnswers) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tokenDelay = Objects.requireNonNull(tokenDelay, "tokenDelay");
        if (tokenDelay.isNegative()) {
            throw new IllegalArgumentException("tokenDelay must not be negative");
        }
        this.chatAnswers = chatAnswers;
    }

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public String defaultModel() {
        return DEFAULT_MODEL;
    }

    @Override
    public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        Generation generation = new Generation(request, listener);
        try {
            executor.execute(generation::run);
        } catch (RejectedExecutionException e) {
            generation.fail(new GenerationException("The offline engine is busy; try again shortly", true, "", e));
        }
        return generation;
    }

    /** Splits text into stream tokens: each word with the whitespace after it; leading whitespace joins the first. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = 0;
        while (i < n) {
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            tokens.add(text.substring(start, i));
            start = i;
        }
        if (tokens.isEmpty() && !text.isEmpty()) {
            tokens.add(text);
        }
        return tokens;
    }

    static long inputTokens(GenerationRequest request) {
        if (request.isChat()) {
            return TokenEstimator.countPrompt(request.chat());
        }
        long count = TokenEstimator.count(request.text()) + TokenEstimator.count(request.instruction());
        for (ContextItem item : request.context()) {
            count += TokenEstimator.count(item.label()) + TokenEstimator.count(item.text());
        }
        return count;
    }

    private String compute(GenerationRequest request) {
        if (request.isChat()) {
            if (chatAnswers == null) {
                LOG.info(CHAT_ADMIN_HINT);
                throw new GenerationException("The offline engine cannot hold a conversation on this node; "
                        + CHAT_HINT, false, "", null);
            }
            String answer = chatAnswers.respond(request.chat());
            if (answer == null || answer.isBlank()) {
                throw new GenerationException("The offline engine has no answer to this message; " + CHAT_HINT,
                        false, "", null);
            }
            return answer;
        }
        AiAction action = request.action();
        Tone tone = request.tone();
        if (action == null) {
            throw new GenerationException("The request names no action", false, "", null);
        }
        if (action == AiAction.FREE_PROMPT && LeadReplyTemplate.isLeadDraft(request.instruction())) {
            return LeadReplyTemplate.draft(request.context());
        }
        if (action == AiAction.FREE_PROMPT) {
            Optional<FreePromptPlan> plan = engine.planFreePrompt(request.instruction());
            if (plan.isEmpty()) {
                LOG.info(ADMIN_HINT);
                throw new GenerationException(freePromptRefusal(request.instruction()), false, "", null);
            }
            String text = request.text();
            if (text == null || text.isBlank()) {
                throw new GenerationException("There is no text to work on", false, "", null);
            }
            return engine.perform(plan.get(), text);
        }
        if (action == AiAction.CHANGE_TONE && tone == null) {
            throw new GenerationException("Changing the tone needs a target tone (professional, casual, formal, "
                    + "friendly or confident)", false, "", null);
        }
        String text = request.text();
        if (text == null || text.isBlank()) {
            throw new GenerationException("There is no text to work on", false, "", null);
        }
        if (action == AiAction.CHANGE_TONE) {
            OfflineTextEngine.ToneResult result = engine.rewriteTone(text, tone);
            if (!result.changed()) {
                throw new GenerationException(alreadyInTone(tone), false, "", null);
            }
            return result.text();
        }
        return engine.perform(action, tone, text);
    }

    /** The message when the text already reads in the tone asked for. */
    static String alreadyInTone(Tone tone) {
        return "This text already reads " + tone.name().toLowerCase(java.util.Locale.ROOT)
                + "; the offline engine found nothing to change.";
    }

    /**
     * The message for the end user when a free instruction needs a language model. It names no setting (the user
     * cannot change them) and does not repeat the instruction; the hint for the administrator goes to the log
     * ({@link #ADMIN_HINT}).
     */
    static String freePromptRefusal(String instruction) {
        return FREE_PROMPT_REFUSAL;
    }

    /** One running generation; its lock orders every listener call and guards the single terminal call. */
    private final class Generation implements GenerationHandle {

        private final GenerationRequest request;
        private final GenerationListener listener;
        private final long inputTokens;
        private final CountDownLatch cancelSignal = new CountDownLatch(1);
        private final Object lock = new Object();
        private final StringBuilder streamed = new StringBuilder();
        private boolean finished;

        Generation(GenerationRequest request, GenerationListener listener) {
            this.request = request;
            this.listener = listener;
            this.inputTokens = inputTokens(request);
        }

        void run() {
            String result;
            try {
                result = compute(request);
            } catch (GenerationException e) {
                fail(e);
                return;
            } catch (RuntimeException | Error e) {
                fail(new GenerationException("The offline engine failed: " + e, true, "", e));
                return;
            }
            try {
                for (String token : tokens(result)) {
                    synchronized (lock) {
                        if (finished) {
                            return;
                        }
                        listener.onToken(token);
                        streamed.append(token);
                    }
                    boolean cancelled = tokenDelay.isZero()
                            ? cancelSignal.getCount() == 0
                            : cancelSignal.await(tokenDelay.toNanos(), TimeUnit.NANOSECONDS);
                    if (cancelled) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new GenerationException("The offline generation was interrupted", true, partial(), e));
                return;
            } catch (RuntimeException e) {
                fail(new GenerationException("The stream consumer failed: " + e, false, partial(), e));
                return;
            }
            complete(false);
        }

        @Override
        public void cancel() {
            cancelSignal.countDown();
            complete(true);
        }

        private String partial() {
            synchronized (lock) {
                return streamed.toString();
            }
        }

        private void complete(boolean cancelled) {
            String text;
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                text = streamed.toString();
            }
            TokenUsage usage = new TokenUsage(inputTokens, TokenEstimator.count(text), false);
            listener.onComplete(new GenerationOutcome(text, usage, DEFAULT_MODEL, cancelled));
        }

        void fail(GenerationException failure) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            listener.onError(failure);
        }
    }
}
