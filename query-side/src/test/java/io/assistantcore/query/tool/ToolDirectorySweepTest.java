package io.assistantcore.query.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.tool.ToolQueries.ToolCallView;
import io.assistantcore.messages.tool.ToolQueries.WaitingReply;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool sweep's reads: approved calls no worker started, and replies waiting for calls that do not exist. */
class ToolDirectorySweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant LONG_AGO = NOW.minusSeconds(3600);
    private static final Instant BOUND = NOW.minusSeconds(600);

    private static JdbcTemplate jdbc;
    private static ToolDirectory directory;

    @BeforeAll
    static void database() {
        jdbc = new JdbcTemplate(TestDatabase.freshMigratedDatabase("classpath:db/migration/projections"));
        directory = new ToolDirectory(jdbc, new ObjectMapper());
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM tool_call_view");
        jdbc.update("DELETE FROM chat_reply_view");
    }

    private static void reply(String replyId, String status, int attempt, Instant updatedAt) {
        jdbc.update("INSERT INTO chat_reply_view (reply_id, message_id, conversation_id, tenant_id, attempt, status, "
                        + "created_at, updated_at) VALUES (?, ?, ?, 'acme', ?, ?, ?, ?)", replyId, "m-" + replyId,
                "c-" + replyId, attempt, status, LONG_AGO.atOffset(ZoneOffset.UTC), updatedAt.atOffset(ZoneOffset.UTC));
    }

    private static void call(String toolCallId, String replyId, String status, Instant updatedAt) {
        jdbc.update("INSERT INTO tool_call_view (tool_call_id, tenant_id, conversation_id, reply_id, user_id, tool, "
                        + "status, approval, version, created_at, updated_at) VALUES (?, 'acme', ?, ?, 'bob', "
                        + "'create_track', ?, 'ADMIN', 1, ?, ?)", toolCallId, "c-" + replyId, replyId, status,
                LONG_AGO.atOffset(ZoneOffset.UTC), updatedAt.atOffset(ZoneOffset.UTC));
    }

    @Test
    void approvedCallsNotStartedWithinTheBoundAreFoundAndNoOthers() {
        call("stuck", "r-1", "APPROVED", LONG_AGO);
        call("just-approved", "r-2", "APPROVED", NOW);
        call("running", "r-3", "EXECUTING", LONG_AGO);
        call("waiting", "r-4", "AWAITING_APPROVAL", LONG_AGO);

        assertThat(directory.unstarted(BOUND, 10)).extracting(ToolCallView::toolCallId).containsExactly("stuck");
    }

    @Test
    void aReplyWaitingWithoutAnyOpenOrRecentCallIsFoundAndNoOther() {
        reply("never-proposed", "AWAITING_APPROVAL", 1, LONG_AGO);
        reply("partly-proposed", "AWAITING_APPROVAL", 3, LONG_AGO);
        call("ended-long-ago", "partly-proposed", "SUCCEEDED", LONG_AGO);
        reply("waiting-for-a-person", "AWAITING_APPROVAL", 1, LONG_AGO);
        call("open", "waiting-for-a-person", "AWAITING_APPROVAL", LONG_AGO);
        reply("call-just-ended", "AWAITING_APPROVAL", 1, LONG_AGO);
        call("recent", "call-just-ended", "SUCCEEDED", NOW);
        reply("just-started-waiting", "AWAITING_APPROVAL", 1, NOW);
        reply("cancelled", "CANCELLED", 1, LONG_AGO);

        assertThat(directory.waitingForNoCall(BOUND, 10)).containsExactlyInAnyOrder(
                new WaitingReply("acme", "c-never-proposed", "never-proposed", 1),
                new WaitingReply("acme", "c-partly-proposed", "partly-proposed", 3));
    }
}
