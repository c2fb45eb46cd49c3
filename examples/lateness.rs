//! Reads an event log (`--events FILE`) and prints how late the cues came: median, p99 and
//! max of `late_us`, over every event that was due at a planned moment.
//!
//! `cargo run --release --example lateness -- events.jsonl`

use std::io::{self, BufRead, BufReader};

fn main() -> io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "-".to_owned());
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        Box::new(BufReader::new(std::fs::File::open(&path)?))
    };
    let mut late_us = Vec::new();
    for line in reader.lines() {
        let event: serde_json::Value = serde_json::from_str(&line?).map_err(io::Error::other)?;
        if let Some(late) = event["late_us"].as_u64() {
            late_us.push(late);
        }
    }
    if late_us.is_empty() {
        eprintln!("no events in {path}");
        std::process::exit(1);
    }
    late_us.sort_unstable();
    let at = |q: f64| late_us[((late_us.len() - 1) as f64 * q).round() as usize];
    println!(
        "events: {}  lateness median: {} us  p99: {} us  max: {} us",
        late_us.len(),
        at(0.5),
        at(0.99),
        late_us[late_us.len() - 1]
    );
    Ok(())
}
