package io.assistantcore.api.assist;

import io.assistantcore.api.stream.SseStreams;
import io.assistantcore.api.stream.StreamPosition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of one suggestion: stored chunks after {@code Last-Event-ID}, then live ones. Event ids are
 * {@link StreamPosition}s ({@code <attempt>.<seq>}, {@code <attempt>.end}).
 */
@RestController
@RequestMapping("/api/v1/assist/suggestions")
@Tag(name = "Enhance with AI")
public class SuggestionStreamController {

    private final SseStreams streams;
    private final SuggestionStreams suggestions;

    SuggestionStreamController(SseStreams streams, SuggestionStreams suggestions) {
        this.streams = streams;
        this.suggestions = suggestions;
    }

    @GetMapping(path = "/{suggestionId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a suggestion as Server-Sent Events (token, completed, failed, cancelled)")
    public SseEmitter stream(@PathVariable String suggestionId,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                             @Parameter(description = "alternative to Last-Event-ID for clients that cannot set it: "
                                     + "the id of the last event received, such as 2.5")
                             @RequestParam(name = "fromSeq", required = false) String fromSeq) {
        return streams.open(suggestions, suggestionId, fromSeq != null ? fromSeq : lastEventId);
    }
}
