package io.assistantcore.ai.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.ai.provider.ChatModelFactory;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.webhook.WebhookDispatcher;
import io.assistantcore.ai.webhook.WebhookOutbox;
import io.assistantcore.ai.webhook.WebhookQueryHandlers;
import io.assistantcore.ai.webhook.WebhookSecrets;
import io.assistantcore.ai.webhook.WebhookSender;
import io.assistantcore.platform.deadletter.DeadLetteringGroups;
import io.assistantcore.platform.outbound.OutboundHttp;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires the lead workflow's worker (classification, extraction, scoring, reviewed examples, reply drafts) and the
 * outbound webhooks (dispatcher, sender, delivery log). Both groups start at the head of the event store
 * (a new deployment must not re-run old leads nor re-send old webhooks) and set an event aside in their dead-letter
 * queue once its retries are spent ({@code POST /api/v1/admin/dead-letters/{id}/retry} runs it again).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LeadWorkerConfiguration.LeadProperties.class,
        LeadWorkerConfiguration.WebhookProperties.class})
public class LeadWorkerConfiguration {

    static final int LEAD_ANALYSIS_SEGMENTS = 16;

    private static final Logger log = LoggerFactory.getLogger(LeadWorkerConfiguration.class);

    /**
     * {@code assistant.leads.*}.
     *
     * @param defaultPhoneRegion region of phone numbers written without a country code (when the e-mail's domain
     *                           names no country)
     * @param stepAttempts       tries of a workflow step before its event is dead-lettered
     * @param stepBackoff        pause after the first failed try (doubled after each)
     */
    @ConfigurationProperties("assistant.leads")
    public record LeadProperties(@DefaultValue("US") String defaultPhoneRegion, @DefaultValue("3") int stepAttempts,
                                 @DefaultValue("1s") Duration stepBackoff) {
    }

    /**
     * {@code assistant.webhooks.*}.
     *
     * @param retrySchedule pauses before the 2nd, 3rd… try (Standard Webhooks' schedule: about 28 hours in all)
     * @param timeout       limit for one try
     * @param pollInterval  how often due deliveries are looked for
     * @param personalPayloadRetention how long a payload with personal data (lead.reply_approved,
     *                      suggestion.approved) is kept when it was not delivered (dead-lettered, cancelled, still
     *                      waiting); a delivered one is swept at once
     */
    @ConfigurationProperties("assistant.webhooks")
    public record WebhookProperties(@DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
                                    List<Duration> retrySchedule,
                                    @DefaultValue("10s") Duration timeout,
                                    @DefaultValue("1s") Duration pollInterval,
                                    @DefaultValue("7d") Duration personalPayloadRetention) {
    }

    @Bean
    public DeadLetteringGroups leadWorkerDeadLetteringGroups() {
        return new DeadLetteringGroups(java.util.Set.of(LeadWorker.PROCESSING_GROUP,
                LeadDraftWatcher.PROCESSING_GROUP, WebhookDispatcher.PROCESSING_GROUP));
    }

    /**
     * A lead is analysed in the worker's handler (model calls included), so the worker's segments bound how many leads
     * are analysed at once: it keeps Axon's 16, where the platform's other processors start with fewer. The ends of
     * the drafts' suggestions are watched by a processor of their own ({@link LeadDraftWatcher}, one segment, from the
     * tail: a suggestion that is not a lead's running draft is refused by the lead), so that the end of every
     * suggestion is not offered to each of those 16 segments.
     */
    @Bean
    public ConfigurerModule leadWorkerProcessors() {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(LeadWorker.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(LEAD_ANALYSIS_SEGMENTS))
                .registerPooledStreamingEventProcessorConfiguration(WebhookDispatcher.PROCESSING_GROUP,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }

    @Bean
    public EmbeddingLeadClassifier embeddingLeadClassifier(OfflineTextEngine offlineTextEngine, WarmUps warmUps) {
        EmbeddingLeadClassifier classifier = new EmbeddingLeadClassifier(offlineTextEngine::embeddingModel);
        // embed the shipped examples now, not while the first lead waits
        warmUps.run("lead examples", "the first lead will embed them", classifier::warmUp);
        return classifier;
    }

    @Bean
    public LeadExamples leadExamples(JdbcTemplate jdbc) {
        return new LeadExamples(jdbc);
    }

    @Bean
    public LeadAnalyzer leadAnalyzer(EmbeddingLeadClassifier classifier, LeadExamples examples,
                                     LeadProperties properties, Environment environment) {
        List<ProviderSettings> providers = ProviderConfiguration.configuredProviders(environment);
        LlmLeadAnalyzer llm = null;
        if (!providers.isEmpty()) {
            ProviderSettings first = providers.get(0);
            llm = new LlmLeadAnalyzer(new ChatModelFactory(800).create(first), properties.defaultPhoneRegion());
            log.info("Leads: classified and extracted by {} (JSON schema), the offline engine as fallback",
                    first.id());
        } else {
            log.info("Leads: offline classifier and extraction rules (no remote provider configured)");
        }
        return new LeadAnalyzer(classifier, new RuleLeadExtractor(properties.defaultPhoneRegion()), examples, llm);
    }

    @Bean
    public LeadWorker leadWorker(LeadAnalyzer analyzer, LeadExamples examples, CommandGateway commands,
                                 LeadProperties properties) {
        return new LeadWorker(analyzer, examples, commands,
                new StepRetry(properties.stepAttempts(), properties.stepBackoff()));
    }

    @Bean
    public LeadDraftWatcher leadDraftWatcher(LeadWorker leadWorker) {
        return new LeadDraftWatcher(leadWorker);
    }

    // --- outbound webhooks -------------------------------------------------------------------------------------

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService webhookTimer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    public WebhookOutbox webhookOutbox(JdbcTemplate jdbc) {
        return new WebhookOutbox(jdbc);
    }

    @Bean(initMethod = "start")
    public WebhookSender webhookSender(WebhookOutbox outbox, OutboundHttp http, CommandGateway commands,
                                       QueryGateway queries, WebhookProperties properties,
                                       ScheduledExecutorService webhookTimer) {
        return new WebhookSender(outbox, http, commands, new WebhookSecrets(queries), properties.retrySchedule(),
                properties.timeout(), Clock.systemUTC(), webhookTimer, properties.pollInterval(),
                properties.personalPayloadRetention());
    }

    @Bean
    public WebhookDispatcher webhookDispatcher(QueryGateway queries, WebhookOutbox outbox, ObjectMapper json,
                                               WebhookSender sender) {
        return new WebhookDispatcher(queries, outbox, json, Clock.systemUTC(), sender::wake);
    }

    @Bean
    public WebhookQueryHandlers webhookQueryHandlers(WebhookOutbox outbox, WebhookSender sender) {
        return new WebhookQueryHandlers(outbox, sender, Clock.systemUTC());
    }
}
