//! `report`: what a practitioner sends a teacher or therapist, written as they would ask for
//! it, and the HTML one as a browser shows it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::common::{Test, can_run};

/// Lines of a history: sessions on the days `days_ago` before today, the ones divisible by
/// three stopped early in a step, every fifth with a note holding markup.
fn history(days_ago: &[i64]) -> String {
    let today = jiff::ZonedDateTime::now().date();
    let mut lines = String::new();
    for (index, &ago) in days_ago.iter().enumerate() {
        let day = today.checked_sub(jiff::Span::new().days(ago)).unwrap();
        let stopped = index % 3 == 0;
        let note = if index % 5 == 0 {
            r#","notes":["Hip <b>sore</b> & I came out of it"]"#
        } else {
            ""
        };
        let _ = writeln!(
            lines,
            r#"{{"start":"{day}T07:00:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":{},"completed":{},"reached_end":{},"ended_in_step":2,"ended_in_title":"Knees to the side","steps_reached":2,"steps":3,"max_late_us":0,"paused_ms":30000,"step_changes":[]{note}}}"#,
            if stopped { 400_000 } else { 1_200_000 },
            !stopped,
            !stopped,
        );
    }
    lines
}

fn weeks() -> Vec<i64> {
    (0..24).map(|n| n * 2).collect()
}

#[test]
fn a_report_says_in_plain_words_what_was_practiced() {
    let output = Test::new()
        .home_file("history.jsonl", &history(&[0, 1, 3]))
        .args(["report"])
        .stdout_has("# Practice report")
        .stdout_has("3 sessions over 4 days, 46 min practiced.")
        .stdout_has("- Sessions: 3 (2 complete, 1 stopped early)")
        .stdout_has("  - “Knees to the side”: once")
        .stdout_has("Hip \\<b\\>sore\\</b\\> \\& I came out of it")
        .run();
    assert!(
        output.stdout.contains("```text\nWeek of"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_routine_the_history_does_not_have_is_answered_with_those_it_has() {
    Test::new()
        .home_file("history.jsonl", &history(&[0]))
        .args(["report", "--routine", "constructive-rset"])
        .status(4)
        .stderr(
            "error: no session of `constructive-rset` is in the practice history; did you mean `constructive-rest`?\n",
        )
        .run();
}

#[test]
fn a_report_file_is_never_replaced_without_force() {
    let first = Test::new()
        .home_file("history.jsonl", &history(&[0, 1]))
        .args(["report", "-o", "{dir}/report.md"])
        .stdout("")
        .run();
    assert!(first.file("report.md").contains("2 sessions"));
    let second = first
        .then()
        .home_file("history.jsonl", &history(&[0, 1, 2]))
        .args(["report", "-o", "{dir}/report.md"])
        .status(2)
        .stderr_has("report.md already exists; --force replaces it")
        .run();
    assert!(second.file("report.md").contains("2 sessions"));
    let third = second
        .then()
        .args(["report", "-o", "{dir}/report.md", "--force"])
        .run();
    assert!(third.file("report.md").contains("3 sessions"));
}

/// Whether `svg` is well-formed XML: every element closed in order, every attribute quoted,
/// every `&` an entity, nothing after the root.
fn well_formed(svg: &str) -> Result<usize, String> {
    let mut open: Vec<&str> = Vec::new();
    let mut elements = 0;
    let mut rest = svg;
    while let Some(at) = rest.find('<') {
        check_text(&rest[..at])?;
        let end = rest[at..].find('>').ok_or("a tag is not closed")? + at;
        let tag = &rest[at + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(opened) if opened == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            if open.is_empty() && !rest.trim().is_empty() {
                return Err("text after the root element".into());
            }
            continue;
        }
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().ok_or("an empty tag")?;
        check_attributes(&tag[name.len()..])?;
        elements += 1;
        if !empty {
            open.push(name);
        }
        if open.is_empty() && !rest.trim().is_empty() {
            return Err("text after the root element".into());
        }
    }
    if open.is_empty() {
        Ok(elements)
    } else {
        Err(format!("{open:?} are not closed"))
    }
}

fn check_text(text: &str) -> Result<(), String> {
    for (at, _) in text.match_indices('&') {
        let entity = &text[at..text[at..].find(';').map_or(at, |end| at + end + 1)];
        if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity) {
            return Err(format!("a bare & in {text:?}"));
        }
    }
    if text.contains('>') {
        return Err(format!("a stray > in {text:?}"));
    }
    Ok(())
}

fn check_attributes(mut attributes: &str) -> Result<(), String> {
    loop {
        attributes = attributes.trim_start();
        if attributes.is_empty() {
            return Ok(());
        }
        let (name, value) = attributes
            .split_once("=\"")
            .ok_or_else(|| format!("an attribute without a quoted value: {attributes:?}"))?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("a bad attribute name {name:?}"));
        }
        let end = value
            .find('"')
            .ok_or("an attribute's value is not closed")?;
        check_text(&value[..end])?;
        attributes = &value[end + 1..];
    }
}

#[test]
fn the_svg_check_finds_what_is_not_well_formed() {
    assert_eq!(well_formed(r#"<svg a="1"><g><rect/></g></svg>"#), Ok(3));
    for broken in [
        "<svg><g></svg>",
        "<svg a=1></svg>",
        "<svg>a & b</svg>",
        "<svg></svg><svg></svg>",
        "<svg>",
    ] {
        assert!(well_formed(broken).is_err(), "{broken}");
    }
}

/// The PNG's width and height, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let header = png.get(..24)?;
    if header[..8] != *b"\x89PNG\r\n\x1a\n" || header[12..16] != *b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap());
    Some((number(16), number(20)))
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

/// Opens `page` in headless Chromium and returns the screenshot's bytes.
fn screenshot(browser: &str, page: &Path, folder: &Path) -> Vec<u8> {
    let shot = folder.join("report.png");
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=900,1400",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!(
            "--user-data-dir={}",
            folder.join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(status.status.success(), "{status:?}");
    std::fs::read(&shot).expect("chromium wrote the screenshot")
}

#[test]
fn the_html_report_shows_its_chart_in_a_browser() {
    let output = Test::new()
        .home_file("history.jsonl", &history(&weeks()))
        .args(["report", "--format", "html", "-o", "{dir}/report.html"])
        .run();
    let page = output.file("report.html");
    let start = page.find("<svg").expect("the page has its chart");
    let end = page.find("</svg>").expect("the chart ends") + "</svg>".len();
    let svg = &page[start..end];
    well_formed(svg).expect("the chart is well-formed XML");
    // A bar for each week the table beside it lists, and the table lists every week from
    // the first session, every other day for seven weeks.
    let bars = svg.matches("<rect ").count();
    let rows = page.matches("<tr><td><time").count();
    assert_eq!(bars, rows, "{svg}");
    assert!((7..=8).contains(&rows), "{rows} weeks");
    assert!(svg.contains("<title id=\"chart-title\">") && svg.contains("<desc id=\"chart-desc\">"));
    assert!(page.contains("Hip &lt;b&gt;sore&lt;/b&gt; &amp; I came out of it"));

    let Some(browser) = chromium() else {
        can_run(false, "Chromium (Debian package chromium)");
        return;
    };
    let png = screenshot(browser, &output.dir().join("report.html"), &output.dir());
    assert_eq!(png_size(&png), Some((900, 1400)));
    // A blank page of the same size compresses to almost nothing; text and bars do not.
    let blank_page = output.dir().join("blank.html");
    std::fs::write(&blank_page, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let blank = screenshot(browser, &blank_page, &output.dir());
    assert_eq!(png_size(&blank), Some((900, 1400)));
    assert!(
        png.len() > 10 * blank.len(),
        "the screenshot is {} bytes, a blank page {}",
        png.len(),
        blank.len()
    );
    if let Ok(keep) = std::env::var("PSOAS_TIMER_KEEP_SCREENSHOT") {
        std::fs::write(keep, &png).unwrap();
    }
}
