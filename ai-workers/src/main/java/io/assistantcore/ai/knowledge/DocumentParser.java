package io.assistantcore.ai.knowledge;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Text out of an uploaded file, in sections that keep where they came from: a PDF page by page (PDFBox, page numbers
 * from 1), Markdown and HTML by heading (the heading becomes the section title), plain text as one section (its
 * line breaks kept in its chunks, so that the offline answer can leave a heading line out of what it quotes). Hostile
 * files end in a {@link ParseException} with a reason a person can read: a PDF that does not open, one with more
 * pages than allowed (a page-tree bomb), more text than allowed, parsing that takes too long, text that is not UTF-8.
 */
public final class DocumentParser {

    /**
     * A piece of the document: its page (null for formats without pages), its section title (null: none), its text,
     * and whether the text's line breaks are the file's own lines and are kept in its chunks (plain text: a heading
     * line stays on a line of its own, {@link Chunker}).
     */
    public record Section(Integer page, String title, String text, boolean lineBreaks) {

        /** A section whose line breaks are not kept in its chunks. */
        public Section(Integer page, String title, String text) {
            this(page, title, text, false);
        }
    }

    /** What can be parsed, and how much. */
    public record Limits(int maxPages, long maxCharacters, Duration maxTime, long maxPdfMemoryBytes) {
        public static final Limits DEFAULT = new Limits(2_000, 5_000_000, Duration.ofMinutes(2), 256L << 20);
    }

    public static final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "li", "pre", "td", "th", "blockquote",
            "dd", "dt");
    private static final Pattern BLANK_RUNS = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    private final Limits limits;

    public DocumentParser(Limits limits) {
        this.limits = limits;
    }

    public List<Section> parse(byte[] bytes, String mediaType) throws ParseException {
        return switch (mediaType) {
            case "application/pdf" -> pdf(bytes);
            case "text/markdown" -> markdown(utf8(bytes));
            case "text/html" -> html(bytes);
            case "text/plain" -> List.of(new Section(null, null, clean(utf8(bytes)), true));
            default -> throw new ParseException("files of type " + mediaType + " are not accepted");
        };
    }

    private List<Section> pdf(byte[] bytes) throws ParseException {
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        try (PDDocument document = Loader.loadPDF(bytes, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(limits.maxPdfMemoryBytes()).streamCache)) {
            if (document.isEncrypted()) {
                throw new ParseException("the PDF is encrypted");
            }
            int pages = document.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw new ParseException("the PDF has " + pages + " pages; at most " + limits.maxPages()
                        + " are accepted");
            }
            if (pages == 0) {
                throw new ParseException("the PDF has no pages");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<Section> sections = new ArrayList<>(pages);
            long characters = 0;
            for (int page = 1; page <= pages; page++) {
                if (System.nanoTime() > deadline) {
                    throw new ParseException("reading the PDF took longer than " + limits.maxTime().toSeconds()
                            + " seconds");
                }
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = clean(stripper.getText(document));
                characters += text.length();
                if (characters > limits.maxCharacters()) {
                    throw new ParseException("the PDF holds more than " + limits.maxCharacters() + " characters of text");
                }
                sections.add(new Section(page, null, text));
            }
            if (characters == 0) {
                throw new ParseException("the PDF has no text that can be extracted (a scan needs OCR, which is not "
                        + "available)");
            }
            return sections;
        } catch (ParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ParseException("the PDF is damaged or not a PDF and cannot be read");
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new ParseException("the PDF is too complex to read (nested or too large objects)");
        }
    }

    private List<Section> markdown(String text) throws ParseException {
        Node root = Parser.builder().build().parse(text);
        List<Section> sections = new ArrayList<>();
        String title = null;
        StringBuilder body = new StringBuilder();
        for (Node node = root.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading) {
                add(sections, title, body);
                title = clean(plainText(node)).strip();
                body.setLength(0);
            } else {
                body.append(plainText(node)).append("\n\n");
            }
        }
        add(sections, title, body);
        return checked(sections);
    }

    private List<Section> html(byte[] bytes) throws ParseException {
        org.jsoup.nodes.Document document = Jsoup.parse(utf8(bytes));
        document.select("script, style, noscript, template, iframe, object, embed").remove();
        Element body = document.body();
        List<Section> sections = new ArrayList<>();
        String title = document.title().isBlank() ? null : clean(document.title()).strip();
        StringBuilder text = new StringBuilder();
        Elements blocks = body.select("h1, h2, h3, h4, h5, h6, p, li, pre, td, th, blockquote, dd, dt");
        if (blocks.isEmpty()) {
            text.append(body.text());
        }
        for (Element block : blocks) {
            if (block.tagName().matches("h[1-6]")) {
                add(sections, title, text);
                title = clean(block.text()).strip();
                text.setLength(0);
            } else if (block.parents().stream().noneMatch(parent -> BLOCKS.contains(parent.tagName()))) {
                text.append(block.tagName().equals("pre") ? block.wholeText() : block.text()).append("\n\n");
            }
        }
        add(sections, title, text);
        return checked(sections);
    }

    private List<Section> checked(List<Section> sections) throws ParseException {
        long characters = sections.stream().mapToLong(section -> section.text().length()).sum();
        if (characters > limits.maxCharacters()) {
            throw new ParseException("the file holds more than " + limits.maxCharacters() + " characters of text");
        }
        return sections;
    }

    private static void add(List<Section> sections, String title, StringBuilder body) {
        String text = clean(body.toString()).strip();
        if (!text.isEmpty() || title != null && !sections.isEmpty()) {
            if (!text.isEmpty()) {
                sections.add(new Section(null, title, text));
            }
        }
    }

    private static String plainText(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock block) {
                out.append(block.getLiteral()).append('\n');
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                out.append(block.getLiteral()).append('\n');
            }

            @Override
            public void visit(SoftLineBreak softLineBreak) {
                out.append(' ');
            }

            @Override
            public void visit(HardLineBreak hardLineBreak) {
                out.append('\n');
            }

            @Override
            protected void visitChildren(Node parent) {
                super.visitChildren(parent);
                if (parent.getNext() != null && !(parent instanceof Text)) {
                    out.append(parent instanceof org.commonmark.node.Block ? "\n" : "");
                }
            }
        });
        return out.toString();
    }

    /** Control characters out, runs of blanks to one space, at most one empty line in a row. */
    static String clean(String text) {
        String withoutControls = CONTROL.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll(" ");
        String[] lines = withoutControls.split("\n", -1);
        StringBuilder out = new StringBuilder(withoutControls.length());
        int empty = 0;
        for (String line : lines) {
            String collapsed = BLANK_RUNS.matcher(line).replaceAll(" ").strip();
            if (collapsed.isEmpty()) {
                if (++empty > 1) {
                    continue;
                }
            } else {
                empty = 0;
            }
            out.append(collapsed).append('\n');
        }
        return out.toString().strip();
    }

    private static String utf8(byte[] bytes) throws ParseException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ParseException("the text is not UTF-8");
        }
    }
}
