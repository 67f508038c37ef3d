package io.assistantcore.ai.offline;

import io.assistantcore.ai.chat.OfflineChatAnswers;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.chat.MemoryInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineTextGeneratorTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine(1);
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);

    private static final String LONG_TEXT = "Dear Anna, I am writing to inform you that we do not have the report yet. "
            + "It is not ready because the data team has not finished the import. We will send it as soon as "
            + "possible, and I will let you know when it is done. Thank you for your patience and for the quick "
            + "reply to my last message about the budget review.";

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    private static GenerationRequest request(AiAction action, Tone tone, String instruction, String text,
                                             List<ContextItem> context) {
        return new GenerationRequest(action, tone, instruction, text, context, "v1", null);
    }

    @Test
    void identifiesItself() {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR);
        assertThat(generator.providerId()).isEqualTo("local");
        assertThat(generator.defaultModel()).isEqualTo("offline-engine-v1");
    }

    @Test
    void streamsWordByWordAndTheTokensMakeUpTheCompletedText() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();

        generator.generate(request(AiAction.CHANGE_TONE, Tone.CASUAL, null, LONG_TEXT, List.of()), recorder);

        GenerationOutcome outcome = recorder.awaitOutcome();
        String expected = ENGINE.changeTone(LONG_TEXT, Tone.CASUAL);
        assertThat(outcome.text()).isEqualTo(expected);
        assertThat(String.join("", recorder.tokens())).isEqualTo(outcome.text());
        assertThat(recorder.tokens()).hasSizeGreaterThan(1).hasSize(expected.split("\\s+").length);
        assertThat(recorder.tokens().get(0)).isEqualTo("Hey ");
        assertThat(outcome.cancelled()).isFalse();
        assertThat(outcome.model()).isEqualTo("offline-engine-v1");
        assertThat(outcome.usage().reportedByProvider()).isFalse();
        assertThat(outcome.usage().inputTokens()).isEqualTo(TokenEstimator.count(LONG_TEXT));
        assertThat(outcome.usage().outputTokens()).isEqualTo(TokenEstimator.count(expected));
        recorder.assertSingleTerminalAfter(Duration.ofMillis(100));
    }

    @Test
    void cancelStopsTheStreamPromptlyAndReportsThePartialText() throws Exception {
        // a pause after each token far longer than any test: the stream can only end early through the cancel
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ofHours(1));
        Recorder recorder = new Recorder(1);
        String full = ENGINE.changeTone(LONG_TEXT, Tone.FORMAL);

        GenerationHandle handle = generator.generate(request(AiAction.CHANGE_TONE, Tone.FORMAL, null, LONG_TEXT,
                List.of()), recorder);
        assertThat(recorder.tokensSeen.await(10, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        // the outcome is delivered by the cancel itself, not after the pause runs out
        assertThat(recorder.done.getCount()).as("outcome delivered when cancel returned").isZero();
        GenerationOutcome outcome = recorder.awaitOutcome();
        handle.cancel();

        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.text()).isNotEmpty().isEqualTo(String.join("", recorder.tokens()));
        assertThat(full).startsWith(outcome.text());
        assertThat(outcome.text().length()).isLessThan(full.length());
        assertThat(outcome.usage().outputTokens()).isEqualTo(TokenEstimator.count(outcome.text()));
        int tokensAtCancel = recorder.tokens().size();
        recorder.assertSingleTerminalAfter(Duration.ofMillis(200));
        assertThat(recorder.tokens()).hasSize(tokensAtCancel);
    }

    @Test
    void freePromptThatMapsToAnActionIsPerformed() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();

        generator.generate(request(AiAction.FREE_PROMPT, null, "fix the typos", "their is a error in this sentance",
                List.of()), recorder);

        assertThat(recorder.awaitOutcome().text()).isEqualTo("There is an error in this sentence.");
        assertThat(String.join("", recorder.tokens())).isEqualTo("There is an error in this sentence.");
    }

    @Test
    void freePromptItCannotFollowFailsWithoutPretending() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(OfflineTextGenerator.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        logger.addAppender(logs);

        generator.generate(request(AiAction.FREE_PROMPT, null, "write a poem about cats", "Cats.", List.of()),
                recorder);

        GenerationException failure = recorder.awaitFailure();
        assertThat(failure.getMessage())
                .contains("needs an AI provider; ask your administrator")
                .doesNotContain("cats", "OPENAI_API_KEY", "OLLAMA_BASE_URL");
        assertThat(failure.fallbackAllowed()).isFalse();
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_BASE_URL"));
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("cats"));
        assertThat(recorder.tokens()).isEmpty();
        recorder.assertSingleTerminalAfter(Duration.ofMillis(50));
        logger.detachAppender(logs);
    }

    @Test
    void changeToneWithoutToneFails() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();

        generator.generate(request(AiAction.CHANGE_TONE, null, null, "Some text.", List.of()), recorder);

        GenerationException failure = recorder.awaitFailure();
        assertThat(failure.getMessage()).contains("tone");
        assertThat(failure.fallbackAllowed()).isFalse();
    }

    @Test
    void blankTextFails() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();

        generator.generate(request(AiAction.IMPROVE, null, null, "  ", List.of()), recorder);

        assertThat(recorder.awaitFailure().fallbackAllowed()).isFalse();
    }

    @Test
    void summarizeWorksOnTheRequestTextAloneAndCountsContextAsInput() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();
        String text = "The build failed on Monday. The cause was a missing dependency. We added it. "
                + "The build passed on Tuesday. Nobody noticed the outage.";
        ContextItem context = new ContextItem("record", "Ticket 42", "Customer Zeta reports login problems.");

        generator.generate(request(AiAction.SUMMARIZE, null, null, text, List.of(context)), recorder);

        GenerationOutcome outcome = recorder.awaitOutcome();
        assertThat(outcome.text()).isEqualTo(ENGINE.summarize(text)).doesNotContain("Zeta");
        assertThat(outcome.usage().inputTokens()).isEqualTo(TokenEstimator.count(text)
                + TokenEstimator.count("Ticket 42") + TokenEstimator.count("Customer Zeta reports login problems."));
    }

    @Test
    void tokensKeepEveryCharacter() {
        assertThat(OfflineTextGenerator.tokens("  Hello  world,\nnew line. ")).containsExactly("  Hello  ", "world,\n",
                "new ", "line. ");
        assertThat(OfflineTextGenerator.tokens("one")).containsExactly("one");
    }

    /** Records one generation; counts terminal calls to prove there is exactly one. */
    private static final ChatPrompt CHAT = new ChatPrompt("You are the assistant of ACME.", List.of(
            new ChatPrompt.Message(ChatPrompt.Role.USER, "My name is Dana."),
            new ChatPrompt.Message(ChatPrompt.Role.ASSISTANT, "Nice to meet you, Dana."),
            new ChatPrompt.Message(ChatPrompt.Role.USER, "What is my name?")),
            List.of(new MemoryInput.ProfileFact("name", "Dana")), "chat-v1");

    /** A deterministic responder that answers from the profile, as the offline chat answers do. */
    private static final OfflineChatAnswers FROM_PROFILE = prompt -> prompt.profile().stream()
            .filter(fact -> fact.key().equals("name")).findFirst()
            .map(fact -> "Your name is " + fact.value() + ", as you told me.")
            .orElse("I do not know that yet.");

    @Test
    void aChatRequestIsAnsweredByTheOfflineChatAnswersAndStreamedWordByWord() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO, FROM_PROFILE);
        Recorder recorder = new Recorder();

        generator.generate(GenerationRequest.chat(CHAT, "ignored-model"), recorder);

        GenerationOutcome outcome = recorder.awaitOutcome();
        assertThat(outcome.text()).isEqualTo("Your name is Dana, as you told me.");
        assertThat(recorder.tokens()).containsExactly("Your ", "name ", "is ", "Dana, ", "as ", "you ", "told ",
                "me.");
        assertThat(outcome.model()).isEqualTo(OfflineTextGenerator.DEFAULT_MODEL);
        assertThat(outcome.usage().inputTokens()).as("the whole conversation")
                .isEqualTo(TokenEstimator.countPrompt(CHAT));
        assertThat(outcome.usage().outputTokens()).isEqualTo(TokenEstimator.count(outcome.text()));
        recorder.assertSingleTerminalAfter(Duration.ofMillis(50));
    }

    @Test
    void withoutOfflineChatAnswersAChatRequestFailsSayingAnAdministratorCanConnectAProvider() throws Exception {
        OfflineTextGenerator generator = new OfflineTextGenerator(ENGINE, EXECUTOR, Duration.ZERO);
        Recorder recorder = new Recorder();

        generator.generate(GenerationRequest.chat(CHAT, null), recorder);

        GenerationException failure = recorder.awaitFailure();
        assertThat(failure.fallbackAllowed()).isFalse();
        assertThat(failure.getMessage()).contains("an administrator can connect an AI provider")
                .doesNotContain("API_KEY").doesNotContain("OLLAMA");
        assertThat(recorder.tokens()).isEmpty();
    }

    private static final class Recorder implements GenerationListener {
        private final List<String> tokens = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch tokensSeen;
        private final AtomicInteger terminals = new AtomicInteger();
        private volatile GenerationOutcome outcome;
        private volatile GenerationException failure;

        Recorder() {
            this(1);
        }

        Recorder(int tokensToSee) {
            this.tokensSeen = new CountDownLatch(tokensToSee);
        }

        @Override
        public synchronized void onToken(String text) {
            tokens.add(text);
            tokensSeen.countDown();
        }

        @Override
        public void onComplete(GenerationOutcome outcome) {
            this.outcome = outcome;
            terminals.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onError(GenerationException failure) {
            this.failure = failure;
            terminals.incrementAndGet();
            done.countDown();
        }

        synchronized List<String> tokens() {
            return List.copyOf(tokens);
        }

        GenerationOutcome awaitOutcome() throws InterruptedException {
            assertThat(done.await(60, TimeUnit.SECONDS)).as("generation ended").isTrue();
            assertThat(failure).as("failure").isNull();
            return outcome;
        }

        GenerationException awaitFailure() throws InterruptedException {
            assertThat(done.await(60, TimeUnit.SECONDS)).as("generation ended").isTrue();
            assertThat(outcome).as("outcome").isNull();
            return failure;
        }

        void assertSingleTerminalAfter(Duration wait) throws InterruptedException {
            Thread.sleep(wait.toMillis());
            assertThat(terminals.get()).isEqualTo(1);
        }
    }
}
