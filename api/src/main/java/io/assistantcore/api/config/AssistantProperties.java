package io.assistantcore.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/** Every {@code assistant.*} setting of the application, with its default. See docs/configuration.md. */
@ConfigurationProperties("assistant")
public record AssistantProperties(@DefaultValue Database database, @DefaultValue Security security,
                                  @DefaultValue Problems problems, @DefaultValue Consistency consistency,
                                  @DefaultValue Ai ai, @DefaultValue Cache cache) {

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
     */
    public record Security(@DefaultValue("") String jwtSecret,
                           @DefaultValue("data/jwt-secret") String jwtSecretFile,
                           @DefaultValue DevTokens devTokens,
                           @DefaultValue("PT12H") Duration devTokenTtl) {
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
     * @param promptVersion      prompt template version recorded with new requests
     * @param chunkMaxChars      a streamed chunk is stored once it holds this many characters ...
     * @param chunkMaxDelay      ... or its first token has waited this long
     * @param localTokenDelay    pause between the offline engine's words, so it streams like a remote model
     * @param workerThreads      attempts that may stream at once on this node
     * @param stallTimeout       a running attempt without a sign of life for this long is restarted
     * @param sweepInterval      how often this node looks for such attempts
     * @param priceRefresh       how long workers and budget checks keep the price list before asking again
     */
    public record Ai(@DefaultValue("v1") String promptVersion,
                     @DefaultValue("48") int chunkMaxChars,
                     @DefaultValue("PT0.04S") Duration chunkMaxDelay,
                     @DefaultValue("PT0.015S") Duration localTokenDelay,
                     @DefaultValue("64") int workerThreads,
                     @DefaultValue("PT60S") Duration stallTimeout,
                     @DefaultValue("PT10S") Duration sweepInterval,
                     @DefaultValue("PT5S") Duration priceRefresh) {
    }

    /**
     * @param semanticThreshold cosine similarity at or above which a semantic cache entry answers a request
     * @param maxAge            cached responses older than this are not served
     */
    public record Cache(@DefaultValue("0.95") double semanticThreshold,
                        @DefaultValue("P30D") Duration maxAge) {
    }
}
