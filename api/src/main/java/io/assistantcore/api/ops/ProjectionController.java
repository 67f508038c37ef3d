package io.assistantcore.api.ops;

import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.platform.ops.ProjectionOperations;
import io.assistantcore.platform.ops.ProjectionStatus;
import io.assistantcore.platform.ops.ReplayRefusedException;
import io.assistantcore.platform.ops.SegmentChangeRefusedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.List;

/** Projection operations of API.md: every event processor's position, and replays of the read-model builders. */
@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(name = "Operations", description = "Event processors and replays")
public class ProjectionController {

    private final ProjectionOperations operations;
    private final TenantAccess access;

    ProjectionController(ProjectionOperations operations, TenantAccess access) {
        this.operations = operations;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Every event processor: status, position, head of the event store, progress (PLATFORM_ADMIN)")
    public List<ProjectionStatus> list() {
        access.requirePlatformAdmin();
        return operations.list();
    }

    @PostMapping("/{name}/replay")
    @Operation(summary = "Reset a projection and rebuild its read model from the events; 409 for processors with "
            + "side effects and while a replay runs (PLATFORM_ADMIN)")
    public ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        access.requirePlatformAdmin();
        ProjectionStatus status;
        try {
            status = operations.replay(name);
        } catch (ReplayRefusedException refused) {
            throw switch (refused.reason()) {
                case UNKNOWN_PROCESSOR -> ApiException.notFound(refused.getMessage());
                case NOT_REPLAYABLE -> new ApiException(HttpStatus.CONFLICT, "replay-refused", "Replay refused",
                        refused.getMessage());
                case ALREADY_REPLAYING -> new ApiException(HttpStatus.CONFLICT, "replay-running",
                        "Replay already running", refused.getMessage());
            };
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/admin/projections"))
                .body(status);
    }

    /** The segment count asked for. */
    public record SegmentsRequest(@NotNull @Min(1) @Max(ProjectionOperations.MAX_SEGMENTS) Integer segments) {
    }

    @PutMapping("/{name}/segments")
    @Operation(summary = "Merge or split a running processor's segments until it has the given count (1-64); 409 "
            + "while it replays, is stopped or another node holds a segment (PLATFORM_ADMIN)")
    public ProjectionStatus segments(@PathVariable String name, @Valid @RequestBody SegmentsRequest request) {
        access.requirePlatformAdmin();
        try {
            return operations.changeSegments(name, request.segments());
        } catch (SegmentChangeRefusedException refused) {
            throw switch (refused.reason()) {
                case UNKNOWN_PROCESSOR -> ApiException.notFound(refused.getMessage());
                case NOT_POSSIBLE -> new ApiException(HttpStatus.CONFLICT, "segments-refused",
                        "Segment change refused", refused.getMessage());
            };
        }
    }
}
