package io.assistantcore.api.deadletter;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.platform.deadletter.DeadLetters;
import io.assistantcore.platform.deadletter.NoSuchDeadLetterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Events the projections set aside (docs/reliability.md): list, retry, evict. Platform administrators only. */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Operations", description = "Event processors and replays")
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final TenantAccess access;

    DeadLetterController(DeadLetters deadLetters, TenantAccess access) {
        this.deadLetters = deadLetters;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Events a projection could not handle, in sequence order, without payloads (PLATFORM_ADMIN)")
    public List<DeadLetters.Letter> list(@RequestParam(required = false) String processingGroup,
                                         @RequestParam(required = false) Integer limit) {
        access.requirePlatformAdmin();
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw ApiException.invalidParameter("limit", "must be between 1 and 1000");
        }
        return deadLetters.list(processingGroup, limit == null ? 100 : limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dead letter (PLATFORM_ADMIN)")
    public DeadLetters.Letter get(@PathVariable String id) {
        access.requirePlatformAdmin();
        return found(() -> deadLetters.get(id));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Hand the letter's sequence to its projection again; what fails again stays (PLATFORM_ADMIN)")
    public DeadLetters.Retried retry(@PathVariable String id) {
        access.requirePlatformAdmin();
        return found(() -> deadLetters.retry(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Drop one dead letter: its projection will not handle that event (PLATFORM_ADMIN)")
    public ResponseEntity<Void> evict(@PathVariable String id) {
        access.requirePlatformAdmin();
        found(() -> {
            deadLetters.evict(id);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    private static <T> T found(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchDeadLetterException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }
}
