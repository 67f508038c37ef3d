package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.tool.ToolDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Schemas that refer to themselves end at a bounded depth instead of recursing without end. */
class OpenApiToolImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aListOfItselfIsCutAtTheNestingLimitWithANote() throws Exception {
        JsonNode document = JSON.readTree("""
                {"openapi": "3.0.3", "info": {"title": "Lists", "version": "1"},
                 "servers": [{"url": "https://lists.example.com"}],
                 "components": {"schemas": {
                   "L": {"type": "array", "items": {"$ref": "#/components/schemas/L"}},
                   "Tree": {"type": "object", "properties": {"children": {"type": "array",
                     "items": {"$ref": "#/components/schemas/Tree"}}}}}},
                 "paths": {"/lists": {"post": {"operationId": "createList", "requestBody": {"content": {
                   "application/json": {"schema": {"type": "object", "properties": {
                     "values": {"$ref": "#/components/schemas/L"},
                     "tree": {"$ref": "#/components/schemas/Tree"}}}}}}}}}}
                """);
        OpenApiToolImport.Result result = OpenApiToolImport.tools(document, null);
        assertThat(result.tools()).extracting(ToolDefinition::name).containsExactly("create_list");
        assertThat(result.notes()).anyMatch(note -> note.contains("nested deeper than"));
        String schema = result.tools().get(0).parameters();
        assertThat(schema).contains("\"values\"").contains("\"tree\"").hasSizeLessThan(5_000);
    }
}
