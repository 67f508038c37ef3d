package io.assistantcore.api.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.tool.KnowledgeSearch.KnowledgeHits;
import io.assistantcore.messages.tool.KnowledgeSearch.ToolKnowledgeSearchQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Uploads, indexing, hit testing, isolation, hostile files and deletion, through the HTTP API. */
class KnowledgeApiIntegrationTest extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String HANDBOOK_TXT = """
            Travel and expenses policy.
            Employees book flights through the company travel portal. Economy class is the rule for flights under
            six hours; business class may be booked for longer flights with the approval of a director.
            Hotel costs are reimbursed up to 180 euros per night in capital cities and 120 euros elsewhere.
            Receipts must be submitted within 30 days of the end of the trip.
            """;

    static final String SECURITY_MD = """
            # Security guide

            ## Passwords

            Passwords must be at least 14 characters long and are stored in the company password manager.

            ## Two-factor authentication

            Two-factor authentication is mandatory for every account that reaches customer data. Use the
            authenticator app; text messages are not accepted as a second factor.
            """;

    static final String SECURITY_POLICY_TXT = """
            Information security policy of Northwind Logistics

            Passwords
            Passwords must be at least 14 characters long. Passwords are never reused across services and are kept
            in the company password manager. Sharing passwords, even with colleagues, is not allowed.

            Devices
            Company laptops use full-disk encryption and lock the screen after five minutes of inactivity. Lost or
            stolen devices must be reported to the IT service desk within one hour so that they can be wiped remotely.
            """;

    static final List<String> PRODUCT_PDF = List.of(
            "Orbit Analytics product guide. Chapter 1: Installation. Orbit Analytics runs on Linux servers with at "
                    + "least 8 GB of memory. Install the package and start the service with the admin console.",
            "Chapter 2: Data retention. Orbit Analytics keeps raw event data for 400 days. Aggregated reports are "
                    + "kept for seven years. Customers can ask for earlier deletion through the support portal.",
            "Chapter 3: Pricing. The starter plan costs 49 dollars per month for up to five users. The business "
                    + "plan costs 199 dollars per month and includes single sign-on.");

    @Autowired
    DataSource dataSource;

    @Autowired
    QueryGateway queryGateway;

    ApiClient api;
    String tenantId;
    String admin;
    String member;

    @BeforeEach
    void tenant() {
        api = api();
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        tenantId = api.createTenant(root, uniqueTenantId("kb"), "TEAM", "admin");
        admin = api.devToken(tenantId, "admin", "TENANT_ADMIN");
        member = api.devToken(tenantId, "mia", "MEMBER");
    }

    @Test
    void txtMarkdownAndAMultiPagePdfAreIndexedAndAQuestionFindsPageTwo() throws Exception {
        String txt = uploaded(admin, "travel-policy.txt", HANDBOOK_TXT.getBytes(StandardCharsets.UTF_8));
        String md = uploaded(admin, "security.md", SECURITY_MD.getBytes(StandardCharsets.UTF_8));
        String pdf = uploaded(admin, "orbit-guide.pdf", KnowledgeFixtures.pdf(PRODUCT_PDF));
        JsonNode pdfStatus = ready(pdf);
        assertThat(pdfStatus.path("pages").asInt()).isEqualTo(3);
        assertThat(pdfStatus.path("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(pdfStatus.path("progress").path("done").asInt())
                .isEqualTo(pdfStatus.path("progress").path("total").asInt()).isPositive();
        assertThat(ready(txt).path("mediaType").asText()).isEqualTo("text/plain");
        assertThat(ready(md).path("mediaType").asText()).isEqualTo("text/markdown");

        JsonNode documents = api.get("/api/v1/knowledge/documents", member).json().path("documents");
        assertThat(documents).hasSize(3);

        JsonNode hits = search(member, "How long is raw event data kept?");
        assertThat(hits.get(0).path("documentId").asText()).isEqualTo(pdf);
        assertThat(hits.get(0).path("page").asInt()).isEqualTo(2);
        assertThat(hits.get(0).path("title").asText()).isEqualTo("orbit-guide.pdf");
        assertThat(hits.get(0).path("snippet").asText()).contains("400 days");

        JsonNode security = search(member, "Can I use SMS as my second factor?");
        assertThat(security.get(0).path("documentId").asText()).isEqualTo(md);

        // the built-in search_knowledge tool asks the same index through its own query
        KnowledgeHits toolHits = queryGateway.query(new ToolKnowledgeSearchQuery(tenantId,
                "How long is raw event data kept?", 3), KnowledgeHits.class).get(60, TimeUnit.SECONDS);
        assertThat(toolHits.hits()).isNotEmpty();
        assertThat(toolHits.hits().get(0).documentId()).isEqualTo(pdf);
        assertThat(toolHits.hits().get(0).page()).isEqualTo(2);
        assertThat(queryGateway.query(new ToolKnowledgeSearchQuery("no-such-tenant", "How long is raw event data kept?",
                3), KnowledgeHits.class).get(60, TimeUnit.SECONDS).hits()).isEmpty();

        // another tenant finds nothing of this one's documents
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        String other = api.createTenant(root, uniqueTenantId("kb-other"), "TEAM", "boss");
        String stranger = api.devToken(other, "boss", "TENANT_ADMIN");
        assertThat(search(stranger, "How long is raw event data kept?")).isEmpty();
        assertThat(api.get("/api/v1/files/" + pdf, stranger).status()).isEqualTo(404);
    }

    @Test
    void theSameFileTwiceIsRecognised() throws Exception {
        byte[] bytes = HANDBOOK_TXT.getBytes(StandardCharsets.UTF_8);
        String first = uploaded(admin, "travel.txt", bytes);
        ready(first);
        KnowledgeFixtures.Upload again = KnowledgeFixtures.upload(port, admin, "knowledge", "copy.txt", bytes);
        assertThat(again.status()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("duplicateOf").asText()).isEqualTo(first);
    }

    @Test
    void hostileFilesEndFailedWithAReasonOrAreRefusedAsProblems() throws Exception {
        // a ZIP named .pdf claims to be a document we accept: accepted, then FAILED with the reason
        assertThat(failure(uploaded(admin, "report.pdf", KnowledgeFixtures.zip()))).contains("zip")
                .contains("not a PDF");
        // the same ZIP under its own name is a type we do not accept at all
        KnowledgeFixtures.Upload zip = KnowledgeFixtures.upload(port, admin, "knowledge", "report.zip",
                KnowledgeFixtures.zip());
        assertThat(zip.status()).isEqualTo(415);
        assertThat(JSON.readTree(zip.body()).path("type").asText()).endsWith("unsupported-file-type");

        assertThat(failure(uploaded(admin, "empty.txt", new byte[0]))).contains("empty");
        assertThat(failure(uploaded(admin, "../../etc/passwd.txt", "x y z".getBytes(StandardCharsets.UTF_8))))
                .contains("path");
        byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(failure(uploaded(admin, "broken.pdf", broken))).contains("PDF");

        KnowledgeFixtures.Upload forbidden = KnowledgeFixtures.upload(port, member, "knowledge", "a.txt",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(forbidden.status()).isEqualTo(403);
    }

    @Test
    void aFileAboveTheLimitIs413() throws Exception {
        byte[] large = new byte[20 * 1024 * 1024 + 1];
        java.util.Arrays.fill(large, (byte) 'a');
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, admin, "knowledge", "big.txt", large);
        if (upload.status() != -1) {
            assertThat(upload.status()).isEqualTo(413);
            assertThat(JSON.readTree(upload.body()).path("status").asInt()).isEqualTo(413);
        }
    }

    @Test
    void deletingADocumentLeavesNothingReadableOfIt() throws Exception {
        String marker = "Quokkaberry" + System.nanoTime();
        String text = "The secret project is called " + marker + ". It launches in the spring.\n"
                + HANDBOOK_TXT;
        String file = uploaded(admin, "project.txt", text.getBytes(StandardCharsets.UTF_8));
        ready(file);
        assertThat(search(member, "What is the secret project called?").get(0).path("snippet").asText())
                .contains(marker);
        assertThat(readableCopies(marker)).isNotEmpty();

        assertThat(api.delete("/api/v1/knowledge/documents/" + file, admin).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readableCopies(marker)).isEmpty());
        assertThat(api.get("/api/v1/files/" + file, admin).status()).isEqualTo(404);
        assertThat(search(member, "What is the secret project called?").toString()).doesNotContain(marker);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM knowledge_chunk WHERE file_id = ?", Integer.class, file)).isZero();
    }

    @Test
    void theOfflineEngineAnswersFromPageTwoWithACitationAndRefusesWhatTheDocumentsDoNotCover() throws Exception {
        String pdf = uploaded(admin, "orbit-guide.pdf", KnowledgeFixtures.pdf(PRODUCT_PDF));
        ready(pdf);
        String conversation = api.post("/api/v1/conversations", member, Map.of("knowledge", "tenant")).json()
                .path("conversationId").asText();

        JsonNode answered = ask(conversation, "How long does Orbit Analytics keep raw event data?");
        assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("COMPLETED");
        assertThat(answered.path("text").asText()).contains("400 days").contains("[1]");
        JsonNode source = answered.path("sources").get(0);
        assertThat(source.path("documentId").asText()).isEqualTo(pdf);
        assertThat(source.path("page").asInt()).isEqualTo(2);
        assertThat(answered.path("citations").get(0).path("sourceId").asText()).isEqualTo("1");
        assertThat(answered.path("confidence").path("level").asText()).isIn("GROUNDED", "PARTIAL");

        JsonNode refused = ask(conversation, "Who won the football world cup in 1998?");
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("REFUSED");
        assertThat(refused.path("refusal").path("kind").asText()).isEqualTo("NOT_IN_DOCUMENTS");
    }

    /**
     * The offline router puts "Are we allowed to write passwords down?" among refused requests (its nearest examples
     * ask to crack passwords); in a conversation that answers from the tenant's documents, which cover it, it is
     * answered from them, while a refused request they do not cover stays refused (docs/chat.md).
     */
    @Test
    void aQuestionTheRouterWouldRefuseIsAnsweredWhenTheDocumentsCoverIt() throws Exception {
        ready(uploaded(admin, "security-policy.txt", SECURITY_POLICY_TXT.getBytes(StandardCharsets.UTF_8)));
        String plain = api.post("/api/v1/conversations", member, Map.of()).json().path("conversationId").asText();
        JsonNode withoutDocuments = ask(plain, "Are we allowed to write passwords down?");
        assertThat(withoutDocuments.path("status").asText()).as(withoutDocuments.toString()).isEqualTo("REFUSED");
        assertThat(withoutDocuments.path("refusal").path("kind").asText()).isEqualTo("NOT_ALLOWED");

        String conversation = api.post("/api/v1/conversations", member, Map.of("knowledge", "tenant")).json()
                .path("conversationId").asText();
        JsonNode answered = ask(conversation, "Are we allowed to write passwords down?");
        assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("COMPLETED");
        assertThat(answered.path("text").asText()).containsIgnoringCase("passwords").contains("[1]");
        assertThat(answered.path("sources").get(0).path("title").asText()).isEqualTo("security-policy.txt");
        assertThat(answered.path("route").path("category").asText()).isEqualTo("general");
        assertThat(answered.path("route").path("reason").asText()).contains("documents");

        JsonNode refused = ask(conversation, "How do I hack into my neighbor's wifi and read their traffic?");
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("REFUSED");
        assertThat(refused.path("refusal").path("kind").asText()).isEqualTo("NOT_ALLOWED");
    }

    /**
     * "…forgot to submit my taxi receipt, what now?" has a plurality but not a majority of the offline router's votes
     * for not_allowed (its nearest example asks for fake receipts); in a conversation that answers from documents
     * that do not cover it, it is refused as not in the documents, not as a forbidden request.
     */
    @Test
    void aDoubtfulRefusalTheDocumentsDoNotCoverIsRefusedAsNotInTheDocuments() throws Exception {
        ready(uploaded(admin, "security-policy.txt", SECURITY_POLICY_TXT.getBytes(StandardCharsets.UTF_8)));
        String question = "I came back 6 weeks ago and forgot to submit my taxi receipt, what now?";
        String conversation = api.post("/api/v1/conversations", member, Map.of("knowledge", "tenant")).json()
                .path("conversationId").asText();
        JsonNode refused = ask(conversation, question);
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("REFUSED");
        assertThat(refused.path("refusal").path("kind").asText()).isEqualTo("NOT_IN_DOCUMENTS");
        assertThat(refused.path("route").path("category").asText()).isEqualTo("general");
        assertThat(refused.path("route").path("reason").asText()).contains("fewer than half of the votes")
                .contains("not_allowed");
    }

    @Test
    void anAttachmentWithoutAQuestionIsSummarised() throws Exception {
        String conversation = api.post("/api/v1/conversations", member, Map.of()).json()
                .path("conversationId").asText();
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, member, "conversation:" + conversation,
                "security.md", SECURITY_MD.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        String file = JSON.readTree(upload.body()).path("fileId").asText();
        assertThat(JSON.readTree(upload.body()).path("documentId").isMissingNode()
                || JSON.readTree(upload.body()).path("documentId").isNull()).isTrue();
        statusOf(file, "READY", member);
        // an attachment is not part of the tenant's knowledge
        assertThat(search(admin, "Are text messages accepted as a second factor?")).isEmpty();

        ApiClient.Response posted = api.post("/api/v1/conversations/" + conversation + "/messages?wait=30", member,
                Map.of("text", "This is the file I mentioned earlier.", "attachments", List.of(file)));
        JsonNode summary = posted.json();
        assertThat(summary.path("status").asText()).as(posted.body()).isEqualTo("COMPLETED");
        assertThat(summary.path("text").asText()).startsWith("Summary of security.md").contains("[1]");

        JsonNode answer = api.post("/api/v1/conversations/" + conversation + "/messages?wait=30", member,
                Map.of("text", "Are text messages accepted as a second factor?", "attachments", List.of(file)))
                .json();
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("COMPLETED");
        assertThat(answer.path("text").asText()).contains("not accepted");
        assertThat(answer.path("sources").get(0).path("documentId").asText()).isEqualTo(file);

        // an attachment must be a readable file of this conversation: an unknown id or another conversation's file
        // is refused before anything is posted
        String other = api.post("/api/v1/conversations", member, Map.of()).json().path("conversationId").asText();
        ApiClient.Response elsewhere = api.post("/api/v1/conversations/" + other + "/messages", member,
                Map.of("text", "What does this file say?", "attachments", List.of(file)));
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.json().path("errors").has("attachments")).isTrue();
        ApiClient.Response unknown = api.post("/api/v1/conversations/" + conversation + "/messages", member,
                Map.of("text", "And this one?", "attachments", List.of(UUID.randomUUID().toString())));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(api.get("/api/v1/conversations/" + other + "/messages", member).json().path("messages"))
                .isEmpty();
        // nor a file of this conversation that could not be read
        KnowledgeFixtures.Upload brokenUpload = KnowledgeFixtures.upload(port, member, "conversation:" + conversation,
                "broken.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >>\nnot a pdf".getBytes(StandardCharsets.UTF_8));
        assertThat(brokenUpload.status()).as(brokenUpload.body()).isEqualTo(202);
        String broken = JSON.readTree(brokenUpload.body()).path("fileId").asText();
        statusOf(broken, "FAILED", member);
        ApiClient.Response failedFile = api.post("/api/v1/conversations/" + conversation + "/messages", member,
                Map.of("text", "And what about this one?", "attachments", List.of(broken)));
        assertThat(failedFile.status()).as(failedFile.body()).isEqualTo(400);
        assertThat(failedFile.json().path("errors").path("attachments").asText()).contains("could not be read");

        // the documents' delete does not reach a conversation's attachment, not even for a tenant admin
        ApiClient.Response delete = api.delete("/api/v1/knowledge/documents/" + file, admin);
        assertThat(delete.status()).as(delete.body()).isEqualTo(404);
        assertThat(api.get("/api/v1/files/" + file, member).json().path("status").asText()).isEqualTo("READY");
    }

    // ---- helpers

    private JsonNode ask(String conversation, String question) {
        ApiClient.Response response = api.post("/api/v1/conversations/" + conversation + "/messages?wait=30",
                member, Map.of("text", question));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String uploaded(String token, String name, byte[] content) throws Exception {
        KnowledgeFixtures.Upload upload = KnowledgeFixtures.upload(port, token, "knowledge", name, content);
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        return JSON.readTree(upload.body()).path("fileId").asText();
    }

    private JsonNode ready(String fileId) {
        return statusOf(fileId, "READY");
    }

    private String failure(String fileId) {
        return statusOf(fileId, "FAILED").path("error").asText();
    }

    private JsonNode statusOf(String fileId, String wanted) {
        return statusOf(fileId, wanted, admin);
    }

    private JsonNode statusOf(String fileId, String wanted, String token) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ApiClient.Response response = api.get("/api/v1/files/" + fileId, token);
            last[0] = response.json();
            String status = last[0].path("status").asText();
            assertThat(status).as(response.body()).isIn("UPLOADED", "PARSING", "INDEXING", wanted);
            return wanted.equals(status);
        });
        return last[0];
    }

    private JsonNode search(String token, String query) {
        ApiClient.Response response = api.post("/api/v1/knowledge/search", token, Map.of("query", query,
                "topK", 3, "minScore", 0.3));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("hits");
    }

    /** Every text or binary column of every table in the schema, where the marker can be read as it is. */
    private List<String> readableCopies(String marker) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb',
                    'json', 'bytea', 'tsvector')""");
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            String type = (String) column.get("data_type");
            String expression = switch (type) {
                case "bytea" -> "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0";
                case "tsvector" -> "CAST(\"" + name + "\" AS text) ILIKE '%' || ? || '%'";
                default -> "CAST(\"" + name + "\" AS text) ILIKE '%' || ? || '%'";
            };
            String needle = type.equals("tsvector") ? marker.toLowerCase() : marker;
            Integer hits = jdbc.queryForObject("SELECT count(*) FROM \"" + table + "\" WHERE " + expression,
                    Integer.class, needle);
            if (hits != null && hits > 0) {
                found.add(table + "." + name);
            }
        }
        return found;
    }
}
