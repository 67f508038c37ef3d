package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FreePromptInterpreterTest {

    private final FreePromptInterpreter interpreter = new FreePromptInterpreter();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "fix the typos|FIX_GRAMMAR|-",
            "Correct the grammar/spelling|FIX_GRAMMAR|-",
            "can you please correct the spelling mistakes?|FIX_GRAMMAR|-",
            "proofread this|FIX_GRAMMAR|-",
            "make it shorter|SHORTEN|-",
            "Shorten|SHORTEN|-",
            "trim this down a bit|SHORTEN|-",
            "it's too long|SHORTEN|-",
            "summarize|SUMMARIZE|-",
            "tl;dr|SUMMARIZE|-",
            "TL;DR please|SUMMARIZE|-",
            "give me a short summary|SUMMARIZE|-",
            "make it more formal|CHANGE_TONE|FORMAL",
            "write it more formally|CHANGE_TONE|FORMAL",
            "more casual|CHANGE_TONE|CASUAL",
            "make it less formal|CHANGE_TONE|CASUAL",
            "friendlier|CHANGE_TONE|FRIENDLY",
            "Can you please make this email sound more professional?|CHANGE_TONE|PROFESSIONAL",
            "more confident|CHANGE_TONE|CONFIDENT",
            "sound more assertive|CHANGE_TONE|CONFIDENT",
            "improve|IMPROVE|-",
            "polish it|IMPROVE|-",
            "rewrite to be clearer|IMPROVE|-",
            "rephrase this|IMPROVE|-",
            "fix the grammar and improve it|IMPROVE|-"})
    void mapsInstructionsThatClearlyNameAnAction(String instruction, AiAction action, Tone tone) {
        assertThat(interpreter.interpret(instruction)).contains(new InterpretedAction(action, tone));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "translate to German",
            "write a poem about cats",
            "explain this",
            "make it longer",
            "make it funnier",
            "summarize in French",
            "shorten to 50 words",
            "don't make it formal",
            "make it shorter and more formal",
            "fix it",
            "what does this mean?",
            "write",
            "",
            "   "})
    void refusesEverythingElse(String instruction) {
        assertThat(interpreter.interpret(instruction)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"write a poem about cats", "make it more formal"})
    void isDeterministic(String instruction) {
        assertThat(interpreter.interpret(instruction)).isEqualTo(interpreter.interpret(instruction));
    }
}
