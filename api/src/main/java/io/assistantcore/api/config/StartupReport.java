package io.assistantcore.api.config;

import io.assistantcore.api.dev.DevTokenController;
import io.assistantcore.embeddedpg.EmbeddedPostgres;
import io.assistantcore.messages.assist.ProviderQueries.Providers;
import io.assistantcore.messages.assist.ProviderQueries.ProvidersQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.Stream;

/** Says, once the platform is up, which database and AI mode it runs on and how to get a token. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final Environment environment;
    private final ObjectProvider<EmbeddedPostgres> embeddedPostgres;
    private final ObjectProvider<DevTokenController> devTokens;
    private final QueryGateway queries;

    StartupReport(Environment environment, ObjectProvider<EmbeddedPostgres> embeddedPostgres,
                  ObjectProvider<DevTokenController> devTokens, QueryGateway queries) {
        this.environment = environment;
        this.embeddedPostgres = embeddedPostgres;
        this.devTokens = devTokens;
        this.queries = queries;
    }

    @EventListener
    void report(ApplicationReadyEvent ready) {
        int port = ready.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : 8080;
        EmbeddedPostgres embedded = embeddedPostgres.getIfAvailable();
        String database = embedded != null
                ? "embedded PostgreSQL on 127.0.0.1:" + embedded.port() + ", data in " + embedded.dataDirectory()
                : "external PostgreSQL at " + withoutCredentials(environment.getProperty("spring.datasource.url", "?"));
        List<String> providers = queries.query(new ProvidersQuery(), Providers.class).join().providerIds();
        String aiMode = providers.equals(List.of("local"))
                ? "offline engine (provider 'local'); set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or "
                  + "OLLAMA_BASE_URL to add a remote provider"
                : "providers in fallback order: " + String.join(" -> ", providers);
        String tokens;
        if (devTokens.getIfAvailable() != null) {
            tokens = "mint a development token from this machine: curl -s -X POST http://localhost:" + port
                    + "/api/v1/dev/tokens -H 'Content-Type: application/json' "
                    + "-d '{\"userId\":\"admin\",\"roles\":[\"PLATFORM_ADMIN\"]}'";
        } else {
            String issuer = Stream.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
                    .map(environment::getProperty).filter(value -> value != null && !value.isBlank())
                    .findFirst().orElse("the platform's own key (assistant.security.jwt-secret)");
            tokens = "bearer tokens are verified against " + issuer;
        }
        log.info("""
                Assistant Core is ready on http://localhost:{}
                  database : {}
                  AI mode  : {}
                  tokens   : {}
                  API docs : http://localhost:{}/swagger-ui.html""", port, database, aiMode, tokens, port);
    }

    static String withoutCredentials(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
