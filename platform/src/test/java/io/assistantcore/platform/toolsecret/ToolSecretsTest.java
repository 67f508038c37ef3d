package io.assistantcore.platform.toolsecret;

import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tool secrets on a real PostgreSQL: sealed at rest, stable until rotated, old clear-text rows sealed on read. */
class ToolSecretsTest {

    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static DataKeyStore keys;
    private static ToolSecrets secrets;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/toolsecret",
                "classpath:db/migration/privacy");
        jdbc = new JdbcTemplate(dataSource);
        keys = new DataKeyStore(dataSource, null, Duration.ZERO, Clock.systemUTC());
        secrets = new ToolSecrets(dataSource, keys, Clock.systemUTC());
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aSecretIsMadeOnFirstUseKeptSealedAndStableUntilRotated() {
        String tenant = tenant();
        String secret = secrets.secretFor(tenant);
        assertThat(secret).startsWith("whsec_");
        assertThat(secrets.secretFor(tenant)).isEqualTo(secret);
        Map<String, Object> row = jdbc.queryForMap("SELECT secret, sealed FROM tool_secret WHERE tenant_id = ?", tenant);
        assertThat(row.get("secret")).isNull();
        assertThat(new String((byte[]) row.get("sealed"), StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring("whsec_".length()));

        String rotated = secrets.rotate(tenant);
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(secrets.secretFor(tenant)).isEqualTo(rotated);
        assertThat(jdbc.queryForObject("SELECT secret FROM tool_secret WHERE tenant_id = ?", String.class, tenant))
                .isNull();
    }

    @Test
    void aSecretStoredInClearIsSealedOnItsNextRead() {
        String tenant = tenant();
        jdbc.update("INSERT INTO tool_secret (tenant_id, secret, created_at) VALUES (?, 'whsec_b2xkc2VjcmV0', now())",
                tenant);
        assertThat(secrets.secretFor(tenant)).isEqualTo("whsec_b2xkc2VjcmV0");
        assertThat(jdbc.queryForObject("SELECT secret FROM tool_secret WHERE tenant_id = ?", String.class, tenant))
                .isNull();
        assertThat(secrets.secretFor(tenant)).isEqualTo("whsec_b2xkc2VjcmV0");
    }

    @Test
    void aSecretWhoseKeyIsGoneIsReplaced() {
        String tenant = tenant();
        String secret = secrets.secretFor(tenant);
        keys.destroy(ToolSecrets.KEY_SUBJECT_PREFIX + tenant);
        String replaced = new ToolSecrets(dataSource, new DataKeyStore(dataSource, null, Duration.ZERO,
                Clock.systemUTC()), Clock.systemUTC()).secretFor(tenant);
        assertThat(replaced).startsWith("whsec_").isNotEqualTo(secret);
    }
}
