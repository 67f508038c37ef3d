package io.assistantcore.api.tool;

import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolQueries.ReplyToolCallsQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallInboxQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallPage;
import io.assistantcore.messages.tool.ToolQueries.ToolCallQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolQueries.ToolList;
import io.assistantcore.messages.tool.ToolQueries.ToolRegistryVersionQuery;
import io.assistantcore.messages.tool.ToolQueries.ToolsQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Tools and tool calls as the query side answers them (through the query bus). */
@Component
public class ToolReadModel {

    private final QueryGateway queries;
    private final ReadModelCatchUp catchUp;

    public ToolReadModel(QueryGateway queries, ReadModelCatchUp catchUp) {
        this.queries = queries;
        this.catchUp = catchUp;
    }

    public List<ToolDefinition> tools(String tenantId) {
        return queries.query(new ToolsQuery(tenantId), ToolList.class).join().tools();
    }

    public void awaitRegistryVersion(String tenantId, long version) {
        catchUp.await("version " + version + " of the tools of tenant " + tenantId,
                () -> queries.query(new ToolRegistryVersionQuery(tenantId), Long.class).join() >= version);
    }

    public Optional<ToolCallView> call(String tenantId, String toolCallId) {
        return queries.query(new ToolCallQuery(tenantId, toolCallId),
                ResponseTypes.optionalInstanceOf(ToolCallView.class)).join();
    }

    /** The call once the read model shows it in a state {@code done} accepts (bounded wait), else as it is. */
    public Optional<ToolCallView> awaitCall(String tenantId, String toolCallId, Predicate<ToolCallView> done) {
        catchUp.await("tool call " + toolCallId, () -> call(tenantId, toolCallId).filter(done).isPresent());
        return call(tenantId, toolCallId);
    }

    public List<ToolCallView> inbox(String tenantId, String userId, Set<Role> roles, ToolCallStatus status,
                                    int limit) {
        return queries.query(new ToolCallInboxQuery(tenantId, userId, roles, status, limit), ToolCallPage.class)
                .join().calls();
    }

    public List<ToolCallView> replyCalls(String tenantId, String replyId) {
        return queries.query(new ReplyToolCallsQuery(tenantId, replyId), ToolCallPage.class).join().calls();
    }
}
