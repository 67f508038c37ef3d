package io.assistantcore.messages.assist;

import io.assistantcore.messages.privacy.PersonalData;

import java.util.List;
import java.util.Set;

/**
 * Everything a worker needs to produce one suggestion, fixed when it is requested and repeated in every event that
 * (re)starts an attempt, so workers keep no state of their own.
 *
 * @param inputText     the text to work on: the session's original text, or the latest suggestion when refining
 * @param context       the context items that passed the toggles and the tenant's policy
 * @param maskPii       mask e-mail addresses, phone numbers and card numbers before text leaves the platform
 * @param allowedModels the tenant's allowed providers/models (empty: any configured one)
 * @param promptVersion version of the prompt templates, for A/B comparisons and audit
 * @param exactCache    the tenant's policy allows answering from the exact response cache
 * @param semanticCache the tenant's policy allows answering from the semantic response cache. Both flags read false
 *                      in requests stored before response caching existed, which is what they were: uncached.
 */
public record GenerationSpec(AiAction action, Tone tone, @PersonalData String instruction,
                             @PersonalData String inputText, @PersonalData List<ContextItem> context, boolean maskPii, Set<String> allowedModels,
                             String promptVersion, boolean exactCache, boolean semanticCache) {

    public GenerationSpec {
        context = context == null ? List.of() : List.copyOf(context);
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    }
}
