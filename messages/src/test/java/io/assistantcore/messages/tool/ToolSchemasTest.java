package io.assistantcore.messages.tool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolSchemasTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{"email":{"type":"string","format":"email"},\
            "start":{"type":"string","format":"date"},"seats":{"type":"integer","minimum":1,"maximum":50},\
            "plan":{"type":"string","enum":["starter","business"]},\
            "tags":{"type":"array","items":{"type":"string","maxLength":10},"maxItems":2}},\
            "required":["email","seats"],"additionalProperties":false}""";

    @Test
    void acceptsTheSupportedSubsetAndRefusesEverythingElse() {
        assertThat(ToolSchemas.schemaProblems(SCHEMA)).isEmpty();
        assertThat(ToolSchemas.schemaProblems("{\"type\":\"string\"}")).singleElement().asString()
                .contains("type object");
        assertThat(ToolSchemas.schemaProblems("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
                + "\"pattern\":\"x\"}}}")).singleElement().asString().contains("'pattern' is not supported");
        assertThat(ToolSchemas.schemaProblems("{\"type\":\"object\",\"required\":[\"missing\"]}"))
                .singleElement().asString().contains("'missing' is not a property");
        assertThat(ToolSchemas.schemaProblems("{\"type\":\"object\",\"type\":\"object\"}")).singleElement()
                .asString().contains("not valid JSON");
    }

    @Test
    void checksArgumentsByTypeFormatBoundsAndRequiredNames() {
        assertThat(ToolSchemas.argumentProblems(SCHEMA, "{\"email\":\"dana@example.com\",\"seats\":3,"
                + "\"start\":\"2026-12-01\",\"plan\":\"business\",\"tags\":[\"a\"]}")).isEmpty();
        assertThat(ToolSchemas.argumentProblems(SCHEMA, "{\"email\":\"not-an-address\",\"seats\":0,"
                + "\"start\":\"tomorrow\",\"plan\":\"gold\",\"tags\":[\"a\",\"b\",\"c\"],\"extra\":1}"))
                .containsExactlyInAnyOrder("arguments.email: must be an e-mail address",
                        "arguments.seats: must be at least 1", "arguments.start: must be a date (YYYY-MM-DD)",
                        "arguments.plan: must be one of [\"starter\",\"business\"]",
                        "arguments.tags: must have at most 2 items",
                        "arguments.extra: is not a parameter of this tool");
        assertThat(ToolSchemas.argumentProblems(SCHEMA, "{\"seats\":2.5}"))
                .containsExactlyInAnyOrder("arguments.email: is required", "arguments.seats: must be a whole number");
        assertThat(ToolSchemas.argumentProblems(SCHEMA, "[1]")).containsExactly("arguments: must be an object");
    }
}
