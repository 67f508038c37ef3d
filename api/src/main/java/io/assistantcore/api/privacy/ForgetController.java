package io.assistantcore.api.privacy;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.TenantCommands.ForgetMemberData;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.PersonalDataProtection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The right to be forgotten: destroys a user's data key, so their personal texts read as forgotten everywhere. */
@RestController
@Tag(name = "Tenants", description = "Tenants, members, quotas and AI policy")
public class ForgetController {

    private final CommandGateway commands;
    private final TenantAccess access;
    private final DataKeyStore keys;

    ForgetController(CommandGateway commands, TenantAccess access, DataKeyStore keys) {
        this.commands = commands;
        this.access = access;
        this.keys = keys;
    }

    public record Forgotten(String tenantId, String userId, int keysDestroyed) {
    }

    @DeleteMapping("/api/v1/tenants/{tenantId}/members/{userId}/data")
    @Operation(summary = "Forget a user's personal data: texts they entered or that were generated for them become "
            + "unreadable everywhere; events, counts, costs and times stay")
    public Forgotten forget(@PathVariable String tenantId, @PathVariable String userId) {
        access.require(tenantId, Role.TENANT_ADMIN);
        String subject = PersonalDataProtection.subject(tenantId, userId);
        java.time.Instant asked = keys.now();
        commands.sendAndWait(new ForgetMemberData(tenantId, userId));
        // at once here; DataKeyShredder does it again from the event, should this node stop right now — and may be
        // first: the keys this request destroyed are those destroyed since it was made, by either
        keys.destroy(subject);
        return new Forgotten(tenantId, userId, keys.destroyedSince(subject, asked));
    }
}
