package io.assistantcore.ai.knowledge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A word's WordNet synonyms: the lemmas of the synsets of its first senses as a noun, a verb and an adjective
 * (WordNet 3.1, read from the classpath — the extjwnl data jar, nothing is downloaded). Only single-word lemmas are
 * given (a lemma of several words, "motor vehicle", or with a hyphen is left out), in lower case, the word itself
 * left out. The word is looked up with WordNet's own base forms ("cars" finds "car"). The dictionary is loaded once
 * per node, on first use; lookups are serialised on it and their answers kept, so that the class is safe to share
 * between threads. If the dictionary cannot be loaded, every word has no synonyms (and that is logged once).
 */
public final class Synonyms {

    private static final Logger log = LoggerFactory.getLogger(Synonyms.class);
    private static final Pattern SINGLE_WORD = Pattern.compile("\\p{L}+");
    private static final List<POS> PARTS_OF_SPEECH = List.of(POS.NOUN, POS.VERB, POS.ADJECTIVE);
    /** Kept answers, the least used dropped beyond this many (the words of a node's questions). */
    private static final int KEPT = 50_000;
    private static final Cache<String, List<String>> KNOWN = Caffeine.newBuilder().maximumSize(KEPT).build();

    private Synonyms() {
    }

    /** The dictionary, loaded on first use (a class's holder is initialised once, by the JVM, thread-safely). */
    private static final class Holder {

        static final Dictionary DICTIONARY = load();

        private static Dictionary load() {
            try {
                return Dictionary.getDefaultResourceInstance();
            } catch (JWNLException | RuntimeException e) {
                log.warn("WordNet could not be loaded; no word has synonyms: {}", e.toString());
                return null;
            }
        }
    }

    /**
     * The single-word synonyms of {@code word} from its first {@code senses} senses as a noun, a verb and an
     * adjective each (WordNet orders a word's senses by how often they are used); none for {@code senses} below 1,
     * for a word WordNet does not know, or for anything but one word of letters.
     */
    public static List<String> of(String word, int senses) {
        if (senses < 1 || word == null) {
            return List.of();
        }
        String lower = word.strip().toLowerCase(Locale.ROOT);
        if (!SINGLE_WORD.matcher(lower).matches()) {
            return List.of();
        }
        String key = senses + ":" + lower;
        List<String> known = KNOWN.getIfPresent(key);
        if (known != null) {
            return known;
        }
        List<String> found = lookUp(lower, senses);
        KNOWN.put(key, found);
        return found;
    }

    private static List<String> lookUp(String word, int senses) {
        Dictionary dictionary = Holder.DICTIONARY;
        if (dictionary == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        // the file-backed dictionary keeps caches and open files of its own: one lookup at a time
        synchronized (dictionary) {
            for (POS pos : PARTS_OF_SPEECH) {
                try {
                    IndexWord entry = dictionary.lookupIndexWord(pos, word);
                    if (entry == null) {
                        continue;
                    }
                    List<Synset> synsets = entry.getSenses();
                    for (int s = 0; s < Math.min(senses, synsets.size()); s++) {
                        for (Word lemma : synsets.get(s).getWords()) {
                            String text = lemma.getLemma().toLowerCase(Locale.ROOT);
                            if (SINGLE_WORD.matcher(text).matches() && !text.equals(word)
                                    && !text.equals(entry.getLemma())) {
                                out.add(text);
                            }
                        }
                    }
                } catch (JWNLException | RuntimeException e) {
                    // the word is a user's: never logged
                    log.debug("A WordNet lookup as {} failed: {}", pos, e.getClass().getSimpleName());
                }
            }
        }
        return List.copyOf(out);
    }
}
