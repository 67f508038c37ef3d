package io.assistantcore.api.knowledge;

import io.assistantcore.api.knowledge.KnowledgeRequests.FileAccepted;
import io.assistantcore.api.knowledge.KnowledgeRequests.FileResponse;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.knowledge.FileScope;
import io.assistantcore.messages.knowledge.KnowledgeCommands.UploadFile;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DuplicateCheck;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.platform.files.EncryptedFileStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/files} and {@code GET /api/v1/files/{id}} (API.md "Files and knowledge"). An upload is checked
 * here for what the HTTP answer must say (413 too large, 415 a type not accepted, 400 a bad scope), stored
 * encrypted with the uploader's key, and recorded as a {@code FileUploaded} event with its content hash; everything
 * else a file can be wrong about (empty, a hostile name, damaged, a bomb) makes it end {@code FAILED} with a reason.
 */
@RestController
@RequestMapping("/api/v1/files")
@Tag(name = "Files and knowledge", description = "Uploads, the tenant's documents and hit testing")
public class FileController {

    private static final Pattern CONVERSATION_SCOPE = Pattern.compile("conversation:([A-Za-z0-9][A-Za-z0-9._:-]{0,127})");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final KnowledgeAccess access;
    private final CommandGateway commands;
    private final EncryptedFileStore files;
    private final long maxFileBytes;

    FileController(KnowledgeAccess access, CommandGateway commands, EncryptedFileStore files,
                   @Value("${assistant.knowledge.max-file-size:20MB}") DataSize maxFileSize) {
        this.access = access;
        this.commands = commands;
        this.files = files;
        this.maxFileBytes = maxFileSize.toBytes();
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a file (TXT, Markdown, HTML, PDF; the type is detected from the content) to the "
            + "tenant's knowledge (scope 'knowledge', TENANT_ADMIN) or to a conversation ('conversation:{id}')")
    public ResponseEntity<FileAccepted> upload(@RequestPart(name = "file", required = false) MultipartFile file,
                                               @RequestParam(name = "scope", required = false) String scope) {
        Caller caller = access.caller(KnowledgeAccess.WRITERS);
        if (scope == null || scope.isBlank()) {
            throw ApiException.invalidParameter("scope", "must be 'knowledge' or 'conversation:{conversationId}'");
        }
        FileScope fileScope;
        String conversationId = null;
        if (scope.equals("knowledge")) {
            if (!caller.has(Role.TENANT_ADMIN)) {
                throw ApiException.forbidden("Only a TENANT_ADMIN may add documents to the tenant's knowledge");
            }
            fileScope = FileScope.KNOWLEDGE;
        } else {
            var matcher = CONVERSATION_SCOPE.matcher(scope);
            if (!matcher.matches()) {
                throw ApiException.invalidParameter("scope", "must be 'knowledge' or 'conversation:{conversationId}'");
            }
            conversationId = matcher.group(1);
            access.ownConversation(caller, conversationId);
            fileScope = FileScope.CONVERSATION;
        }
        if (file == null) {
            throw ApiException.invalidParameter("file", "is required (a multipart part named 'file')");
        }
        if (file.getSize() > maxFileBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw ApiException.badRequest("The uploaded file could not be read");
        }
        if (bytes.length > maxFileBytes) {
            throw tooLarge();
        }
        String name = file.getOriginalFilename();
        Optional<FileTypes.Detected> type = FileTypes.detect(bytes, name, file.getContentType());
        if (type.isEmpty()) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type",
                    "File type not accepted", "The file's content is " + FileTypes.describe(bytes)
                    + "; accepted are plain text, Markdown, HTML and PDF (the type is told from the content, not "
                    + "the name)");
        }
        String hash = sha256(bytes);
        String title = displayTitle(name);
        String duplicateOf = null;
        String replaces = null;
        String rejection = type.get().rejection();
        if (fileScope == FileScope.KNOWLEDGE && bytes.length > 0 && rejection == null) {
            DuplicateCheck duplicates = access.duplicates(caller.tenantId(), hash, title);
            duplicateOf = duplicates.sameContent() == null ? null : duplicates.sameContent().fileId();
            replaces = duplicates.sameTitle() == null ? null : duplicates.sameTitle().fileId();
        }
        String fileId = UUID.randomUUID().toString();
        String storageKey = bytes.length == 0 || duplicateOf != null || rejection != null ? "none"
                : files.store(caller.tenantId(), caller.userId(), bytes);
        commands.sendAndWait(new UploadFile(fileId, caller.tenantId(), caller.userId(), fileScope, conversationId,
                name, type.get().type(), bytes.length, hash, storageKey, duplicateOf, replaces, rejection));
        // read-your-writes: the status can be read at once
        access.await("file " + fileId, () -> access.file(caller.tenantId(), fileId).isPresent());
        String status = access.file(caller.tenantId(), fileId).map(FileView::status).orElse("UPLOADED");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new FileAccepted(fileId,
                fileScope == FileScope.KNOWLEDGE ? fileId : null, status, duplicateOf));
    }

    @GetMapping("/{fileId}")
    @Operation(summary = "A file's metadata and processing status (UPLOADED, PARSING, INDEXING, READY, FAILED) with "
            + "progress {done, total} and error; the bytes are never served back")
    public FileResponse file(@PathVariable String fileId) {
        Caller caller = access.caller(KnowledgeAccess.READERS);
        if (!ID.matcher(fileId).matches()) {
            throw ApiException.notFound("File '" + fileId + "' does not exist");
        }
        return FileResponse.of(access.visibleFile(caller, fileId));
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "file-too-large", "File too large",
                "The file is larger than " + maxFileBytes + " bytes, the most accepted");
    }

    /** The name as the aggregate keeps it (its last path segment), for finding the document it replaces. */
    private static String displayTitle(String name) {
        if (name == null) {
            return null;
        }
        String cleaned = name.replaceAll("\\p{Cc}", "");
        int slash = Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\'));
        return cleaned.substring(slash + 1).replace("..", "").strip();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
