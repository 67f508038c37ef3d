package io.assistantcore.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * The application's {@code assistant.*} settings, with their defaults. Modules bind their own: platform
 * {@code assistant.events} and {@code assistant.privacy}, ai-workers the workers' {@code assistant.ai} and
 * {@code assistant.cache}. See docs/configuration.md.
 */
@ConfigurationProperties("assistant")
public record AssistantProperties(@DefaultValue Database database, @DefaultValue Security security,
                                  @DefaultValue Problems problems, @DefaultValue Consistency consistency,
                                  @DefaultValue Ai ai) {

    /**
     * @param embeddedDataDir where the embedded PostgreSQL keeps its data
     * @param embeddedPort    port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
     */
    public record Database(@DefaultValue("data/postgres") String embeddedDataDir,
                           @DefaultValue("0") int embeddedPort) {
    }

    /**
     * @param jwtSecret     HS256 key (at least 32 bytes) for locally signed tokens; generated and kept in
     *                      {@code jwtSecretFile} when empty
     * @param jwtSecretFile where a generated key is kept so tokens survive a restart
     * @param devTokens     the development token endpoint (see DevTokensCondition)
     * @param devTokenTtl   lifetime of development tokens
     * @param jwtCache      accepted bearer tokens remembered between requests
     */
    public record Security(@DefaultValue("") String jwtSecret,
                           @DefaultValue("data/jwt-secret") String jwtSecretFile,
                           @DefaultValue DevTokens devTokens,
                           @DefaultValue("PT12H") Duration devTokenTtl,
                           @DefaultValue JwtCache jwtCache) {
    }

    /**
     * Bearer tokens already accepted are remembered instead of parsed and verified again on every request.
     *
     * @param maxEntries how many tokens are remembered at most; 0 switches the cache off
     * @param ttl        how long a token is remembered (its expiry is checked on every use regardless)
     */
    public record JwtCache(@DefaultValue("10000") int maxEntries, @DefaultValue("PT1M") Duration ttl) {
    }

    /** @param enabled when not set: on exactly when the database is embedded */
    public record DevTokens(Boolean enabled) {
    }

    /** @param baseUri prefix of every Problem Details {@code type} URI */
    public record Problems(@DefaultValue("https://assistantcore.io/problems/") URI baseUri) {
    }

    /**
     * @param readModelWait how long a write waits for its read model to show the change before answering anyway
     */
    public record Consistency(@DefaultValue("PT5S") Duration readModelWait) {
    }

    /**
     * The api's {@code assistant.ai.*} setting; the workers' settings under the same prefix are bound in ai-workers
     * ({@code AiWorkersConfiguration.AiProperties}).
     *
     * @param promptVersion prompt template version recorded with new requests
     */
    public record Ai(@DefaultValue("v1") String promptVersion) {
    }
}
