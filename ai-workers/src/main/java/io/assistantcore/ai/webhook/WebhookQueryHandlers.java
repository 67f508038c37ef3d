package io.assistantcore.ai.webhook;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.webhook.WebhookMessages.DeliveryList;
import io.assistantcore.messages.webhook.WebhookMessages.RetryWebhookDelivery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookDeliveriesQuery;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookHealth;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookHealthQuery;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;

import java.time.Clock;

/**
 * What only the delivery worker knows: the delivery log, the endpoints' health, and a manual retry (the delivery is
 * due at once; a delivered one is not sent again).
 */
public class WebhookQueryHandlers {

    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final Clock clock;

    public WebhookQueryHandlers(WebhookOutbox outbox, WebhookSender sender, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
    }

    @QueryHandler
    public DeliveryList handle(WebhookDeliveriesQuery query) {
        return new DeliveryList(outbox.list(query.tenantId(), query.status(), query.endpointId(), query.limit()));
    }

    @QueryHandler
    public WebhookHealth handle(WebhookHealthQuery query) {
        return new WebhookHealth(outbox.health(query.tenantId()));
    }

    @CommandHandler
    public void handle(RetryWebhookDelivery command) {
        String status = outbox.statusOf(command.tenantId(), command.deliveryId()).orElseThrow(() ->
                CommandRejectedException.notFound("delivery", "No webhook delivery '" + command.deliveryId() + "'"));
        if (WebhookOutbox.DELIVERED.equals(status)) {
            throw CommandRejectedException.conflict("delivered", "The delivery was delivered already");
        }
        if (outbox.swept(command.tenantId(), command.deliveryId())) {
            throw CommandRejectedException.conflict("payload-swept", "The delivery's payload held personal data and "
                    + "was swept after the retention; it cannot be sent again");
        }
        outbox.retryNow(command.tenantId(), command.deliveryId(), clock.instant());
        sender.wake();
    }
}
