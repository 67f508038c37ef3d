package io.assistantcore.query.tool;

import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallInboxQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolQueries.OverdueToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolList;
import io.assistantcore.messages.tool.ToolQueries.ToolRegistryVersionQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolsQuery;
import io.assistantcore.messages.tool.ToolQueries.StuckToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.RepliesWaitingForNoCallQuery;
import io.assistantcore.messages.tool.ToolQueries.UnstartedToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.WaitingReplies;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers tool registry and tool call queries from the tool read model. */
@Component
public class ToolQueryHandlers {

    private final ToolDirectory directory;

    public ToolQueryHandlers(ToolDirectory directory) {
        this.directory = directory;
    }

    @QueryHandler
    public ToolList handle(ToolsQuery query) {
        return new ToolList(directory.tools(query.tenantId()));
    }

    @QueryHandler
    public Long handle(ToolRegistryVersionQuery query) {
        return directory.version(query.tenantId());
    }

    @QueryHandler
    public Optional<ToolCallView> handle(ToolCallQuery query) {
        return directory.call(query.tenantId(), query.toolCallId());
    }

    @QueryHandler
    public ToolCallPage handle(ToolCallInboxQuery query) {
        return new ToolCallPage(directory.inbox(query.tenantId(), query.userId(), query.roles(), query.status(),
                query.limit()));
    }

    @QueryHandler
    public ToolCallPage handle(ReplyToolCallsQuery query) {
        return new ToolCallPage(directory.replyCalls(query.tenantId(), query.replyId()));
    }

    @QueryHandler
    public ToolCallPage handle(StuckToolCallsQuery query) {
        return new ToolCallPage(directory.stuck(query.startedBefore(), query.limit()));
    }

    @QueryHandler
    public ToolCallPage handle(UnstartedToolCallsQuery query) {
        return new ToolCallPage(directory.unstarted(query.approvedBefore(), query.limit()));
    }

    @QueryHandler
    public WaitingReplies handle(RepliesWaitingForNoCallQuery query) {
        return new WaitingReplies(directory.waitingForNoCall(query.quietSince(), query.limit()));
    }

    @QueryHandler
    public ToolCallPage handle(OverdueToolCallsQuery query) {
        return new ToolCallPage(directory.overdue(query.now(), query.limit()));
    }
}
