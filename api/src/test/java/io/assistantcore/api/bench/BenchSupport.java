package io.assistantcore.api.bench;

import io.assistantcore.api.support.ApiClient;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the benchmarks share: their HTTP requests, SSE reading and percentiles. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** Reads an SSE stream to its terminal event: null when it completed; else what went wrong ("stream 404", "stream ended failed", …). */
    static String readSseToEnd(HttpClient client, URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return readSseToEnd(client, request.build());
    }

    /** Sends {@code request} (which asks for {@code text/event-stream}) and reads its stream as above. */
    static String readSseToEnd(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            return "stream " + response.statusCode();
        }
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    String type = line.substring(6).trim();
                    if (type.equals("completed")) {
                        return null;
                    }
                    if (type.equals("failed") || type.equals("cancelled") || type.equals("error")) {
                        return "stream ended " + type;
                    }
                }
            }
        }
        return "stream closed without a terminal event";
    }

    /** A JSON POST with a bearer token. */
    static HttpRequest json(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The first group of {@code pattern} in {@code body} (an id in an answer). */
    static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in the answer");
        }
        return matcher.group(1);
    }

    /** Fails the set-up when {@code response} does not have {@code status}. */
    static void check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("set-up answered " + response.status() + ": " + response.body());
        }
    }

    /** Raises a benchmark tenant's month budget and per-minute limits out of reach ({@code admin}: its admin). */
    static void raiseQuotas(ApiClient api, String tenant, String admin) {
        check(api.put("/api/v1/tenants/" + tenant + "/quotas", admin, Map.of(
                "monthlyBudget", Map.of("amount", 1_000_000, "currency", "USD"),
                "requestsPerMinutePerUser", 100_000, "tokensPerMinutePerTenant", 1_000_000_000L)), 200);
    }

    /** Every action enabled and both response caches off: each request of the tenant is a real generation. */
    static void everyRequestGenerated(ApiClient api, String tenant, String admin) {
        check(api.put("/api/v1/tenants/" + tenant + "/ai-policy", admin, Map.of("enabledActions", List.of("IMPROVE",
                "SHORTEN", "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE", "FREE_PROMPT"), "allowedContextKinds",
                List.of("*"), "exactCache", false, "semanticCache", false)), 200);
    }

    /** The {@code percentile}th value (nearest rank) of {@code values}, NaN for none; {@code values} may be synchronized. */
    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * CPU time used so far by a PostgreSQL server (the postmaster whose command line {@code postmaster} accepts, with
     * the backends it has reaped, and its live children), from /proc; 0 where that cannot be read. Other work on the
     * machine changes requests/s or events/s, not CPU per request or per event.
     */
    static long postgresCpuMillis(Predicate<String> postmaster) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        Map<Long, long[]> stats = new HashMap<>();
        Set<Long> postmasters = new HashSet<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(entry.getFileName().toString());
                    // after ')': state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
                    stats.put(pid, new long[]{Long.parseLong(fields[1]), Long.parseLong(fields[11]),
                            Long.parseLong(fields[12]), Long.parseLong(fields[13]), Long.parseLong(fields[14])});
                    String cmdline = Files.readString(entry.resolve("cmdline")).replace('\0', ' ');
                    if (postmaster.test(cmdline)) {
                        postmasters.add(pid);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return 0;
        }
        long ticks = 0;
        for (Map.Entry<Long, long[]> e : stats.entrySet()) {
            long[] v = e.getValue();
            if (postmasters.contains(e.getKey())) {
                ticks += v[1] + v[2] + v[3] + v[4];
            } else if (postmasters.contains(v[0])) {
                ticks += v[1] + v[2];
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** Whether every segment of {@code processor} is running and past {@code head}. */
    static boolean caughtUp(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty() || !processor.isRunning()) {
            return false;
        }
        // a reset segment keeps its replay token until an event beyond the reset point arrives: the position counts
        for (EventTrackerStatus segment : status.values()) {
            if (segment.getCurrentPosition().orElse(-1) < head) {
                return false;
            }
        }
        return true;
    }
}
