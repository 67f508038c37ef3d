package io.assistantcore.ai.offline;

import org.languagetool.JLanguageTool;
import org.languagetool.language.AmericanEnglish;
import org.languagetool.rules.patterns.AbstractPatternRule;
import org.languagetool.rules.patterns.PatternRuleLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small pool of {@link JLanguageTool} instances for American English. An instance is not thread-safe, so each
 * check borrows one exclusively; instances are created lazily (the first costs seconds: rule files, the POS tagger
 * and the spelling dictionary are loaded) up to {@code maxSize}, after which callers wait for a free one.
 *
 * <p>Every instance also carries the engine's own pattern rules ({@link #RULES}, LanguageTool's XML rule format) and
 * reports overlapping matches instead of resolving them itself: {@link GrammarCorrector} chooses among them by
 * re-checking.
 */
final class LanguageToolPool {

    /** The engine's own pattern rules: confusions LanguageTool catches only with its (not shipped) n-gram data. */
    static final String RULES = "/offline/grammar-rules.xml";

    private final int maxSize;
    private final BlockingQueue<JLanguageTool> idle;
    private final AtomicInteger created = new AtomicInteger();

    LanguageToolPool(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1");
        }
        this.maxSize = maxSize;
        this.idle = new ArrayBlockingQueue<>(maxSize);
    }

    /** Runs the function with an instance borrowed for its duration. */
    <T> T withInstance(Function<JLanguageTool, T> work) {
        JLanguageTool tool = borrow();
        try {
            return work.apply(tool);
        } finally {
            idle.offer(tool);
        }
    }

    static JLanguageTool newInstance() {
        JLanguageTool tool = new JLanguageTool(AmericanEnglish.getInstance());
        tool.setCleanOverlappingMatches(false);
        for (AbstractPatternRule rule : ownRules()) {
            tool.addRule(rule);
        }
        return tool;
    }

    static List<AbstractPatternRule> ownRules() {
        try (InputStream in = LanguageToolPool.class.getResourceAsStream(RULES)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RULES);
            }
            return new PatternRuleLoader().getRules(in, RULES, AmericanEnglish.getInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JLanguageTool borrow() {
        JLanguageTool tool = idle.poll();
        if (tool != null) {
            return tool;
        }
        while (true) {
            int count = created.get();
            if (count >= maxSize) {
                break;
            }
            if (created.compareAndSet(count, count + 1)) {
                try {
                    return newInstance();
                } catch (RuntimeException | Error e) {
                    created.decrementAndGet();
                    throw e;
                }
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a LanguageTool instance", e);
        }
    }
}
