package io.assistantcore.ai.webhook;

import io.assistantcore.messages.lead.LeadCommands.MarkLeadReplySent;
import io.assistantcore.messages.webhook.WebhookMessages.DisableWebhookEndpoint;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.outbound.OutboundHttp.OutboundCallFailedException;
import io.assistantcore.platform.outbound.StandardWebhooks;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due webhook deliveries through the outbound client (SSRF policy, no redirects, time and size caps), signed
 * per Standard Webhooks with the endpoint's secret. A 2xx answer delivers; 410 Gone disables the endpoint and
 * cancels its waiting deliveries; anything else (another status, a timeout, a refused connection, a refused target)
 * is tried again after the next pause of the retry schedule (with up to 20% jitter), and after the last one the
 * delivery is dead-lettered, waiting for a manual retry. The webhook-id stays the same on every try. A delivered
 * {@code lead.reply_approved} marks the lead's reply sent. Payloads with personal data are emptied once delivered,
 * and after {@code personalPayloadRetention} when they were not (see {@link WebhookOutbox#sweepPersonalPayloads}).
 */
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final int BATCH = 20;

    private final WebhookOutbox outbox;
    private final OutboundHttp http;
    private final CommandGateway commands;
    private final WebhookSecrets secrets;
    private final List<Duration> schedule;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Duration pollInterval;
    private final Duration personalPayloadRetention;
    private final Duration sweepEvery;
    private final AtomicBoolean running = new AtomicBoolean();
    private Instant lastSweep = Instant.MIN;

    /**
     * @param schedule the pauses before the 2nd, 3rd… try (its size + 1 tries in all)
     */
    public WebhookSender(WebhookOutbox outbox, OutboundHttp http, CommandGateway commands, WebhookSecrets secrets,
                         List<Duration> schedule, Duration timeout, Clock clock, ScheduledExecutorService timer,
                         Duration pollInterval, Duration personalPayloadRetention) {
        this.outbox = outbox;
        this.http = http;
        this.commands = commands;
        this.secrets = secrets;
        this.schedule = List.copyOf(schedule);
        this.timeout = timeout;
        this.clock = clock;
        this.timer = timer;
        this.pollInterval = pollInterval;
        this.personalPayloadRetention = personalPayloadRetention;
        Duration minute = Duration.ofMinutes(1);
        this.sweepEvery = personalPayloadRetention.compareTo(minute) < 0 ? pollInterval : minute;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::safeRun, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Looks for due deliveries now (after a new one was enqueued). */
    public void wake() {
        timer.execute(this::safeRun);
    }

    private void safeRun() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            List<WebhookOutbox.Due> due;
            do {
                due = outbox.claimDue(clock.instant(), timeout.plusSeconds(30), BATCH);
                due.forEach(this::send);
            } while (due.size() == BATCH);
            sweep();
        } catch (RuntimeException e) {
            log.warn("Webhook delivery round failed: {}", e.toString());
        } finally {
            running.set(false);
        }
    }

    /** Personal payloads of deliveries older than the retention (not delivered: those are swept at once). */
    private void sweep() {
        Instant now = clock.instant();
        if (lastSweep.plus(sweepEvery).isAfter(now)) {
            return;
        }
        lastSweep = now;
        int swept = outbox.sweepPersonalPayloads(now.minus(personalPayloadRetention), now);
        if (swept > 0) {
            log.info("Swept the personal payloads of {} undelivered webhook deliveries past their retention", swept);
        }
    }

    void send(WebhookOutbox.Due delivery) {
        int attempt = delivery.attempts() + 1;
        Instant now = clock.instant();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        Integer status = null;
        String error = null;
        try {
            String secret = secrets.secretOf(delivery.tenantId(), delivery.endpointId());
            if (secret == null) {
                outbox.recordAttempt(delivery.deliveryId(), attempt, now, null,
                        "endpoint not found, disabled or its secret forgotten", WebhookOutbox.CANCELLED, null);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>(StandardWebhooks.headers(secret, delivery.messageId(),
                    now, body));
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "assistant-core-webhooks/1");
            status = http.send("POST", delivery.url(), headers, body, timeout).status();
        } catch (OutboundCallFailedException e) {
            error = e.kind().name().toLowerCase() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName();
        }
        if (status != null && status >= 200 && status < 300) {
            outbox.recordAttempt(delivery.deliveryId(), attempt, now, status, null, WebhookOutbox.DELIVERED, null);
            if (delivery.leadId() != null) {
                try {
                    commands.sendAndWait(new MarkLeadReplySent(delivery.leadId(), delivery.deliveryId()));
                } catch (RuntimeException e) {
                    log.warn("Delivered {}, but the lead could not be marked sent: {}", delivery.deliveryId(),
                            e.getClass().getSimpleName());
                }
            }
            return;
        }
        if (status != null && status == 410) {
            outbox.recordAttempt(delivery.deliveryId(), attempt, now, status, "410 Gone: endpoint disabled",
                    WebhookOutbox.DEAD_LETTERED, null);
            commands.sendAndWait(new DisableWebhookEndpoint(delivery.tenantId(), delivery.endpointId(),
                    "The receiver answered 410 Gone"));
            outbox.cancelPending(delivery.tenantId(), delivery.endpointId());
            log.info("Webhook endpoint {} answered 410 Gone and is disabled", delivery.endpointId());
            return;
        }
        if (attempt > schedule.size()) {
            outbox.recordAttempt(delivery.deliveryId(), attempt, now, status, error, WebhookOutbox.DEAD_LETTERED,
                    null);
            log.info("Webhook delivery {} dead-lettered after {} tries", delivery.deliveryId(), attempt);
            return;
        }
        Duration pause = schedule.get(attempt - 1);
        long jitter = ThreadLocalRandom.current().nextLong(pause.toMillis() / 5 + 1);
        outbox.recordAttempt(delivery.deliveryId(), attempt, now, status, error, WebhookOutbox.PENDING,
                now.plus(pause).plusMillis(jitter));
    }
}
