package io.assistantcore.messages.common;

import java.util.List;

/**
 * Keys of the correlation data that travels in Axon {@code MetaData} from every command to the events it causes,
 * so every stored event says who caused it, for which tenant and within which request.
 */
public final class MetaDataKeys {

    public static final String TENANT_ID = "tenantId";
    public static final String USER_ID = "userId";
    public static final String REQUEST_ID = "requestId";
    /** The acting user's effective roles, comma-separated (what a tool call's permission is checked against). */
    public static final String ROLES = "roles";

    /**
     * The W3C trace context of the span that sent the message (docs/observability.md): a worker's span continues it.
     */
    public static final String TRACE_PARENT = "traceparent";
    /** The trace id of that span, so a stored event (and its audit record) leads to its trace. */
    public static final String TRACE_ID = "traceId";

    /** Keys copied from a message to every message it causes. */
    public static final List<String> CORRELATED = List.of(TENANT_ID, USER_ID, REQUEST_ID, ROLES, TRACE_PARENT,
            TRACE_ID);

    private MetaDataKeys() {
    }
}
