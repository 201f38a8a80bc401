package io.lookout.triage;

import java.util.Locale;
import java.util.Map;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Comments' Markdown as HTML that is safe to put in a page: CommonMark without any raw HTML (tags in
 * the text are shown as text), links only to {@code http}, {@code https} and {@code mailto} (any other
 * scheme, such as {@code javascript:} or {@code data:}, loses its address), images shown as links (no
 * request leaves the reader's browser when the page loads), and every link opened with
 * {@code rel="nofollow noopener noreferrer"}.
 */
public final class Markdown {

    private static final Parser PARSER = Parser.builder().build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return safeUrl(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return safeUrl(url);
                }
            })
            .attributeProviderFactory(context -> new LinkAttributes())
            .nodeRendererFactory(ImageAsLink::new)
            .build();

    private Markdown() {}

    /** The text as HTML; raw HTML in it is escaped, unsafe link targets are dropped. */
    public static String html(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }

    /** {@code http}, {@code https} and {@code mailto} addresses and relative ones; anything else: empty. */
    static String safeUrl(String url) {
        String trimmed = url.strip();
        int colon = trimmed.indexOf(':');
        int end = firstOf(trimmed, "/?#");
        if (colon < 0 || end >= 0 && end < colon) {
            return trimmed; // relative: no scheme
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto") ? trimmed : "";
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static final class LinkAttributes implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Link) {
                attributes.put("rel", "nofollow noopener noreferrer");
            }
        }
    }

    /** An image as a link to it, labelled with its alt text: nothing is loaded when the page is. */
    private static final class ImageAsLink implements org.commonmark.renderer.NodeRenderer {

        private final org.commonmark.renderer.html.HtmlNodeRendererContext context;

        ImageAsLink(org.commonmark.renderer.html.HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public java.util.Set<Class<? extends Node>> getNodeTypes() {
            return java.util.Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String url = safeUrl(image.getDestination());
            var html = context.getWriter();
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            attributes.put("rel", "nofollow noopener noreferrer");
            attributes.put("href", context.encodeUrl(url));
            html.tag("a", attributes);
            Node child = image.getFirstChild();
            if (child == null) {
                html.text(url);
            }
            while (child != null) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
            html.tag("/a");
        }
    }
}
