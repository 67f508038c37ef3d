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

    /** Keys copied from a message to every message it causes. */
    public static final List<String> CORRELATED = List.of(TENANT_ID, USER_ID, REQUEST_ID, ROLES);

    private MetaDataKeys() {
    }
}
