package io.assistantcore.platform.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data keys of data subjects (a user of a tenant), in the {@code data_key} table. A subject has at most one active
 * key; destroying it deletes the key material. Keys are kept in memory for {@code cacheTtl} so streaming does not ask
 * the database per chunk; a destroyed key is dropped from this node's memory at once, and from other nodes' within
 * that time. With a master key (from the environment) the stored key material is wrapped with it, so a copy of the
 * database alone reads nothing.
 */
public class DataKeyStore implements AutoCloseable {

    /** A key and its id (the id travels in every ciphertext made with it). */
    public record DataKey(UUID keyId, byte[] material) {
    }

    private static final Logger log = LoggerFactory.getLogger(DataKeyStore.class);
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;

    private record Cached<T>(T value, Instant until) {
    }

    private final DataSource dataSource;
    private final DataSource keyWrites;
    private final JdbcTemplate jdbc;
    private final byte[] masterKey;
    private final Duration cacheTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached<DataKey>> activeBySubject = new ConcurrentHashMap<>();
    private final Map<UUID, Cached<Optional<byte[]>>> byId = new ConcurrentHashMap<>();

    /** @param masterKey 32 bytes that wrap every stored key, or null to store keys as they are */
    public DataKeyStore(DataSource dataSource, byte[] masterKey, Duration cacheTtl, Clock clock) {
        this(dataSource, dataSource, masterKey, cacheTtl, clock);
    }

    /**
     * @param keyWrites where new keys are committed on a connection of their own (closed with the store when it is
     *                  not {@code dataSource}); a pool apart from
     *                  {@code dataSource}, because the caller usually holds a connection of {@code dataSource} already
     *                  (a command or a projection being serialized), and borrowing a second one from the same pool
     *                  deadlocks once every connection is held by a thread waiting for another
     */
    public DataKeyStore(DataSource dataSource, DataSource keyWrites, byte[] masterKey, Duration cacheTtl,
                        Clock clock) {
        this.keyWrites = keyWrites;
        if (masterKey != null && masterKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.masterKey = masterKey;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /** The subject's active key, created on first use. */
    public DataKey activeKey(String subjectId) {
        Cached<DataKey> cached = activeBySubject.get(subjectId);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.value();
        }
        DataKey key = loadActive(subjectId).orElseGet(() -> create(subjectId));
        remember(subjectId, key);
        return key;
    }

    /** The key with this id; empty when it was destroyed (or never existed). */
    public Optional<byte[]> key(UUID keyId) {
        Cached<Optional<byte[]>> cached = byId.get(keyId);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.value();
        }
        Optional<byte[]> key = jdbc.query("SELECT key_material, wrapped FROM data_key WHERE key_id = ?",
                (rs, row) -> {
                    byte[] material = rs.getBytes(1);
                    return material == null ? null : unwrap(material, rs.getBoolean(2));
                }, keyId).stream().filter(java.util.Objects::nonNull).findFirst();
        byId.put(keyId, new Cached<>(key, clock.instant().plus(cacheTtl)));
        return key;
    }

    /** Destroys every active key of the subject; answers how many. Idempotent. */
    public int destroy(String subjectId) {
        return destroy(subjectId, clock.instant());
    }

    /**
     * Destroys the subject's keys made up to {@code madeUntil}: a forget request read again later (from its event)
     * must not destroy the key of a user who came back afterwards.
     */
    public int destroy(String subjectId, Instant madeUntil) {
        int destroyed = jdbc.update("UPDATE data_key SET key_material = NULL, destroyed_at = ? "
                        + "WHERE subject_id = ? AND destroyed_at IS NULL AND created_at <= ?",
                Timestamp.from(clock.instant()), subjectId, Timestamp.from(madeUntil));
        activeBySubject.remove(subjectId);
        byId.clear();
        if (destroyed > 0) {
            log.info("Data key of {} destroyed: its personal texts read as forgotten from now on", subjectId);
        }
        return destroyed;
    }

    /** The time on this store's clock, which stamps the destruction of keys. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * How many of the subject's keys were destroyed at or after {@code since}, by this node or another (the shredder
     * destroys them again from the forget event, and may be first).
     */
    public int destroyedSince(String subjectId, Instant since) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM data_key WHERE subject_id = ? AND destroyed_at >= ?",
                Integer.class, subjectId, Timestamp.from(since.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        return count == null ? 0 : count;
    }

    private Optional<DataKey> loadActive(String subjectId) {
        return jdbc.query("SELECT key_id, key_material, wrapped FROM data_key WHERE subject_id = ? "
                        + "AND destroyed_at IS NULL", (rs, row) -> new DataKey(rs.getObject(1, UUID.class),
                        unwrap(rs.getBytes(2), rs.getBoolean(3))), subjectId)
                .stream().findFirst();
    }

    /**
     * Stores a new key on a connection of its own, committed at once: the key must exist before any event encrypted
     * with it does, whatever becomes of the transaction that asked for it (a key that vanished with a rolled-back
     * transaction but stayed in this node's memory would make later texts unreadable).
     */
    private DataKey create(String subjectId) {
        byte[] material = new byte[KEY_BYTES];
        random.nextBytes(material);
        UUID keyId = UUID.randomUUID();
        try (Connection connection = keyWrites.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_key (key_id, subject_id, "
                    + "key_material, wrapped, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, keyId);
                insert.setString(2, subjectId);
                insert.setBytes(3, wrap(material));
                insert.setBoolean(4, masterKey != null);
                insert.setTimestamp(5, Timestamp.from(clock.instant()));
                if (insert.executeUpdate() == 1) {
                    return new DataKey(keyId, material);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Storing a data key failed", e);
        }
        // another node or thread created the subject's key first: use that one
        return loadActive(subjectId).orElseThrow(() -> new IllegalStateException(
                "The data key of " + subjectId + " was created concurrently but cannot be read"));
    }

    private void remember(String subjectId, DataKey key) {
        Instant until = clock.instant().plus(cacheTtl);
        activeBySubject.put(subjectId, new Cached<>(key, until));
        byId.put(key.keyId(), new Cached<>(Optional.of(key.material()), until));
    }

    private byte[] wrap(byte[] material) {
        if (masterKey == null) {
            return material;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(material);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Wrapping a data key failed", e);
        }
    }

    private byte[] unwrap(byte[] stored, boolean wrapped) {
        if (!wrapped) {
            return stored;
        }
        if (masterKey == null) {
            throw new IllegalStateException("Data keys are wrapped with a master key, but none is configured "
                    + "(assistant.privacy.master-key)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"),
                    new GCMParameterSpec(128, stored, 0, IV_BYTES));
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A data key cannot be unwrapped: is assistant.privacy.master-key the one "
                    + "the keys were made with?", e);
        }
    }

    /** Where new keys are committed (tests). */
    DataSource keyWrites() {
        return keyWrites;
    }

    /**
     * Closes the key-write pool when it is one apart from {@code dataSource} (the store owns it); the application's
     * pool is closed by its own bean. Called when the application context closes.
     */
    @Override
    public void close() {
        if (keyWrites != dataSource && keyWrites instanceof AutoCloseable pool) {
            try {
                pool.close();
            } catch (Exception e) {
                log.warn("Closing the data-key write pool failed: {}", e.toString());
            }
        }
    }
}
