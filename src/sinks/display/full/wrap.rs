//! Text laid out in rows of the screen, measured in the cells it takes as the terminal shows
//! it (a wide character takes two, a zero-width one none), never in characters or bytes.
//!
//! Routine texts come from strangers, so nothing about them is trusted: any length, any
//! characters. Only what can be shown is laid out: at most a given number of rows, and the
//! reading stops within a fixed amount of text past what those rows can hold, so a frame
//! costs the same whether a step's text is a line or a mebibyte. Every count is of cells
//! placed, so no arithmetic can go below zero.

use std::sync::Arc;

use ratatui::buffer::CellWidth;
use ratatui::style::Style;
use ratatui::text::Span;

/// Shown at the end of the last row when text was left out.
const ELLIPSIS: &str = "…";

/// The zero-width space: a place a word may break, that takes no room.
const ZERO_WIDTH_SPACE: &str = "\u{200b}";

/// How many bytes of text may be read for each cell of the rows laid out: room for the
/// spaces, accents and zero-width marks of any ordinary text (a character takes up to four
/// bytes), and a bound on any other.
const READ_PER_CELL: usize = 16;

/// Text laid out in rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Wrapped {
    /// The rows, each at most the width asked for.
    pub rows: Vec<String>,
    /// True when some of the text did not fit (the last row then ends in an ellipsis).
    pub cut: bool,
    /// The width it was laid out for, in cells.
    width: usize,
}

impl Wrapped {
    /// How many rows were laid out.
    #[must_use]
    pub(crate) fn height(&self) -> u16 {
        u16::try_from(self.rows.len()).unwrap_or(u16::MAX)
    }

    /// The first `rows` rows, the last of them ending in an ellipsis if anything is left out.
    #[must_use]
    pub(crate) fn first(&self, rows: u16) -> Vec<String> {
        let rows = usize::from(rows);
        let mut first = self.rows[..rows.min(self.rows.len())].to_vec();
        let more = rows < self.rows.len();
        if let Some(last) = first.last_mut().filter(|_| more) {
            *last = with_ellipsis(last, self.width);
        }
        first
    }
}

/// A text laid out once, and again only when the text or the room for it changes: a
/// step's instructions are laid out once for the step and the screen's size, not at every
/// frame. Two layouts are kept, since a screen too small for the full layout asks for the
/// full layout's room before it falls back to the compact one, every frame.
#[derive(Debug, Default)]
pub(crate) struct WrapCache {
    /// The layouts kept, the one used last first.
    kept: [Option<Laid>; 2],
}

/// A text laid out for a width and a number of rows.
#[derive(Debug)]
struct Laid {
    text: Arc<str>,
    width: u16,
    rows: u16,
    wrapped: Wrapped,
}

impl Laid {
    fn is_for(&self, text: &Arc<str>, width: u16, rows: u16) -> bool {
        // The same text is the same allocation, frame after frame: a quick comparison.
        (self.width, self.rows) == (width, rows)
            && (Arc::ptr_eq(&self.text, text) || *self.text == **text)
    }
}

impl WrapCache {
    /// `text` laid out as [`wrap`] does.
    pub(crate) fn wrap(&mut self, text: &Arc<str>, width: u16, rows: u16) -> &Wrapped {
        let found = self
            .kept
            .iter()
            .position(|laid| laid.as_ref().is_some_and(|l| l.is_for(text, width, rows)));
        if let Some(at) = found {
            self.kept[..=at].rotate_right(1);
        } else {
            // The one used least recently makes room.
            self.kept.rotate_right(1);
            self.kept[0] = None;
        }
        let laid = self.kept[0].get_or_insert_with(|| Laid {
            text: Arc::clone(text),
            width,
            rows,
            wrapped: wrap(text, width, rows),
        });
        &laid.wrapped
    }
}

/// Lays `text` out in at most `rows` rows of `width` cells. Its line breaks start new
/// paragraphs; words break at spaces and zero-width spaces (no-break spaces keep theirs),
/// and a word wider than a row is broken across rows. Spaces at the ends of rows are left
/// out.
#[must_use]
pub(crate) fn wrap(text: &str, width: u16, rows: u16) -> Wrapped {
    let width = usize::from(width.max(1));
    let limit = usize::from(rows);
    let cells = (limit + 1).saturating_mul(width + 1);
    let (read, more) = prefix(text, cells.saturating_mul(READ_PER_CELL));
    let mut layout = Layout::new(width, limit);
    layout.lay_out(read.trim_end());
    layout.cut |= more;
    layout.finish()
}

/// `text` on one row of `width` cells, its lines joined, shortened at a word with an
/// ellipsis if it is longer.
#[must_use]
pub(crate) fn one_row(text: &str, width: u16) -> String {
    if width == 0 {
        return String::new();
    }
    let (read, more) = prefix(text, (usize::from(width) + 1).saturating_mul(READ_PER_CELL));
    let joined = read.replace('\n', " ");
    let mut layout = Layout::new(usize::from(width), 1);
    layout.lay_out(joined.trim());
    layout.cut |= more;
    layout.finish().rows.pop().unwrap_or_default()
}

/// How many cells `text` takes on screen.
#[must_use]
pub(crate) fn cells(text: &str) -> usize {
    Span::raw(text)
        .styled_graphemes(Style::default())
        .map(|g| usize::from(g.symbol.cell_width()))
        .sum()
}

/// At most the first `bytes` of `text` (to a character's start), and whether there is more.
fn prefix(text: &str, bytes: usize) -> (&str, bool) {
    if text.len() <= bytes {
        return (text, false);
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// `row` with an ellipsis at its end, in place of what it must take to keep within `width`:
/// the words that do not fit are left out whole, and only a row of one word too wide for
/// it is cut inside that word.
fn with_ellipsis(row: &str, width: usize) -> String {
    // Control characters are left out, as the screen leaves them out.
    let span = Span::raw(row);
    let graphemes: Vec<&str> = span
        .styled_graphemes(Style::default())
        .map(|g| g.symbol)
        .collect();
    let room = width.saturating_sub(cells(ELLIPSIS));
    let (mut fit, mut used) = (0, 0);
    for grapheme in &graphemes {
        let cells = usize::from(grapheme.cell_width());
        if used + cells > room {
            break;
        }
        used += cells;
        fit += 1;
    }
    let mid_word = graphemes
        .get(fit)
        .is_some_and(|next| !is_break(next) && fit > 0 && !is_break(graphemes[fit - 1]));
    if mid_word {
        // Back to the last break before the cut, when the row has one.
        if let Some(at) = graphemes[..fit].iter().rposition(|g| is_break(g)) {
            fit = at;
        }
    }
    let mut row = graphemes[..fit].concat();
    row.truncate(
        row.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{200b}')
            .len(),
    );
    if width > 0 {
        row.push_str(ELLIPSIS);
    }
    row
}

/// A place a row may break: a space or a zero-width space.
fn is_break(grapheme: &str) -> bool {
    is_space(grapheme) || grapheme == ZERO_WIDTH_SPACE
}

/// A space where a row may break: not a no-break space.
fn is_space(grapheme: &str) -> bool {
    grapheme
        .chars()
        .all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

/// What comes between the word being read and the one before it on its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Nothing: the word goes on from the one before (the start of a paragraph).
    None,
    /// A zero-width space: a break if needed, and no room taken.
    Invisible,
    /// A space: one cell, or a break.
    Space,
}

/// Rows being filled, word by word.
struct Layout {
    width: usize,
    limit: usize,
    rows: Vec<String>,
    row: String,
    /// Cells used in `row`.
    used: usize,
    /// The word being read, and its cells.
    word: String,
    word_cells: usize,
    gap: Gap,
    /// True while a word too wide for any row is being laid out as it is read.
    breaking: bool,
    cut: bool,
}

impl Layout {
    fn new(width: usize, limit: usize) -> Self {
        Self {
            width,
            limit,
            rows: Vec::new(),
            row: String::new(),
            used: 0,
            word: String::new(),
            word_cells: 0,
            gap: Gap::None,
            breaking: false,
            cut: false,
        }
    }

    /// True once every row is full; anything more is cut.
    fn full(&self) -> bool {
        self.rows.len() >= self.limit
    }

    fn lay_out(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        for paragraph in text.split('\n') {
            if self.full() {
                self.cut = true;
                return;
            }
            for grapheme in Span::raw(paragraph).styled_graphemes(Style::default()) {
                let grapheme = grapheme.symbol;
                if is_space(grapheme) {
                    self.end_word();
                    self.gap = Gap::Space;
                } else if grapheme == ZERO_WIDTH_SPACE {
                    self.end_word();
                    if self.gap == Gap::None {
                        self.gap = Gap::Invisible;
                    }
                } else {
                    self.read(grapheme);
                }
                if self.cut {
                    return;
                }
            }
            self.end_word();
            if self.cut {
                return;
            }
            self.end_row();
            self.gap = Gap::None;
        }
    }

    /// One more grapheme of the word being read.
    fn read(&mut self, grapheme: &str) {
        let cells = usize::from(grapheme.cell_width());
        if self.breaking {
            self.put_broken(grapheme, cells);
            return;
        }
        self.word.push_str(grapheme);
        self.word_cells += cells;
        if self.word_cells > self.width {
            // No row can hold it: it is laid out from a row of its own, as it is read.
            self.breaking = true;
            if self.used > 0 {
                self.end_row();
            }
            let word = std::mem::take(&mut self.word);
            self.word_cells = 0;
            for grapheme in Span::raw(word.as_str()).styled_graphemes(Style::default()) {
                self.put_broken(grapheme.symbol, usize::from(grapheme.symbol.cell_width()));
            }
        }
    }

    /// A grapheme of a word too wide for a row, on this row or the next.
    fn put_broken(&mut self, grapheme: &str, cells: usize) {
        if self.used > 0 && self.used + cells > self.width {
            self.end_row();
        }
        if self.full() {
            self.cut = true;
            return;
        }
        self.row.push_str(grapheme);
        self.used += cells;
    }

    /// The word read is placed: after the one before on its row if it fits, else on the next.
    fn end_word(&mut self) {
        if self.breaking {
            self.breaking = false;
            self.gap = Gap::None;
            return;
        }
        if self.word.is_empty() {
            return;
        }
        let gap = usize::from(self.used > 0 && self.gap == Gap::Space);
        let fits = self.used + gap + self.word_cells <= self.width;
        if !fits {
            self.end_row();
        }
        if self.full() {
            self.cut = true;
            return;
        }
        if fits && gap == 1 {
            self.row.push(' ');
            self.used += 1;
        }
        self.row.push_str(&self.word);
        self.used += self.word_cells;
        self.word.clear();
        self.word_cells = 0;
        self.gap = Gap::None;
    }

    fn end_row(&mut self) {
        if self.full() {
            self.cut = true;
            return;
        }
        self.rows.push(std::mem::take(&mut self.row));
        self.used = 0;
    }

    fn finish(mut self) -> Wrapped {
        // Text cut short mid-row (it went on past what may be read) keeps what it had.
        self.end_word();
        if !self.row.is_empty() && !self.full() {
            self.rows.push(std::mem::take(&mut self.row));
        }
        let (cut, width) = (self.cut, self.width);
        if let Some(last) = self.rows.last_mut().filter(|_| cut) {
            *last = with_ellipsis(last, width);
        }
        Wrapped {
            rows: self.rows,
            cut: self.cut,
            width: self.width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, width: u16, limit: u16) -> Vec<String> {
        wrap(text, width, limit).rows
    }

    #[test]
    fn two_layouts_asked_for_in_turn_are_both_kept() {
        let text: Arc<str> = "Let the weight of the legs sink into the floor.".into();
        let mut cache = WrapCache::default();
        let widths = |cache: &WrapCache| -> Vec<u16> {
            cache.kept.iter().flatten().map(|laid| laid.width).collect()
        };
        for _ in 0..3 {
            assert_eq!(cache.wrap(&text, 36, 3).rows, rows(&text, 36, 3));
            assert_eq!(cache.wrap(&text, 20, 2).rows, rows(&text, 20, 2));
        }
        assert_eq!(widths(&cache), [20, 36], "the one used last first");
        // A third layout makes room by leaving out the one used least recently.
        cache.wrap(&text, 12, 1);
        assert_eq!(widths(&cache), [12, 20]);
    }

    #[test]
    fn words_fill_rows_and_paragraphs_start_new_ones() {
        assert_eq!(
            rows(
                "Lie down and let the floor hold you.\nNothing to do yet.",
                14,
                9
            ),
            [
                "Lie down and",
                "let the floor",
                "hold you.",
                "Nothing to do",
                "yet."
            ]
        );
        assert_eq!(rows("one\n\ntwo", 10, 9), ["one", "", "two"]);
        assert!(rows("", 10, 9).is_empty());
        assert_eq!(rows("  many   spaces  ", 20, 9), ["many spaces"]);
    }

    #[test]
    fn a_word_wider_than_a_row_is_broken_across_rows() {
        assert_eq!(rows("a abcdefghij b", 4, 9), ["a", "abcd", "efgh", "ij b"]);
    }

    /// A zero-width space after a long word: it takes no room and breaks nothing that fits.
    #[test]
    fn zero_width_spaces_take_no_room_and_may_break() {
        let long = "a".repeat(10);
        assert_eq!(rows(&format!("{long} \u{200b}"), 10, 9), [long.as_str()]);
        assert_eq!(rows(&format!("{long}\u{200b}"), 10, 9), [long.as_str()]);
        assert_eq!(
            rows(&format!("{long}\u{200b} then"), 10, 9),
            [long.as_str(), "then"]
        );
        assert_eq!(rows("half\u{200b}way", 4, 9), ["half", "way"]);
        assert_eq!(rows("half\u{200b}way", 7, 9), ["halfway"]);
        for text in ["\u{200b}", " \u{200b} ", "\u{200b}\u{200b}\n\u{200b}"] {
            assert!(
                wrap(text, 1, 9).rows.iter().all(String::is_empty),
                "{text:?}"
            );
        }
    }

    #[test]
    fn rows_are_measured_in_cells() {
        // Each of these takes two cells.
        assert_eq!(rows("日本語 の 文", 6, 9), ["日本語", "の 文"]);
        // A combining accent takes none.
        assert_eq!(
            rows("cafe\u{301} au lait", 7, 9),
            ["cafe\u{301} au", "lait"]
        );
        for row in rows(&"日本語".repeat(20), 7, 99) {
            assert!(cells(&row) <= 7, "{row}");
        }
    }

    #[test]
    fn no_break_spaces_keep_words_together() {
        assert_eq!(
            rows("ten\u{a0}breaths now", 11, 9),
            ["ten\u{a0}breaths", "now"]
        );
    }

    #[test]
    fn only_the_rows_asked_for_are_laid_out_and_a_cut_is_shown() {
        let text = "soften ".repeat(150_000);
        let wrapped = wrap(&text, 20, 3);
        assert_eq!(
            wrapped.rows,
            [
                "soften soften soften",
                "soften soften soften",
                "soften soften…"
            ]
        );
        assert!(wrapped.cut);
        assert!(!wrap("soften soften", 20, 3).cut);
        assert_eq!(one_row("Long exhales, slowly", 10), "Long…");
        assert_eq!(one_row("Long exhales, slowly", 14), "Long exhales,…");
        assert_eq!(one_row("Unbroken", 5), "Unbr…", "one word too wide is cut");
        assert_eq!(one_row("Long exhales,\nslowly", 20), "Long exhales, slowly");
        assert_eq!(one_row("Rest", 10), "Rest");
        assert!(wrap("anything", 20, 0).rows.is_empty());
    }

    /// Text that never fills a row (zero-width marks, runs of spaces) is read only so far.
    #[test]
    fn reading_stops_within_a_bound_of_what_is_shown() {
        let start = std::time::Instant::now();
        // Eight mebibytes each: reading them through would take many seconds here.
        let marks = format!("a{}", "\u{301}".repeat(1 << 22));
        let wrapped = wrap(&marks, 80, 24);
        assert_eq!(wrapped.rows.len(), 1);
        assert!(wrapped.cut);
        let spaced = format!("a{}b", " ".repeat(1 << 23));
        let wrapped = wrap(&spaced, 80, 24);
        assert_eq!(wrapped.rows, ["a…"]);
        assert!(one_row(&spaced, 80).len() < 80 * READ_PER_CELL);
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn the_first_rows_say_when_more_follow() {
        let wrapped = wrap("one two three four", 5, 9);
        assert_eq!(wrapped.rows, ["one", "two", "three", "four"]);
        assert_eq!(wrapped.first(2), ["one", "two…"]);
        assert_eq!(wrapped.first(4), ["one", "two", "three", "four"]);
        assert_eq!(wrapped.first(9), ["one", "two", "three", "four"]);
        assert_eq!(wrap("one two three four", 5, 2).first(2), ["one", "two…"]);
    }

    #[test]
    fn a_text_is_laid_out_again_only_when_it_or_the_room_changes() {
        let mut cache = WrapCache::default();
        let text: Arc<str> = "one two three".into();
        let first: *const Wrapped = cache.wrap(&text, 5, 9);
        assert!(std::ptr::eq(first, cache.wrap(&text, 5, 9)));
        assert_eq!(cache.wrap(&text, 5, 9).rows, ["one", "two", "three"]);
        assert_eq!(cache.wrap(&text, 9, 9).rows, ["one two", "three"]);
        assert_eq!(cache.wrap(&text, 9, 1).rows, ["one two…"]);
        assert_eq!(cache.wrap(&"four".into(), 9, 1).rows, ["four"]);
    }
}
