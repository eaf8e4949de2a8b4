"""Thai distributed justification in WeasyPrint's PDFs (ADR 0043).

Thai government documents spread their body paragraphs to both margins the way Word's
"Thai Distributed" does: a line's spare width goes, in equal parts, into every gap between
two grapheme clusters (a consonant with its vowels and tone marks is one cluster, and so is
a syllable with SARA AM), and the last line of a paragraph stays at the start. WeasyPrint 70
justifies only by widening spaces (U+0020, U+00A0); Thai puts spaces between phrases, not
words, so its justified Thai lines were left ragged (no space on the line) or torn open at
one or two spaces.

A paragraph opts in with two declarations:

    text-align: justify;
    --text-justify: inter-character;   /* CSS Text 3's text-justify, which WeasyPrint 70
                                          drops; a custom property reaches layout */

Its lines are then justified here instead of by WeasyPrint's `justify_line`: each text box
of the line is laid out again with the gap added to the advance that ends each of its
clusters but the last (ClusterSpacedLayout), the boundaries between boxes get the same gap,
and the units thai.keep keeps on one line are spread inside like any text. A line that
would need more than MAX_GAP_EM per gap stays at the start instead of coming apart. Every
other line, and every element that does not opt in, goes through WeasyPrint's own code.

It replaces one function of WeasyPrint (weasyprint.layout.inline.justify_line) and relies
on how WeasyPrint measures and draws a text box's Pango layout; its version is pinned
exactly in pyproject.toml and tests/reports/test_justify.py fails loudly if an upgrade
changes any of it.
"""

import unicodedata

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as weasyprint_inline
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

_original_justify_line = weasyprint_inline.justify_line

# The custom property a paragraph sets (WeasyPrint stores "--text-justify" as this key).
PROPERTY = "__text_justify"
VALUES = {"inter-character", "distribute"}  # "distribute": CSS Text 3's legacy alias

# The widest gap between two clusters, in em of the line's font: 1.4 pt at the letters'
# 12 pt, 1.7 pt at the announcement's 14 pt, about a fifth of a Thai consonant's width.
# Looked at in the demo documents: lines up to 0.11 em read as Thai Distributed lines do;
# wider ones come apart into letters, so such a line stays at the start.
MAX_GAP_EM = 0.12


def opts_in(style) -> bool:
    """Whether `style` asks for inter-character justification."""
    try:
        tokens = style[PROPERTY]
    except KeyError:  # WeasyPrint's initial style has no custom properties
        return False
    words = {token.value for token in tokens or () if getattr(token, "type", "") == "ident"}
    return bool(words & VALUES)


class ClusterSpacedLayout(Layout):
    """A text box's Pango layout with `spacing` (CSS px) after each grapheme cluster but its last.

    The space is added to the glyph advances of the laid-out line, the way Pango's own
    letter-spacing is, but between whole Thai clusters: Pango 1.50 treats SARA AM (ำ) as a
    cluster of its own, and its letter-spacing attribute parted "ดำ" into "ดํ า" (measured,
    ADR 0043). WeasyPrint deactivates a box's layout after measuring it and sets its text
    again with justify=True when it draws the line (weasyprint.draw.text.draw_text), so
    measuring and drawing see the same advances. `gaps` is how many gaps the text has.
    """

    def __init__(self, style, spacing):
        super().__init__(style)
        self.cluster_spacing = spacing
        self.gaps = 0
        self.added = 0.0  # px: the line is this much wider than Pango measured it

    def set_text(self, text, justify=False):
        super().set_text(text, justify=justify)
        if justify:
            # WeasyPrint sets this when it draws; a change would lay the line out again.
            pango.pango_layout_set_single_paragraph_mode(self.layout, True)
            units = round(self.cluster_spacing * TO_UNITS)
            self.gaps = _space_clusters(self, units)
            # Pango measured the line before the advances changed (and keeps that measure).
            self.added = max(self.gaps, 0) * units * FROM_UNITS


AM = "\u0e33\u0eb3"  # SARA AM, and Lao's AM: drawn partly over the consonant before
MARKS = {"Mn", "Mc", "Me", "Cf"}  # vowels above and below, tone marks, joiners


def joins_previous(character: str) -> bool:
    """Whether `character` belongs to the cluster before it."""
    return character in AM or unicodedata.category(character) in MARKS


def _space_clusters(layout, units: int) -> int:
    """Add `units` to the advance ending each cluster of the layout's line but the last."""
    line, _ = layout.get_first_line()
    text = layout.text.encode()
    gaps = 0
    previous = None  # the glyph that ends the cluster before
    run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        if glyph_item.item.analysis.level % 2:  # right to left: not ours to spread
            return -1
        offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        last_cluster = None
        for i in range(glyphs.num_glyphs):
            cluster = glyphs.log_clusters[i]
            if cluster != last_cluster:
                last_cluster = cluster
                start = offset + cluster
                character = text[start : start + 4].decode(errors="ignore")[:1]
                if previous is not None and character and not joins_previous(character):
                    previous.geometry.width += units
                    gaps += 1
            previous = glyphs.glyphs[i]
    return gaps


def _layout(box, spacing):
    layout = ClusterSpacedLayout(box.style, spacing)
    layout.set_text(box.text, justify=True)
    return layout


def _inner_line(box):
    """The one line of an inline-block as wide as its text, else None.

    Such an inline-block is spread like the words around it (the units thai.keep keeps
    together are plain text and need nothing of this). An inline-block with a width of its
    own (a numbered item's number, a blank to fill in) is one piece and keeps its width.
    """
    if not isinstance(box, boxes.InlineBlockBox) or len(box.children) != 1:
        return None
    line = box.children[0]
    if not isinstance(line, boxes.LineBox) or not _only_text(line):
        return None
    return line if abs(line.width - box.width) < 0.01 else None


def _only_text(box) -> bool:
    return all(
        isinstance(child, boxes.TextBox)
        or (isinstance(child, boxes.InlineBox) and _only_text(child))
        for child in box.children
        if child.is_in_normal_flow()
    )


def _plain(style) -> bool:
    """No letter- or word-spacing of its own: none of ours has any, so a line with some is
    left at the start rather than spread in a way no test has seen."""
    return style["letter_spacing"] == "normal" and not style["word_spacing"]


class _Walk:
    """One pass over a line in drawing order. Without `spacing` it counts the line's gaps
    (and whether it can be spread); with it, it moves and widens the boxes, like
    WeasyPrint's add_word_spacing. Both passes meet the same gaps in the same order."""

    def __init__(self, spacing=None):
        self.spacing = spacing  # None: count only
        self.gaps = 0
        self.plain = True  # no box on the line has spacing of its own or runs right to left
        self.started = False  # a piece is already on the line: the next one opens a gap
        self.opened = False  # the gap before the next piece was given at an inline's start

    def gap(self, x_advance):
        """The gap before a piece of the line (none before the first)."""
        if self.started and not self.opened:
            self.gaps += 1
            if self.spacing is not None:
                x_advance += self.spacing
        self.started, self.opened = True, False
        return x_advance

    def visit(self, box, x_advance=0.0):
        if isinstance(box, boxes.TextBox):
            return self.text(box, x_advance)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            if isinstance(box, boxes.InlineBox) and _has_text(box):
                # The gap goes before the inline (its border and padding), not inside it.
                x_advance = self.gap(x_advance)
                self.opened = True
            if self.spacing is not None:
                box.position_x += x_advance
            before = x_advance
            for child in box.children:
                if child.is_in_normal_flow():
                    x_advance = self.visit(child, x_advance)
            if self.spacing is not None:
                box.width += x_advance - before
            return x_advance
        return self.atomic(box, x_advance)

    def text(self, box, x_advance):
        if not box.text:
            if self.spacing is not None:
                box.position_x += x_advance
            return x_advance
        x_advance = self.gap(x_advance)
        layout = _layout(box, self.spacing or 0)
        layout.deactivate()
        self.plain = self.plain and layout.gaps >= 0 and _plain(box.style)
        self.gaps += max(layout.gaps, 0)
        if self.spacing is None:
            return x_advance
        box.position_x += x_advance
        box.width += layout.added
        box.pango_layout = layout  # drawn with the same advances
        return x_advance + layout.added

    def atomic(self, box, x_advance):
        """An inline-block, an image: one piece; a kept unit's clusters spread too."""
        x_advance = self.gap(x_advance)
        inner = _inner_line(box)
        walk = _Walk(self.spacing)
        added = walk.visit(inner) if inner is not None else 0.0
        self.gaps += walk.gaps
        self.plain = self.plain and walk.plain
        if self.spacing is None:
            return x_advance
        # visit() moved the unit's text within it; now the unit and all it holds move.
        box.width += added
        box.translate(x_advance, 0)
        return x_advance + added


def _has_text(box) -> bool:
    for child in box.children:
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.TextBox):
            if child.text:
                return True
        elif not isinstance(child, boxes.InlineBox) or _has_text(child):
            return True
    return False


def spacing_for(line, extra_width):
    """The gap (px) that spreads `extra_width` over the line, or None to leave it as is."""
    walk = _Walk()
    walk.visit(line)
    if not walk.plain or walk.gaps == 0:
        return None
    spacing = extra_width / walk.gaps
    if spacing > MAX_GAP_EM * line.style["font_size"]:
        return None
    return spacing


def justify_line(context, line, extra_width):
    """WeasyPrint's justify_line, distributing over clusters for the lines that opt in."""
    if not opts_in(line.style):
        return _original_justify_line(context, line, extra_width)
    spacing = spacing_for(line, extra_width)
    if spacing is not None:
        _Walk(spacing).visit(line)


def install() -> None:
    """Replace WeasyPrint's line justification (idempotent)."""
    weasyprint_inline.justify_line = justify_line


def uninstall() -> None:
    """Back to WeasyPrint's own justification (for before/after comparisons)."""
    weasyprint_inline.justify_line = _original_justify_line


def is_installed() -> bool:
    return weasyprint_inline.justify_line is justify_line
