package io.assistantcore.api.config;

import io.assistantcore.embeddedpg.EmbeddedPostgres;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second instance on the same embedded data directory ends with one clear paragraph instead of a stack trace. */
class EmbeddedDatabaseInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgres.DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgres.DataDirectoryInUseException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the other instance, or start this one with its own data directory "
                        + "(--assistant.database.embedded-data-dir=...) or an external database (SPRING_DATASOURCE_URL).",
                cause);
    }
}
