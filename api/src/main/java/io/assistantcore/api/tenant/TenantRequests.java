package io.assistantcore.api.tenant;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.Plan;
import io.assistantcore.messages.tenant.Quotas;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.Set;

/** Request bodies of the tenant endpoints; the write model checks the same rules again. */
final class TenantRequests {

    private TenantRequests() {
    }

    record CreateTenantRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}",
                    message = "must be 2-63 characters of lower-case letters, digits and '-', starting with a letter or digit")
            String tenantId,
            @NotBlank @Size(max = 200) String name,
            @NotNull(message = "must be one of FREE, TEAM, BUSINESS, ENTERPRISE") Plan plan,
            @Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain white space") String initialAdminUserId) {
    }

    record MoneyRequest(
            @NotNull @DecimalMin("0") @Digits(integer = 13, fraction = 4) BigDecimal amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD or EUR") String currency) {

        Money toMoney() {
            return new Money(amount, currency);
        }
    }

    record QuotasRequest(
            @NotNull @Valid MoneyRequest monthlyBudget,
            @NotNull @Min(1) @Max(100_000) Integer requestsPerMinutePerUser,
            @NotNull @Min(1) @Max(1_000_000_000) Long tokensPerMinutePerTenant) {

        Quotas toQuotas() {
            return new Quotas(monthlyBudget.toMoney(), requestsPerMinutePerUser, tokensPerMinutePerTenant);
        }
    }

    record AiPolicyRequest(
            @NotNull Set<@NotNull AiAction> enabledActions,
            @Size(max = 100) Set<@NotBlank @Size(max = 100) String> allowedModels,
            @Size(max = 100) Set<@NotNull @Pattern(regexp = "\\*|[a-z][a-z0-9_-]{0,63}",
                    message = "must be '*' or a lower-case word of letters, digits, '_' and '-'") String> allowedContextKinds,
            Boolean maskPii,
            Boolean exactCache,
            Boolean semanticCache) {

        /** Left out: PII masking and the exact cache on, the semantic cache off. */
        AiPolicy toPolicy() {
            return new AiPolicy(enabledActions, allowedModels == null ? Set.of() : allowedModels,
                    allowedContextKinds == null ? Set.of() : allowedContextKinds, maskPii == null || maskPii,
                    exactCache == null || exactCache, Boolean.TRUE.equals(semanticCache));
        }
    }

    record MemberRolesRequest(@NotEmpty(message = "must name at least one role; DELETE the member to remove it")
                              Set<@NotNull Role> roles) {
    }

    record DeactivateRequest(@Size(max = 500) String reason) {
    }

    record TenantCreatedResponse(String tenantId) {
    }
}
