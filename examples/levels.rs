//! The loudness (gated, K-weighted, as the mix measures it) and the peak of a 48 kHz mono
//! WAV (a `render`), whole or between moments; with `--envelope`, its momentary loudness
//! every 100 ms, as for the opening bowl's decay.
//!
//! `cargo run --release --example levels -- out.wav [FROM-TO ...]` (seconds, `0-2.5`)
//! `cargo run --release --example levels -- --envelope out.wav`

use psoas_timer::sinks::sound::loudness::{loudness, momentary, peak_db};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let envelope = args.first().is_some_and(|a| a == "--envelope");
    if envelope {
        args.remove(0);
    }
    let Some(path) = args.first().cloned() else {
        eprintln!("usage: levels [--envelope] FILE.wav [FROM-TO ...]");
        std::process::exit(2);
    };
    let mut reader = hound::WavReader::open(&path)?;
    let rate = f64::from(reader.spec().sample_rate);
    let samples: Vec<f32> = reader
        .samples::<i16>()
        .map(|s| s.map(|s| f32::from(s) / 32_768.0))
        .collect::<Result<_, _>>()?;
    if envelope {
        let peak = momentary(samples.iter().copied())
            .into_iter()
            .fold(f32::NEG_INFINITY, f32::max);
        for (block, lufs) in momentary(samples.iter().copied()).into_iter().enumerate() {
            let at = block as f64 / 10.0;
            println!(
                "{at:5.1} s  {lufs:6.1} LUFS  {:6.1} dB from the loudest",
                lufs - peak
            );
        }
        return Ok(());
    }
    let ranges: Vec<(f64, f64)> = if args.len() > 1 {
        args[1..]
            .iter()
            .map(|r| {
                let (from, to) = r.split_once('-').ok_or("a range is FROM-TO")?;
                Ok((from.parse()?, to.parse()?))
            })
            .collect::<Result<_, Box<dyn std::error::Error>>>()?
    } else {
        vec![(0.0, samples.len() as f64 / rate)]
    };
    for (from, to) in ranges {
        let index = |s: f64| ((s * rate) as usize).min(samples.len());
        let part = &samples[index(from)..index(to)];
        let lufs =
            loudness(part.iter().copied()).map_or("silent".to_owned(), |l| format!("{l:6.1} LUFS"));
        println!(
            "{from:7.1}-{to:7.1} s  loudness {lufs}  peak {:6.1} dBFS",
            peak_db(part.iter().copied())
        );
    }
    Ok(())
}
