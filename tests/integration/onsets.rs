//! Finding where sounds begin in recorded audio, by energy: after a stretch of silence,
//! the first sample whose energy rises above the noise floor of 16-bit audio. Every sound
//! the timer plays begins from silence (bells are stilled before the next strike, breath
//! tones end just before the next phase), so no onset hides under another sound.

/// Silence, in 16-bit steps: the energy of anything above is a sound.
const FLOOR: f32 = 2.5 / 32_768.0;
/// A sound begins only after this many frames of silence (10 ms).
const QUIET_BEFORE: usize = 480;

/// Sample indices where a sound begins in `x` (mono).
pub fn find(x: &[f32]) -> Vec<usize> {
    let mut onsets = Vec::new();
    // Before the recording there was silence.
    let mut quiet_run = QUIET_BEFORE;
    for (n, sample) in x.iter().enumerate() {
        let loud = sample * sample > FLOOR * FLOOR;
        if loud && quiet_run >= QUIET_BEFORE {
            onsets.push(n);
        }
        quiet_run = if loud { 0 } else { quiet_run + 1 };
    }
    onsets
}

/// Pairs each expected onset with the nearest found one; returns the worst distance in
/// samples and the found onsets no expected one is near.
pub fn compare(expected: &[usize], found: &[usize], tolerance: usize) -> (usize, Vec<usize>) {
    let mut worst = 0;
    for &e in expected {
        let nearest = found
            .iter()
            .map(|&f| f.abs_diff(e))
            .min()
            .unwrap_or(usize::MAX);
        worst = worst.max(nearest);
    }
    let extra = found
        .iter()
        .copied()
        .filter(|&f| expected.iter().all(|&e| e.abs_diff(f) > tolerance))
        .collect();
    (worst, extra)
}

/// The samples of a 16-bit WAV, from -1 to 1.
pub fn wav_samples(wav: impl std::io::Read) -> Vec<f32> {
    hound::WavReader::new(wav)
        .expect("a WAV file")
        .samples::<i16>()
        .map(|s| f32::from(s.expect("a sample")) / 32_768.0)
        .collect()
}

/// The samples of the 16-bit WAV file at `path`, from -1 to 1.
pub fn wav_file_samples(path: &std::path::Path) -> Vec<f32> {
    wav_samples(std::io::BufReader::new(
        std::fs::File::open(path).expect("a WAV file"),
    ))
}

/// A session on `timeline` rendered with `cues` and the keys `presses`, as samples.
pub fn rendered(
    timeline: &std::sync::Arc<psoas_timer::plan::Timeline>,
    cues: &mut psoas_timer::sinks::sound::cues::Cues,
    presses: Vec<(std::time::Duration, psoas_timer::session::Command)>,
) -> Vec<f32> {
    let mut wav = std::io::Cursor::new(Vec::new());
    psoas_timer::sinks::sound::render::render_with(timeline, cues, &mut wav, presses)
        .expect("rendered");
    wav.set_position(0);
    wav_samples(wav)
}
