//! The report as one HTML file: its style inline, no scripts, nothing fetched, printable.
//!
//! Everything from the history is escaped, and the page's own policy forbids scripts and
//! fetches, so a report opened from an email or a shared folder does nothing but show.

use std::fmt::Write as _;

use super::chart;
use super::summary::Summary;
use super::words::{self, Text};
use crate::untrusted::Untrusted;

/// Calm colours, a readable measure, and a page that prints without the screen's margins.
const STYLE: &str = "\
body{font:16px/1.5 system-ui,sans-serif;color:#222;background:#fff;margin:0}\
main{max-width:44rem;margin:0 auto;padding:2rem 1.5rem}\
h1{font-weight:500;margin:0 0 .25rem}h2{font-weight:500;margin:2rem 0 .5rem;border-bottom:1px solid #ccd}\
h3{font-weight:500;font-size:1rem;margin:1rem 0 .25rem}\
.made{color:#555;margin:0}.headline{font-size:1.15rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:#555}dd{margin:0}\
dd ul{margin:0;padding-left:1.1rem}.notes{margin:.25rem 0;padding-left:1.25rem}\
figure{margin:0}svg{display:block;max-width:100%;height:auto}\
svg text{font:11px system-ui,sans-serif;fill:#444}svg line{stroke:#dde}svg rect{fill:#5b7fa6}\
table{border-collapse:collapse;margin-top:.5rem;font-size:.9rem}th,td{text-align:left;padding:.1rem .75rem .1rem 0}\
td.minutes{text-align:right}\
caption{text-align:left;color:#555}\
@media print{main{max-width:none;padding:0}h2{break-after:avoid}section{break-inside:avoid}}";

/// The report as an HTML document.
#[must_use]
pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body><main>\n",
        words::TITLE
    );
    let _ = writeln!(out, "<h1>{}</h1>", words::TITLE);
    let _ = writeln!(
        out,
        "<p class=\"made\">{}</p>",
        escape(&words::made(summary))
    );
    let _ = writeln!(
        out,
        "<p class=\"headline\">{}</p>",
        escape(&words::headline(summary))
    );
    if summary.sessions() > 0 {
        weeks(summary, &mut out);
        for routine in &summary.routines {
            let _ = writeln!(out, "<section><h2>{}</h2><dl>", escape(&routine.name));
            for fact in words::facts(routine) {
                let _ = write!(out, "<dt>{}</dt><dd>{}", fact.label, text(&fact.text));
                if !fact.list.is_empty() {
                    out.push_str("<ul>");
                    for item in &fact.list {
                        let _ = write!(out, "<li>{}</li>", text(item));
                    }
                    out.push_str("</ul>");
                }
                out.push_str("</dd>\n");
            }
            out.push_str("</dl>\n");
            notes(routine, &mut out);
            out.push_str("</section>\n");
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

/// The chart, and the same figures as a table for those who cannot see it.
fn weeks(summary: &Summary, out: &mut String) {
    let weeks = chart::weeks(summary);
    let _ = writeln!(
        out,
        "<section><h2>Practice per week</h2><figure>{}</figure>",
        chart::svg(&weeks)
    );
    out.push_str(
        "<table><caption>The same, week by week</caption><thead><tr><th scope=\"col\">Week beginning</th><th scope=\"col\">Time practiced</th></tr></thead><tbody>",
    );
    for week in &weeks {
        let _ = write!(
            out,
            "<tr><td><time datetime=\"{}\">{}</time></td><td class=\"minutes\">{}</td></tr>",
            week.monday,
            words::short_day(week.monday),
            words::time(week.ms)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn notes(routine: &super::summary::RoutineSummary, out: &mut String) {
    if routine.notes.is_empty() {
        return;
    }
    out.push_str("<h3>Notes</h3>");
    if let Some(left_out) = words::notes_left_out(routine) {
        let _ = write!(out, "<p>{}</p>", escape(&left_out));
    }
    out.push_str("<ul class=\"notes\">");
    for note in &routine.notes {
        let _ = write!(
            out,
            "<li><time datetime=\"{}\">{}</time>: {}</li>",
            note.day,
            words::short_day(note.day),
            escape(&note.text)
        );
    }
    out.push_str("</ul>\n");
}

/// A line of the report, with what came from the history escaped.
fn text(pieces: &Text<'_>) -> String {
    words::written(pieces, escape, escape)
}

/// Text for HTML, on one line, with no control characters (which XML forbids) and every
/// character that HTML reads as markup written as an entity.
#[must_use]
pub fn escape(text: &str) -> String {
    let line = Untrusted::words(text).to_string();
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_from_the_history_is_shown_as_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{fffd}"
        );
    }
}
