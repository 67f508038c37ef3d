package io.assistantcore.command.webhook;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.webhook.WebhookMessages;
import io.assistantcore.messages.webhook.WebhookMessages.ConfigureWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.DisableWebhookEndpoint;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointDisabled;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.Repository;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Endpoint ids are the tenant's own: the commands go through a real bus, repository and (in-memory) event store, so
 * the streams each command writes to are seen as they are stored.
 */
class WebhookEndpointCommandsTest {

    private static final String SECRET_A = "whsec_" + "A".repeat(32);
    private static final String SECRET_B = "whsec_" + "B".repeat(32);
    private static final List<String> TYPES = List.of("lead.classified");

    private EmbeddedEventStore events;
    private CommandGateway commands;

    @BeforeEach
    void setUp() {
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        Repository<WebhookEndpoint> repository = EventSourcingRepository.builder(WebhookEndpoint.class)
                .eventStore(events).build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new WebhookEndpointCommands(repository, events)).subscribe(bus);
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    private static ConfigureWebhookEndpoint configure(String tenantId, String url, boolean enabled, String secret) {
        return new ConfigureWebhookEndpoint("crm", tenantId, "admin-of-" + tenantId, url, TYPES, enabled, secret);
    }

    private List<Object> stream(String aggregateId) {
        return events.readEvents(aggregateId).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    @Test
    void twoTenantsEachCreateTheirOwnCrm() {
        commands.sendAndWait(configure("acme", "https://a.example.com/hook", true, SECRET_A));
        commands.sendAndWait(configure("globex", "https://b.example.com/hook", true, SECRET_B));

        assertThat(stream("acme/crm")).containsExactly(new WebhookEndpointConfigured("crm", "acme",
                WebhookMessages.KEY_OWNER, "admin-of-acme", "https://a.example.com/hook", TYPES, true, SECRET_A,
                "acme/crm"));
        assertThat(stream("globex/crm")).containsExactly(new WebhookEndpointConfigured("crm", "globex",
                WebhookMessages.KEY_OWNER, "admin-of-globex", "https://b.example.com/hook", TYPES, true, SECRET_B,
                "globex/crm"));
        assertThat(stream("crm")).isEmpty();
    }

    @Test
    void aChangeAndADisableReachTheTenantsOwnEndpointOnly() {
        commands.sendAndWait(configure("acme", "https://a.example.com/hook", true, SECRET_A));
        commands.sendAndWait(configure("globex", "https://b.example.com/hook", true, SECRET_B));

        commands.sendAndWait(configure("globex", "https://b.example.com/v2", true, null));
        commands.sendAndWait(new DisableWebhookEndpoint("acme", "crm", "The receiver answered 410 Gone"));

        assertThat(stream("acme/crm")).hasSize(2).last()
                .isEqualTo(new WebhookEndpointDisabled("crm", "acme", "The receiver answered 410 Gone"));
        assertThat(stream("globex/crm")).hasSize(2).last().isInstanceOfSatisfying(WebhookEndpointConfigured.class,
                changed -> {
                    assertThat(changed.url()).isEqualTo("https://b.example.com/v2");
                    assertThat(changed.secret()).isNull();
                    assertThat(changed.aggregateId()).isEqualTo("globex/crm");
                });
    }

    @Test
    void anotherTenantsEndpointIsNotFoundAndNotChanged() {
        commands.sendAndWait(configure("acme", "https://a.example.com/hook", true, SECRET_A));

        // globex has no crm: disabling it is refused as not found, and creating it needs its own secret
        assertThatThrownBy(() -> commands.sendAndWait(new DisableWebhookEndpoint("globex", "crm", "gone")))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> commands.sendAndWait(configure("globex", "https://b.example.com/hook", true, null)))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("secret"));
        assertThat(stream("acme/crm")).hasSize(1);
        assertThat(stream("globex/crm")).isEmpty();
    }

    @Test
    void anEndpointStoredUnderItsBareIdIsStillItsTenantsAndNoOneElses() {
        // stored before ids were scoped: revision 1, aggregate "crm"
        events.publish(new GenericDomainEventMessage<>("WebhookEndpoint", "crm", 0, new WebhookEndpointConfigured(
                "crm", "acme", WebhookMessages.KEY_OWNER, "alice", "https://a.example.com/hook", TYPES, true,
                SECRET_A, null)));

        commands.sendAndWait(configure("acme", "https://a.example.com/v2", true, null));
        commands.sendAndWait(new DisableWebhookEndpoint("acme", "crm", "The receiver answered 410 Gone"));
        assertThat(stream("crm")).hasSize(3);
        assertThat(stream("crm").get(1)).isInstanceOfSatisfying(WebhookEndpointConfigured.class,
                changed -> assertThat(changed.aggregateId()).isEqualTo("crm"));
        assertThat(stream("acme/crm")).isEmpty();

        // another tenant neither finds nor changes it, and creates its own
        assertThatThrownBy(() -> commands.sendAndWait(new DisableWebhookEndpoint("globex", "crm", "gone")))
                .isInstanceOf(CommandRejectedException.class);
        commands.sendAndWait(configure("globex", "https://b.example.com/hook", true, SECRET_B));
        commands.sendAndWait(new DisableWebhookEndpoint("globex", "crm", "gone"));
        assertThat(stream("globex/crm")).hasSize(2);
        assertThat(stream("crm")).hasSize(3);
    }

    @Test
    void anIdWithASlashOrWithoutATenantIsRefused() {
        assertThatThrownBy(() -> commands.sendAndWait(new ConfigureWebhookEndpoint("a/b", "acme", "alice",
                "https://a.example.com/hook", TYPES, true, SECRET_A)))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("endpointId"));
        assertThatThrownBy(() -> commands.sendAndWait(new ConfigureWebhookEndpoint("crm", "ac/me", "alice",
                "https://a.example.com/hook", TYPES, true, SECRET_A)))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("tenantId"));
        assertThatThrownBy(() -> commands.sendAndWait(new DisableWebhookEndpoint(null, "crm", "gone")))
                .isInstanceOf(CommandRejectedException.class);
        assertThat(stream("acme/crm")).isEmpty();
        assertThat(stream("ac/me/crm")).isEmpty();
    }
}
