package io.assistantcore.command.billing;

import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.billing.BudgetMessages.ChargeUsage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Charges every recorded usage to the budget reservation it belongs to, and settles the reservation when the request
 * ended. The ledger ignores a charge it has seen (the charge id is the attempt), so an event delivered again after a
 * crash bills once; a replay of this processor is refused all the same, it would only repeat commands. A charge the
 * ledger refuses is kept in this processor's dead-letter queue (never skipped), to be retried or evicted by an
 * operator; see {@code CommandSideConfiguration#budgetSettlementDeadLetteringGroups}.
 */
@Component
@ProcessingGroup(BudgetSettlement.PROCESSING_GROUP)
@DisallowReplay
public class BudgetSettlement {

    public static final String PROCESSING_GROUP = "budget-settlement";

    private static final Logger log = LoggerFactory.getLogger(BudgetSettlement.class);

    private final CommandGateway commands;

    public BudgetSettlement(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(AttemptUsageRecorded event, MetaData metaData) {
        if (event.ledgerId() == null || event.reservationId() == null) {
            log.debug("Usage of attempt {} of suggestion {} is not budgeted", event.attempt(), event.suggestionId());
            return;
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ChargeUsage(event.ledgerId(),
                event.reservationId(), event.suggestionId() + "#" + event.attempt(), event.cost(),
                event.closesReservation())).andMetaData(metaData));
    }
}
