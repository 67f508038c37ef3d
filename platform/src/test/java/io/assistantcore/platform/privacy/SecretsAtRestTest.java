package io.assistantcore.platform.privacy;

import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets kept outside the event store: sealed under the tenant's key for secrets, gone once that key is. */
class SecretsAtRestTest {

    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static SecretsAtRest sealing;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/privacy",
                "classpath:db/migration/toolsecret");
        jdbc = new JdbcTemplate(dataSource);
        sealing = new SecretsAtRest(new DataKeyStore(dataSource, null, Duration.ZERO, Clock.systemUTC()));
    }

    @Test
    void aSealedSecretOpensOnlyForItsTenantAndNotAfterTheKeyIsDestroyed() {
        String sealed = sealing.seal("acme", "whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==");
        assertThat(sealed).startsWith("sec:v1:").doesNotContain("c2VjcmV0");
        assertThat(SecretsAtRest.isSealed(sealed)).isTrue();
        assertThat(sealing.open("acme", sealed)).contains("whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==");
        assertThat(sealing.open("globex", sealed)).isEmpty();
        assertThat(sealing.open("acme", sealed.substring(0, sealed.length() - 4) + "AAA=")).isEmpty();

        assertThat(sealing.destroy("acme")).isEqualTo(1);
        assertThat(sealing.open("acme", sealed)).isEmpty();
    }

    @Test
    void aForgottenTextNeverBecomesASecret() {
        assertThat(sealing.seal("acme", PersonalData.FORGOTTEN)).isNull();
        assertThat(sealing.seal("acme", "")).isNull();
        assertThat(sealing.open("acme", PersonalData.FORGOTTEN)).isEmpty();
        assertThat(sealing.open("acme", null)).isEmpty();
        // a secret stored in clear before sealing existed still reads
        assertThat(sealing.open("acme", "legacy-clear-secret")).contains("legacy-clear-secret");
    }
}
