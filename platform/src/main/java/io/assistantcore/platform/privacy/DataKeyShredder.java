package io.assistantcore.platform.privacy;

import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Destroys the data key of every forgotten user, from the event, so a forget request survives a node that stopped
 * between storing the event and destroying the key. Destroying twice is harmless.
 */
@Component
@ProcessingGroup("data-keys")
@DisallowReplay
public class DataKeyShredder {

    private final DataKeyStore keys;

    public DataKeyShredder(DataKeyStore keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(MemberDataForgotten event, @Timestamp Instant at) {
        keys.destroy(PersonalDataProtection.subject(event.tenantId(), event.userId()), at);
    }
}
