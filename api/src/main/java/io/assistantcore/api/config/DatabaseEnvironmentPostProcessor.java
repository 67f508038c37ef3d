package io.assistantcore.api.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Accepts {@code DATABASE_URL} beside the standard {@code spring.datasource.url}: either a JDBC URL or the
 * {@code postgres://user:password@host:port/db} form that hosting platforms hand out. When neither is set, the
 * embedded PostgreSQL serves (see {@link EmbeddedDatabaseCondition}).
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {


    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String configuredUrl = environment.getProperty("spring.datasource.url");
        String databaseUrl = environment.getProperty("DATABASE_URL");
        if (isBlank(configuredUrl) && !isBlank(databaseUrl)) {
            derived.putAll(fromDatabaseUrl(databaseUrl.strip()));
        }
        if (derived.isEmpty()) {
            return;
        }
        // The last property source: anything the user sets explicitly still wins.
        environment.getPropertySources().addLast(new MapPropertySource("assistant-database-defaults", derived));
    }

    static Map<String, Object> fromDatabaseUrl(String databaseUrl) {
        Map<String, Object> properties = new HashMap<>();
        if (databaseUrl.startsWith("jdbc:")) {
            properties.put("spring.datasource.url", databaseUrl);
            return properties;
        }
        URI uri;
        try {
            uri = URI.create(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("DATABASE_URL is neither a JDBC URL nor postgres://user:password@host:port/db", e);
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalStateException("DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        properties.put("spring.datasource.url", "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query);
        if (uri.getRawUserInfo() != null) {
            String[] userAndPassword = uri.getRawUserInfo().split(":", 2);
            properties.put("spring.datasource.username", decode(userAndPassword[0]));
            if (userAndPassword.length > 1) {
                properties.put("spring.datasource.password", decode(userAndPassword[1]));
            }
        }
        return properties;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
