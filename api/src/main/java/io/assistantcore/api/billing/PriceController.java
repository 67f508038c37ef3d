package io.assistantcore.api.billing;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.PriceList;
import io.assistantcore.messages.billing.PriceMessages.PriceListQuery;
import io.assistantcore.messages.billing.PriceMessages.SetModelPrice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;

import static io.assistantcore.messages.billing.PriceMessages.PRICE_LIST_ID;

/** The price table of API.md: prices are events, changed at run time by platform administrators. */
@RestController
@RequestMapping("/api/v1/admin/prices")
@Tag(name = "Billing", description = "Model prices")
public class PriceController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TenantAccess access;
    private final ReadModelCatchUp catchUp;

    PriceController(CommandGateway commands, QueryGateway queries, TenantAccess access, ReadModelCatchUp catchUp) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.catchUp = catchUp;
    }

    record PriceRequest(@NotNull @DecimalMin("0") @Digits(integer = 7, fraction = 6) BigDecimal inputPerMillion,
                        @NotNull @DecimalMin("0") @Digits(integer = 7, fraction = 6) BigDecimal outputPerMillion,
                        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD or EUR")
                        String currency,
                        @DecimalMin("0") @Digits(integer = 7, fraction = 6) BigDecimal perImage) {
    }

    @GetMapping
    @Operation(summary = "Every model's price per million input and output tokens, and per image for image "
            + "models (PLATFORM_ADMIN)")
    public List<ModelPrice> prices() {
        access.requirePlatformAdmin();
        return list();
    }

    @PutMapping("/{provider}/{model}")
    @Operation(summary = "Set a model's price; recorded as an event (PLATFORM_ADMIN)")
    public ModelPrice setPrice(@PathVariable String provider, @PathVariable String model,
                               @Valid @RequestBody PriceRequest request) {
        access.requirePlatformAdmin();
        ModelPrice price = new ModelPrice(provider, model, request.inputPerMillion(), request.outputPerMillion(),
                request.currency(), request.perImage());
        commands.sendAndWait(new SetModelPrice(PRICE_LIST_ID, price));
        catchUp.await("price of " + provider + "/" + model, () -> list().stream().anyMatch(p ->
                p.provider().equals(provider) && p.model().equals(model)
                        && p.inputPerMillion().compareTo(price.inputPerMillion()) == 0
                        && p.outputPerMillion().compareTo(price.outputPerMillion()) == 0
                        && p.currency().equals(price.currency())
                        && (price.perImage() == null ? p.perImage() == null
                        : p.perImage() != null && p.perImage().compareTo(price.perImage()) == 0)));
        return list().stream().filter(p -> p.provider().equals(provider) && p.model().equals(model)).findFirst()
                .orElse(price);
    }

    private List<ModelPrice> list() {
        return queries.query(new PriceListQuery(), ResponseTypes.instanceOf(PriceList.class)).join().prices();
    }
}
