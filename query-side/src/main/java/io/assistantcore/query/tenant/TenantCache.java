package io.assistantcore.query.tenant;

import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.TenantQueries.MemberAccess;
import io.assistantcore.messages.tenant.TenantQueries.MemberView;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.messages.tenant.TenantStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The tenants this node reads on every request (who may call, with which roles, within which quotas and policy),
 * kept in memory so that a request does not read the tenant and its whole member list from the database each time.
 * <p>
 * An entry is never staler than the read model itself: every event of a tenant aggregate that the node's event-store
 * tail delivers ({@link #changed}) drops the tenant's entry and raises the version an entry must have; until the
 * read model shows that version, reads go to the database and what they find is not kept. An event the directory does
 * not record a version for stops holding entries back after {@code grace}. A read-your-writes wait that sees a newer
 * version ({@link #versionSeen}) does the same, so a request after a tenant change on this node sees the change even
 * before the tail delivered it. Entries also expire after {@code timeToLive}, a bound for a tail that stopped.
 */
public class TenantCache {

    private static final int MAX_TENANTS = 10_000;

    private record Entry(TenantView view, Map<String, Set<Role>> roles, long loadedAt) {
    }

    private record Pending(long minVersion, long since) {
    }

    private final TenantDirectory directory;
    private final long timeToLive;
    private final long grace;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public TenantCache(TenantDirectory directory, Duration timeToLive, Duration grace) {
        this(directory, timeToLive, grace, System::nanoTime);
    }

    TenantCache(TenantDirectory directory, Duration timeToLive, Duration grace, LongSupplier clock) {
        this.directory = directory;
        this.timeToLive = timeToLive.toNanos();
        this.grace = grace.toNanos();
        this.clock = clock;
    }

    public Optional<TenantView> find(String tenantId) {
        return entry(tenantId).map(Entry::view);
    }

    public MemberAccess access(String tenantId, String userId) {
        return entry(tenantId)
                .map(entry -> new MemberAccess(true, entry.view().status() == TenantStatus.ACTIVE,
                        entry.roles().getOrDefault(userId, Set.of())))
                .orElseGet(() -> new MemberAccess(false, false, Set.of()));
    }

    /** An event the node's tail delivered: a tenant aggregate's event drops that tenant's entry. */
    public void changed(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domain && "Tenant".equals(domain.getType())) {
            newerThanCached(domain.getAggregateIdentifier(), domain.getSequenceNumber());
        }
    }

    /** The read model showed {@code version} of the tenant (a read-your-writes wait): older entries are dropped. */
    public void versionSeen(String tenantId, long version) {
        Entry entry = entries.get(tenantId);
        if (entry != null && entry.view().version() < version) {
            newerThanCached(tenantId, version);
        }
    }

    private void newerThanCached(String tenantId, long version) {
        // first the bar, then the entry: a read that stores an old entry meanwhile finds the bar and drops it again
        pending.merge(tenantId, new Pending(version, clock.getAsLong()),
                (old, now) -> old.minVersion() >= now.minVersion() ? old : now);
        entries.remove(tenantId);
    }

    private Optional<Entry> entry(String tenantId) {
        long now = clock.getAsLong();
        Entry cached = entries.get(tenantId);
        Pending bar = pending.get(tenantId);
        if (cached != null && now - cached.loadedAt() < timeToLive
                && (bar == null || cached.view().version() >= bar.minVersion())) {
            return Optional.of(cached);
        }
        Optional<TenantView> read = directory.find(tenantId);
        if (read.isEmpty()) {
            entries.remove(tenantId);
            return Optional.empty();
        }
        Entry loaded = new Entry(read.get(), roles(read.get()), now);
        if (bar != null) {
            if (loaded.view().version() >= bar.minVersion() || now - bar.since() > grace) {
                pending.remove(tenantId, bar);
            } else {
                return Optional.of(loaded);
            }
        }
        if (entries.size() >= MAX_TENANTS) {
            entries.clear();
        }
        entries.put(tenantId, loaded);
        Pending raised = pending.get(tenantId);
        if (raised != null && loaded.view().version() < raised.minVersion()) {
            entries.remove(tenantId, loaded);
        }
        return Optional.of(loaded);
    }

    private static Map<String, Set<Role>> roles(TenantView view) {
        return view.members().stream().collect(Collectors.toUnmodifiableMap(MemberView::userId, MemberView::roles,
                (a, b) -> a));
    }
}
