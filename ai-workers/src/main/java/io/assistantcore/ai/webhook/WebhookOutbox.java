package io.assistantcore.ai.webhook;

import io.assistantcore.messages.webhook.WebhookMessages.DeliveryAttempt;
import io.assistantcore.messages.webhook.WebhookMessages.DeliveryView;
import io.assistantcore.messages.webhook.WebhookMessages.EndpointHealth;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbound webhook deliveries (table {@code webhook_delivery}) and their attempts: enqueued once per event and
 * endpoint, claimed when due by one node at a time ({@code FOR UPDATE SKIP LOCKED}), each try logged.
 */
public class WebhookOutbox {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD_LETTERED = "DEAD_LETTERED";
    public static final String CANCELLED = "CANCELLED";

    /** A delivery a sender claimed. */
    public record Due(String deliveryId, String tenantId, String endpointId, String url, String eventType,
                      String messageId, String payload, int attempts, String leadId) {
    }

    private final JdbcTemplate jdbc;

    public WebhookOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param personal the payload holds personal data: swept once delivered, after the retention otherwise
     * @return whether it was new (an event handled twice enqueues once)
     */
    public boolean enqueue(String deliveryId, String tenantId, String endpointId, String url, String eventType,
                           String eventId, String messageId, String payload, String leadId, boolean personal,
                           Instant now) {
        return jdbc.update("""
                INSERT INTO webhook_delivery (delivery_id, tenant_id, endpoint_id, url, event_type, event_id,
                    message_id, payload, status, next_attempt_at, created_at, lead_id, personal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?) ON CONFLICT DO NOTHING""", deliveryId,
                tenantId, endpointId, url, eventType, eventId, messageId, payload, ts(now), ts(now), leadId,
                personal) > 0;
    }

    /** Claims up to {@code limit} due deliveries for {@code lease} (another node takes them after it). */
    public List<Due> claimDue(Instant now, java.time.Duration lease, int limit) {
        return jdbc.query("""
                UPDATE webhook_delivery SET next_attempt_at = ? WHERE delivery_id IN (
                    SELECT delivery_id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?
                        AND payload IS NOT NULL
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING delivery_id, tenant_id, endpoint_id, url, event_type, message_id, payload, attempts,
                    lead_id""", (rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                        rs.getString(9)), ts(now.plus(lease)), ts(now), limit);
    }

    /** Logs a try and sets what follows: delivered, due again at {@code next}, or dead-lettered. */
    public void recordAttempt(String deliveryId, int attempt, Instant at, Integer statusCode, String error,
                              String status, Instant next) {
        jdbc.update("INSERT INTO webhook_delivery_attempt (delivery_id, attempt, at, status_code, error) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", deliveryId, attempt, ts(at), statusCode, error);
        jdbc.update("""
                UPDATE webhook_delivery SET attempts = ?, status = ?, next_attempt_at = ?,
                    delivered_at = CASE WHEN ? = 'DELIVERED' THEN ? ELSE delivered_at END
                WHERE delivery_id = ?""", attempt, status, next == null ? null : ts(next), status, ts(at),
                deliveryId);
        if (DELIVERED.equals(status)) {
            // delivered: a personal payload has nothing left to do here
            jdbc.update("UPDATE webhook_delivery SET payload = NULL, swept_at = ? WHERE delivery_id = ? AND personal "
                    + "AND payload IS NOT NULL", ts(at), deliveryId);
        }
    }

    /**
     * Sweeps the personal payloads of deliveries that will not be tried again by themselves (dead-lettered or
     * cancelled) and were made before {@code olderThan}, and of any delivery that waits that long; answers how many.
     */
    public int sweepPersonalPayloads(Instant olderThan, Instant now) {
        return jdbc.update("""
                UPDATE webhook_delivery SET payload = NULL, swept_at = ?,
                    status = CASE WHEN status = 'PENDING' THEN 'DEAD_LETTERED' ELSE status END, next_attempt_at = NULL
                WHERE personal AND payload IS NOT NULL AND created_at < ?""", ts(now), ts(olderThan));
    }

    /** A forgotten lead: the personal payloads made for it are swept at once, whatever their state. */
    public int sweepLead(String tenantId, String leadId, Instant now) {
        return jdbc.update("""
                UPDATE webhook_delivery SET payload = NULL, swept_at = ?,
                    status = CASE WHEN status = 'PENDING' THEN 'CANCELLED' ELSE status END, next_attempt_at = NULL
                WHERE tenant_id = ? AND lead_id = ? AND personal AND payload IS NOT NULL""", ts(now), tenantId,
                leadId);
    }

    /** Whether the delivery's payload was swept (it cannot be sent again). */
    public boolean swept(String tenantId, String deliveryId) {
        return Boolean.TRUE.equals(jdbc.query("SELECT payload IS NULL FROM webhook_delivery WHERE tenant_id = ? "
                + "AND delivery_id = ?", rs -> rs.next() ? rs.getBoolean(1) : null, tenantId, deliveryId));
    }

    /** The tenant's endpoint is gone (410) or disabled: its waiting deliveries will not be tried. */
    public void cancelPending(String tenantId, String endpointId) {
        jdbc.update("UPDATE webhook_delivery SET status = 'CANCELLED', next_attempt_at = NULL "
                + "WHERE tenant_id = ? AND endpoint_id = ? AND status = 'PENDING'", tenantId, endpointId);
    }

    /** Makes a delivery due now; false when there is none of the tenant's or it was delivered. */
    public boolean retryNow(String tenantId, String deliveryId, Instant now) {
        return jdbc.update("""
                UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = ?
                WHERE tenant_id = ? AND delivery_id = ? AND status IN ('PENDING', 'DEAD_LETTERED', 'CANCELLED')
                    AND payload IS NOT NULL""",
                ts(now), tenantId, deliveryId) > 0;
    }

    public Optional<String> statusOf(String tenantId, String deliveryId) {
        return jdbc.queryForList("SELECT status FROM webhook_delivery WHERE tenant_id = ? AND delivery_id = ?",
                String.class, tenantId, deliveryId).stream().findFirst();
    }

    public List<DeliveryView> list(String tenantId, String status, String endpointId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM webhook_delivery WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (endpointId != null) {
            sql.append(" AND endpoint_id = ?");
            args.add(endpointId);
        }
        sql.append(" ORDER BY created_at DESC, delivery_id LIMIT ?");
        args.add(Math.max(1, Math.min(200, limit)));
        return jdbc.query(sql.toString(), (rs, n) -> view(rs), args.toArray());
    }

    public List<EndpointHealth> health(String tenantId) {
        return jdbc.query("""
                SELECT d.endpoint_id,
                    COUNT(*) FILTER (WHERE d.status = 'DELIVERED'),
                    COUNT(*) FILTER (WHERE d.status = 'PENDING'),
                    COUNT(*) FILTER (WHERE d.status = 'DEAD_LETTERED'),
                    (SELECT a.status_code FROM webhook_delivery_attempt a JOIN webhook_delivery x
                        ON x.delivery_id = a.delivery_id WHERE x.endpoint_id = d.endpoint_id ORDER BY a.at DESC LIMIT 1),
                    (SELECT MAX(a.at) FROM webhook_delivery_attempt a JOIN webhook_delivery x
                        ON x.delivery_id = a.delivery_id WHERE x.endpoint_id = d.endpoint_id)
                FROM webhook_delivery d WHERE d.tenant_id = ? GROUP BY d.endpoint_id""",
                (rs, n) -> new EndpointHealth(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        (Integer) rs.getObject(5), rs.getTimestamp(6) == null ? null
                        : rs.getTimestamp(6).toInstant()), tenantId);
    }

    private DeliveryView view(ResultSet rs) throws SQLException {
        String id = rs.getString("delivery_id");
        List<DeliveryAttempt> log = jdbc.query("SELECT attempt, at, status_code, error FROM webhook_delivery_attempt "
                        + "WHERE delivery_id = ? ORDER BY attempt",
                (a, n) -> new DeliveryAttempt(a.getInt(1), a.getTimestamp(2).toInstant(), (Integer) a.getObject(3),
                        a.getString(4)), id);
        return new DeliveryView(id, rs.getString("endpoint_id"), rs.getString("event_type"), rs.getString("event_id"),
                rs.getString("status"), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                instant(rs, "created_at"), instant(rs, "delivered_at"), log);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
