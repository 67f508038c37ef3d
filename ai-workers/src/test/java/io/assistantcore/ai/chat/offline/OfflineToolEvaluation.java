package io.assistantcore.ai.chat.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The evaluation set of offline tool proposals ({@code chat/offline-tool-eval.tsv}, tuning part;
 * {@code chat/offline-tool-eval-2.tsv}, held out) with its tools ({@code chat/offline-tool-tools.json}), and the
 * scoring: a proposal is right when it names the expected tool with exactly the expected arguments; a question when it
 * names the expected tool and exactly the expected missing arguments; no tool when none was expected.
 */
final class OfflineToolEvaluation {

    static final String TUNING_SET = "chat/offline-tool-eval.tsv";
    static final String HELD_OUT_SET = "chat/offline-tool-eval-2.tsv";
    static final String LONG_QUOTES_SET = "chat/offline-tool-eval-3.tsv";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineToolEvaluation() {
    }

    record Case(String expected, String tool, String detail, String message) {
    }

    record Result(int proposals, int rightProposals, int expectedProposals, int cases, int right,
                  List<String> mistakes) {

        double precision() {
            return proposals == 0 ? 1.0 : (double) rightProposals / proposals;
        }

        double recall() {
            return expectedProposals == 0 ? 1.0 : (double) rightProposals / expectedProposals;
        }

        double accuracy() {
            return (double) right / cases;
        }

        String report() {
            return String.format(Locale.ROOT, "proposal precision %.3f (%d/%d), proposal recall %.3f (%d/%d), "
                            + "all decisions right %.3f (%d/%d)", precision(), rightProposals, proposals, recall(),
                    rightProposals, expectedProposals, accuracy(), right, cases);
        }
    }

    static List<ToolDefinition> tools() {
        JsonNode list = read("chat/offline-tool-tools.json");
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode tool : list) {
            tools.add(new ToolDefinition(tool.path("name").asText(), tool.path("description").asText(),
                    tool.path("parameters").toString(), new ToolEndpoint("POST", "https://app.example.com/x"),
                    Set.of(), ApprovalMode.ADMIN, 30, false));
        }
        return tools;
    }

    static List<Case> cases(String resource) {
        List<Case> cases = new ArrayList<>();
        for (String line : text(resource).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            cases.add(new Case(columns[0], columns[1], columns[2], columns[3].strip()));
        }
        return cases;
    }

    static Result evaluate(OfflineToolProposer proposer, List<ToolDefinition> tools, List<Case> cases) {
        int proposals = 0;
        int rightProposals = 0;
        int expectedProposals = 0;
        int right = 0;
        List<String> mistakes = new ArrayList<>();
        for (Case c : cases) {
            OfflineToolProposer.Decision decision = proposer.decide(c.message(), tools);
            boolean ok;
            if (c.expected().equals("propose")) {
                expectedProposals++;
            }
            if (decision instanceof OfflineToolProposer.Propose propose) {
                proposals++;
                ok = c.expected().equals("propose") && c.tool().equals(propose.tool().name())
                        && tree(c.detail()).equals(tree(propose.arguments()));
                if (ok) {
                    rightProposals++;
                }
            } else if (decision instanceof OfflineToolProposer.AskFor ask) {
                ok = c.expected().equals("ask") && c.tool().equals(ask.tool().name())
                        && new HashSet<>(List.of(c.detail().split(","))).equals(new HashSet<>(ask.missing()));
            } else {
                ok = c.expected().equals("none");
            }
            if (ok) {
                right++;
            } else {
                mistakes.add(c.expected() + " " + c.tool() + " " + c.detail() + " | got " + describe(decision)
                        + " | " + c.message());
            }
        }
        return new Result(proposals, rightProposals, expectedProposals, cases.size(), right, mistakes);
    }

    private static String describe(OfflineToolProposer.Decision decision) {
        if (decision instanceof OfflineToolProposer.Propose p) {
            return String.format(Locale.ROOT, "propose %s %s (%.3f)", p.tool().name(), p.arguments(), p.similarity());
        }
        if (decision instanceof OfflineToolProposer.AskFor a) {
            return String.format(Locale.ROOT, "ask %s %s (%.3f)", a.tool().name(), a.missing(), a.similarity());
        }
        return String.format(Locale.ROOT, "none (best %.3f)", ((OfflineToolProposer.NoTool) decision).bestSimilarity());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource) {
        return tree(text(resource));
    }

    private static String text(String resource) {
        try (InputStream in = OfflineToolEvaluation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
