package io.assistantcore.command.tool;

import io.assistantcore.messages.common.CommandRejectedException.Kind;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolCommands.AbandonToolCall;
import io.assistantcore.messages.tool.ToolCommands.ApproveToolCall;
import io.assistantcore.messages.tool.ToolCommands.DenyToolCall;
import io.assistantcore.messages.tool.ToolCommands.ExpireToolCall;
import io.assistantcore.messages.tool.ToolCommands.ProposeToolCall;
import io.assistantcore.messages.tool.ToolCommands.RecordToolResult;
import io.assistantcore.messages.tool.ToolCommands.StartToolExecution;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolEvents.ToolCallDenied;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExecutionStarted;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExpired;
import io.assistantcore.messages.tool.ToolEvents.ToolCallFailed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallProposed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;

class ToolCallTest {

    static final String ID = "call-1";
    static final String T = "acme";
    static final String U = "bob";
    static final String SCHEMA = """
            {"type":"object","properties":{"project":{"type":"string","maxLength":100},\
            "level":{"type":"string","enum":["beginner","advanced"]}},"required":["project","level"],\
            "additionalProperties":false}""";
    static final String ARGS = "{\"project\":\"Data Science\",\"level\":\"beginner\"}";
    static final ToolDefinition ADMIN_TOOL = tool(ApprovalMode.ADMIN, Set.of());
    static final ToolDefinition REQUESTER_TOOL = tool(ApprovalMode.REQUESTER, Set.of());
    static final ToolDefinition FREE_TOOL = tool(ApprovalMode.NONE, Set.of());
    static final ToolDefinition ADMIN_ONLY_TOOL = tool(ApprovalMode.NONE, Set.of(Role.TENANT_ADMIN));
    static final Set<Role> MEMBER = Set.of(Role.MEMBER);
    static final Set<Role> ADMIN = Set.of(Role.TENANT_ADMIN, Role.MEMBER);

    AggregateTestFixture<ToolCall> fixture;
    Instant expiresAt;

    static ToolDefinition tool(ApprovalMode mode, Set<Role> roles) {
        return new ToolDefinition("create_track", "Create a learning track", SCHEMA,
                new ToolEndpoint("POST", "https://host.example/tracks"), roles, mode, 10, false);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ToolCall.class);
        expiresAt = fixture.currentTime().plus(Duration.ofHours(1));
    }

    ProposeToolCall propose(ToolDefinition tool, Set<Role> roles, String arguments) {
        return new ProposeToolCall(ID, T, "conv-1", "reply-1", 1, U, roles, tool, arguments, expiresAt);
    }

    ToolCallProposed proposed(ToolDefinition tool, Set<Role> roles) {
        return new ToolCallProposed(ID, T, "conv-1", "reply-1", 1, U, roles, tool, ARGS, expiresAt);
    }

    ToolCallProposed proposedWith(String arguments) {
        return new ToolCallProposed(ID, T, "conv-1", "reply-1", 1, U, MEMBER, FREE_TOOL, arguments, expiresAt);
    }

    ToolCallAwaitingApproval awaiting(ToolDefinition tool) {
        return new ToolCallAwaitingApproval(ID, T, "conv-1", "reply-1", 1, U, tool.name(), ARGS, tool.approval(),
                tool.approval() == ApprovalMode.ADMIN ? Set.of(Role.TENANT_ADMIN) : Set.of(), expiresAt);
    }

    ToolCallApproved approved(String by, String arguments, boolean edited) {
        return new ToolCallApproved(ID, T, "conv-1", "reply-1", U, "create_track", by, arguments, edited);
    }

    @Test
    void aToolThatNeedsAnAdministratorWaitsForOneUntilItsDeadline() {
        fixture.givenNoPriorActivity()
                .when(propose(ADMIN_TOOL, MEMBER, ARGS))
                .expectEvents(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .expectScheduledDeadlineWithName(Duration.ofHours(1), ToolCall.EXPIRY);
    }

    @Test
    void aToolWithoutApprovalIsApprovedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(propose(FREE_TOOL, MEMBER, ARGS))
                .expectEvents(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aMemberAskingForAnAdminOnlyToolIsDeniedBeforeAnyCall() {
        fixture.givenNoPriorActivity()
                .when(propose(ADMIN_ONLY_TOOL, MEMBER, ARGS))
                .expectEvents(proposed(ADMIN_ONLY_TOOL, MEMBER), new ToolCallDenied(ID, T, "conv-1", "reply-1",
                        "create_track", null, true, "The tool 'create_track' needs the role TENANT_ADMIN, which the "
                        + "requesting user does not have; it was not called"));
    }

    @Test
    void argumentsThatDoNotFitTheSchemaFailTheCall() {
        String bad = "{\"project\":\"Data Science\",\"level\":\"expert\"}";
        fixture.givenNoPriorActivity()
                .when(propose(FREE_TOOL, MEMBER, bad))
                .expectEvents(proposedWith(bad), new ToolCallFailed(ID, T, "conv-1", "reply-1", "create_track",
                        null, "The arguments do not fit the tool: arguments.level: must be one of "
                        + "[\"beginner\",\"advanced\"]"));
    }

    @Test
    void anAdministratorApprovesWithEditedArgumentsCheckedAgainstTheSchema() {
        String edited = "{\"project\":\"Data Science\",\"level\":\"advanced\"}";
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, edited))
                .expectEvents(approved("carol", edited, true));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, "{\"project\":\"x\"}"))
                .expectException(rejected(Kind.INVALID, "arguments"));
    }

    @Test
    void aRepeatedApproveChangesNothing() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), approved("carol", ARGS, false))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onlyTheRightPersonDecides() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new ApproveToolCall(ID, T, U, MEMBER, null))
                .expectException(rejected(Kind.CONFLICT, "not-an-approver"));
        fixture.given(proposed(REQUESTER_TOOL, MEMBER), awaiting(REQUESTER_TOOL))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, null))
                .expectException(rejected(Kind.CONFLICT, "not-an-approver"));
        fixture.given(proposed(REQUESTER_TOOL, MEMBER), awaiting(REQUESTER_TOOL))
                .when(new ApproveToolCall(ID, T, U, MEMBER, null))
                .expectEvents(approved(U, ARGS, false));
    }

    @Test
    void anotherTenantCannotApproveOrDeny() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new ApproveToolCall(ID, "globex", "carol", ADMIN, null))
                .expectException(rejected(Kind.NOT_FOUND, "tool-call-not-found"));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new DenyToolCall(ID, "globex", "carol", ADMIN, "no"))
                .expectException(rejected(Kind.NOT_FOUND, "tool-call-not-found"));
    }

    @Test
    void denyEndsTheCallWithTheReasonAndCancelsNothingElse() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new DenyToolCall(ID, T, "carol", ADMIN, "Not this quarter"))
                .expectEvents(new ToolCallDenied(ID, T, "conv-1", "reply-1", "create_track", "carol", false,
                        "Not this quarter"));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), new ToolCallDenied(ID, T, "conv-1",
                        "reply-1", "create_track", "carol", false, "no"))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, null))
                .expectException(rejected(Kind.CONFLICT, "not-awaiting-approval"));
    }

    @Test
    void anUnansweredApprovalExpiresAndCannotBeApprovedAfterwards() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(propose(ADMIN_TOOL, MEMBER, ARGS))
                .whenTimeElapses(Duration.ofHours(2))
                .expectTriggeredDeadlinesWithName(ToolCall.EXPIRY)
                .expectEvents(new ToolCallExpired(ID, T, "conv-1", "reply-1", "create_track"));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL),
                        new ToolCallExpired(ID, T, "conv-1", "reply-1", "create_track"))
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, null))
                .expectException(rejected(Kind.CONFLICT, "not-awaiting-approval"));
    }

    static final String ENDED = "The reply was cancelled before the call ran; it was not called";

    @Test
    void aCallOfAnEndedReplyIsDeniedByThePlatformAndCanNoLongerBeApprovedOrStarted() {
        ToolCallDenied abandoned = new ToolCallDenied(ID, T, "conv-1", "reply-1", "create_track", null, false,
                ENDED);
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new AbandonToolCall(ID, ENDED))
                .expectEvents(abandoned);
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), abandoned)
                .when(new ApproveToolCall(ID, T, "carol", ADMIN, null))
                .expectException(rejected(Kind.CONFLICT, "not-awaiting-approval"));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), abandoned)
                .when(new StartToolExecution(ID, "node-a", ADMIN_TOOL, true))
                .expectException(rejected(Kind.CONFLICT, "not-approved"));
    }

    @Test
    void anApprovedCallThatDidNotStartFailsWhenAbandonedAndIsNeverStarted() {
        ToolCallFailed abandoned = new ToolCallFailed(ID, T, "conv-1", "reply-1", "create_track", null, ENDED);
        fixture.given(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false))
                .when(new AbandonToolCall(ID, ENDED))
                .expectEvents(abandoned);
        fixture.given(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false), abandoned)
                .when(new StartToolExecution(ID, "node-a", FREE_TOOL, true))
                .expectException(rejected(Kind.CONFLICT, "not-approved"));
    }

    @Test
    void abandoningAStartedOrEndedCallChangesNothingAndNeedsAReason() {
        fixture.given(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false),
                        new ToolCallExecutionStarted(ID, T, "conv-1", "reply-1", FREE_TOOL, "node-a", ARGS))
                .when(new AbandonToolCall(ID, ENDED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), new ToolCallDenied(ID, T, "conv-1",
                        "reply-1", "create_track", null, false, ENDED))
                .when(new AbandonToolCall(ID, ENDED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new AbandonToolCall(ID, " "))
                .expectException(rejected(Kind.INVALID, "reason"));
    }

    @Test
    void theExpirySweepExpiresOnlyOverdueCalls() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .when(new ExpireToolCall(ID))
                .expectNoEvents();
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL))
                .andGivenCurrentTime(expiresAt.plusSeconds(1))
                .when(new ExpireToolCall(ID))
                .expectEvents(new ToolCallExpired(ID, T, "conv-1", "reply-1", "create_track"));
    }

    @Test
    void anApprovedCallIsStartedExactlyOnce() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), approved("carol", ARGS, false))
                .when(new StartToolExecution(ID, "node-a", ADMIN_TOOL, true))
                .expectEvents(new ToolCallExecutionStarted(ID, T, "conv-1", "reply-1", ADMIN_TOOL, "node-a", ARGS))
                .expectResultMessagePayload(true);
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), approved("carol", ARGS, false),
                        new ToolCallExecutionStarted(ID, T, "conv-1", "reply-1", ADMIN_TOOL, "node-a", ARGS))
                .when(new StartToolExecution(ID, "node-b", ADMIN_TOOL, true))
                .expectException(rejected(Kind.CONFLICT, "not-approved"));
    }

    @Test
    void permissionsAreCheckedAgainWhenTheCallStarts() {
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), approved("carol", ARGS, false))
                .when(new StartToolExecution(ID, "node-a", tool(ApprovalMode.ADMIN, Set.of(Role.TENANT_ADMIN)), true))
                .expectEvents(new ToolCallDenied(ID, T, "conv-1", "reply-1", "create_track", null, true,
                        "The tool 'create_track' needs the role TENANT_ADMIN, which the requesting user does not "
                        + "have; it was not called"));
        fixture.given(proposed(ADMIN_TOOL, MEMBER), awaiting(ADMIN_TOOL), approved("carol", ARGS, false))
                .when(new StartToolExecution(ID, "node-a", null, true))
                .expectEvents(new ToolCallFailed(ID, T, "conv-1", "reply-1", "create_track", null,
                        "The tool 'create_track' was removed before the call ran; it was not called"));
    }

    @Test
    void theResultIsRecordedOnce() {
        fixture.given(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false),
                        new ToolCallExecutionStarted(ID, T, "conv-1", "reply-1", FREE_TOOL, "node-a", ARGS))
                .when(new RecordToolResult(ID, true, 201, "{\"trackId\":\"t-9\"}"))
                .expectEvents(new ToolCallSucceeded(ID, T, "conv-1", "reply-1", "create_track", 201,
                        "{\"trackId\":\"t-9\"}"));
        fixture.given(proposed(FREE_TOOL, MEMBER), approved(null, ARGS, false),
                        new ToolCallExecutionStarted(ID, T, "conv-1", "reply-1", FREE_TOOL, "node-a", ARGS),
                        new ToolCallSucceeded(ID, T, "conv-1", "reply-1", "create_track", 201, "{}"))
                .when(new RecordToolResult(ID, false, null, "timeout"))
                .expectException(rejected(Kind.CONFLICT, "not-executing"));
    }
}
