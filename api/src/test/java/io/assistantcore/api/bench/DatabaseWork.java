package io.assistantcore.api.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database did, from PostgreSQL's cumulative statistics ({@code pg_stat_database} and
 * {@code pg_stat_user_tables}): transactions and rows, in all and per table. Unlike requests/s or CPU time, these
 * counts do not depend on how fast the machine is on the day, so per request they compare runs closely. Backends
 * report their counts at most once a second, so a window of several seconds is needed.
 */
record DatabaseWork(Map<String, Long> totals, Map<String, Long> writesByTable, Map<String, Long> readsByTable) {

    static DatabaseWork read(JdbcTemplate jdbc) {
        Map<String, Long> totals = new LinkedHashMap<>();
        jdbc.query("select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned, "
                + "tup_fetched from pg_stat_database where datname = current_database()", rs -> {
            totals.put("commits", rs.getLong(1));
            totals.put("rollbacks", rs.getLong(2));
            totals.put("inserted", rs.getLong(3));
            totals.put("updated", rs.getLong(4));
            totals.put("deleted", rs.getLong(5));
            totals.put("returned", rs.getLong(6));
            totals.put("fetched", rs.getLong(7));
        });
        Map<String, Long> writes = new LinkedHashMap<>();
        Map<String, Long> reads = new LinkedHashMap<>();
        jdbc.query("select relname, n_tup_ins + n_tup_upd + n_tup_del, coalesce(seq_tup_read, 0) "
                + "+ coalesce(idx_tup_fetch, 0) from pg_stat_user_tables", rs -> {
            writes.merge(rs.getString(1), rs.getLong(2), Long::sum);
            reads.merge(rs.getString(1), rs.getLong(3), Long::sum);
        });
        return new DatabaseWork(totals, writes, reads);
    }

    /** This window's counts per request: totals, then the tables written and read most, at most {@code top}. */
    String perRequest(DatabaseWork before, long requests, int top) {
        if (requests == 0) {
            return "no requests";
        }
        StringBuilder line = new StringBuilder();
        totals.forEach((name, value) -> line.append(name).append(' ')
                .append(String.format("%.1f", (value - before.totals.getOrDefault(name, 0L)) / (double) requests))
                .append(", "));
        line.append("rows written by table:");
        byTable(line, writesByTable, before.writesByTable, requests, top);
        line.append("; rows read (scanned, or fetched by index) by table:");
        byTable(line, readsByTable, before.readsByTable, requests, top);
        return line.toString();
    }

    private static void byTable(StringBuilder line, Map<String, Long> now, Map<String, Long> before, long requests,
                                int top) {
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        now.forEach((table, value) -> {
            long delta = value - before.getOrDefault(table, 0L);
            if (delta > 0) {
                deltas.add(Map.entry(table, delta));
            }
        });
        deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        deltas.stream().limit(top).forEach(e -> line.append(' ').append(e.getKey()).append(' ')
                .append(String.format("%.1f", e.getValue() / (double) requests)));
    }
}
