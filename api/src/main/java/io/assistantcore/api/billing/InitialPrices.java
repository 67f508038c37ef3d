package io.assistantcore.api.billing;

import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.billing.PriceMessages.SeedModelPrices;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;

import static io.assistantcore.messages.billing.PriceMessages.PRICE_LIST_ID;

/**
 * Seeds the price list from configuration at start-up: models without a price get the configured one; prices an
 * administrator set stay as they are. Runs on every node and every start; the price list decides (idempotent).
 */
@Component
class InitialPrices implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialPrices.class);

    private final CommandGateway commands;
    private final Settings settings;

    InitialPrices(CommandGateway commands, Settings settings) {
        this.commands = commands;
        this.settings = settings;
    }

    /** {@code assistant.billing.prices}: the initial price table. */
    @ConfigurationProperties("assistant.billing")
    record Settings(@DefaultValue({}) List<ModelPrice> prices) {
    }

    @Override
    public void run(ApplicationArguments args) {
        List<ModelPrice> prices = settings.prices().isEmpty() ? DEFAULTS : settings.prices();
        commands.sendAndWait(new SeedModelPrices(PRICE_LIST_ID, prices));
        log.info("Price list seeded with {} configured prices (prices set at run time are kept)", prices.size());
    }

    /** List prices of the default models (USD per million tokens) at the time of writing; change them at run time. */
    static final List<ModelPrice> DEFAULTS = List.of(
            price("local", "offline-engine-v1", "0", "0"),
            price("openai", "gpt-4o-mini", "0.15", "0.60"),
            price("anthropic", "claude-3-5-haiku-latest", "0.80", "4.00"),
            price("gemini", "gemini-2.0-flash", "0.10", "0.40"),
            price("ollama", "llama3.2", "0", "0"));

    private static ModelPrice price(String provider, String model, String input, String output) {
        return new ModelPrice(provider, model, new BigDecimal(input), new BigDecimal(output), "USD", null);
    }
}
