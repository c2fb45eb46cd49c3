//! Sound files in every common recording format: a teacher's recording from a phone, a
//! bowl from an editor. Each decodes to its length and pitch at the mix rate, and `render`
//! writes WAV or FLAC, chosen by the file's name.

#[cfg(unix)]
use std::path::Path;
use std::path::PathBuf;

use psoas_timer::sinks::sound::MIX_RATE;
use psoas_timer::sinks::sound::sounds::load_file;

use crate::common::{Test, root};

/// The fixtures: half a second of a 660 Hz tone in each format (made by `make.sh` beside
/// them), at rates from 11 to 48 kHz, one of them stereo.
const FORMATS: [&str; 5] = ["wav", "flac", "mp3", "ogg", "m4a"];
const TONE_HZ: f64 = 660.0;
const TONE_MS: f64 = 500.0;

fn tone(format: &str) -> PathBuf {
    root().join(format!("tests/fixtures/sounds/tone.{format}"))
}

/// The frequency of a steady tone, from its zero crossings (rising ones, interpolated).
fn pitch(samples: &[f32], rate: u32) -> f64 {
    let rising: Vec<f64> = samples
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[0] < 0.0 && pair[1] >= 0.0)
        .map(|(n, pair)| n as f64 + f64::from(pair[0] / (pair[0] - pair[1])))
        .collect();
    let (first, last) = (rising[0], rising[rising.len() - 1]);
    (rising.len() - 1) as f64 * f64::from(rate) / (last - first)
}

/// Where a clip is louder than a tenth of its peak: its first and last such frame, in ms.
fn audible_ms(samples: &[f32]) -> (f64, f64) {
    let peak = samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
    let loud = |s: &&f32| s.abs() > peak / 10.0;
    let first = samples.iter().position(|s| loud(&s)).unwrap_or(0);
    let last = samples.iter().rposition(|s| loud(&s)).unwrap_or(0);
    let ms = |frame: usize| frame as f64 * 1000.0 / f64::from(MIX_RATE);
    (ms(first), ms(last))
}

#[test]
fn every_format_decodes_to_its_length_and_pitch_at_the_mix_rate() {
    for format in FORMATS {
        let clip = load_file(&tone(format)).unwrap_or_else(|e| panic!("{format}: {e}"));
        let samples: Vec<f32> = clip.samples().collect();
        // The tone is faded in and out over 50 ms: it is heard from a few ms after its
        // start to a few ms before its end, wherever an encoder's padding put silence.
        let (first, last) = audible_ms(&samples);
        let heard = last - first;
        assert!(
            (TONE_MS - 12.0..=TONE_MS).contains(&heard),
            "{format}: heard for {heard:.1} ms ({first:.1} to {last:.1})"
        );
        let length = samples.len() as f64 * 1000.0 / f64::from(MIX_RATE);
        assert!(
            (TONE_MS - 2.0..=TONE_MS + 60.0).contains(&length),
            "{format}: lasts {length:.1} ms"
        );
        let start = (first + 100.0) as usize * MIX_RATE as usize / 1000;
        let steady = &samples[start..start + MIX_RATE as usize * 3 / 10];
        let hz = pitch(steady, MIX_RATE);
        assert!((hz - TONE_HZ).abs() < 1.0, "{format}: {hz:.2} Hz");
    }
}

const TOLD: &str = r#"
version = 1
name = "Told"

[[steps]]
title = "Rest"
duration = "5s"
[steps.sound]
recording = "told.mp3"
"#;

#[test]
fn check_accepts_a_routine_with_an_mp3_recording() {
    let mp3 = std::fs::read(tone("mp3")).unwrap();
    Test::new()
        .routine("told.toml", TOLD)
        .file("told.mp3", &mp3)
        .args(["check", "{dir}/told.toml"])
        .run();
}

#[test]
fn a_corrupt_recording_is_named_with_the_formats_that_play() {
    let mut mp3 = std::fs::read(tone("mp3")).unwrap();
    // Noise where the audio was: no frame can be found.
    for (n, byte) in mp3.iter_mut().enumerate() {
        *byte = (n * 7919 % 251) as u8;
    }
    Test::new()
        .routine("told.toml", TOLD)
        .file("told.mp3", &mp3)
        .args(["check", "{dir}/told.toml"])
        .status(3)
        .stderr_has("told.mp3")
        .stderr_has("WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC files can be played")
        .run();
}

#[test]
fn a_practitioners_own_sound_may_be_an_ogg_file() {
    let ogg = std::fs::read(tone("ogg")).unwrap();
    Test::new()
        .routine(
            "told.toml",
            "version = 1\nname = \"Bell\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"2s\"\n",
        )
        .file("bell.ogg", &ogg)
        .args([
            "render",
            "{dir}/told.toml",
            "--sound",
            "bell={dir}/bell.ogg",
        ])
        .args(["--no-voice", "-o", "{dir}/out.wav"])
        .run();
}

/// The 16-bit samples of a rendered file: WAV read by hound, FLAC decoded by rodio's
/// decoder (symphonia's), nothing to do with the encoder that wrote it.
fn decoded(path: &std::path::Path) -> (u32, u16, Vec<i16>) {
    use rodio::Source;
    if path.extension().is_some_and(|e| e == "wav") {
        let reader = hound::WavReader::open(path).unwrap();
        let spec = reader.spec();
        let samples = reader.into_samples::<i16>().map(Result::unwrap).collect();
        return (spec.sample_rate, spec.channels, samples);
    }
    let decoder = rodio::Decoder::try_from(std::fs::File::open(path).unwrap()).unwrap();
    let (rate, channels) = (decoder.sample_rate().get(), decoder.channels().get());
    let samples = decoder.map(|s| (s * 32_768.0).round() as i16).collect();
    (rate, channels, samples)
}

/// Twelve seconds of paced breath with bells: every kind of sound but words.
const SHORT: &str = r#"
version = 1
name = "Short"

[[steps]]
title = "Breathe"
duration = "12s"
bell_every = "4s"
[steps.breath]
inhale = "2s"
exhale = "3s"
"#;

#[test]
fn a_flac_rendering_is_the_wav_rendering_sample_for_sample() {
    for (rate, channels) in [("22050", "1"), ("44100", "2")] {
        let render = |test: Test, name: &str| {
            test.args(["render", "{dir}/short.toml", "--no-voice", "--rate", rate])
                .args(["--channels", channels, "-o", &format!("{{dir}}/{name}")])
                .run()
        };
        let first = render(Test::new().routine("short.toml", SHORT), "s.wav");
        let both = render(first.then(), "s.flac");
        let wav = decoded(&both.dir().join("s.wav"));
        let flac = decoded(&both.dir().join("s.flac"));
        let expected: (u32, u16) = (rate.parse().unwrap(), channels.parse().unwrap());
        assert_eq!((wav.0, wav.1), expected);
        assert_eq!((flac.0, flac.1), expected);
        let seconds = wav.2.len() as f64 / f64::from(expected.0) / f64::from(expected.1);
        assert!(seconds > 12.0, "{seconds} s");
        assert!(wav.2.iter().any(|&s| s != 0), "the rendering has sound");
        assert!(
            flac.2 == wav.2,
            "the FLAC decodes to the WAV's samples at {rate} Hz"
        );
    }
}

#[test]
fn render_says_what_it_wrote() {
    let output = Test::new()
        .routine("short.toml", SHORT)
        .args([
            "render",
            "{dir}/short.toml",
            "--no-voice",
            "-o",
            "{dir}/s.flac",
        ])
        .stderr("")
        .run();
    let path = output.dir().join("s.flac");
    let size = std::fs::metadata(&path).unwrap().len();
    let (rate, _, samples) = decoded(&path);
    let length =
        psoas_timer::duration::format_seconds(samples.len() as u64 * 1000 / u64::from(rate));
    let size = if size < 100_000 {
        format!("{:.1} kB", size as f64 / 1e3)
    } else {
        format!("{:.1} MB", size as f64 / 1e6)
    };
    assert_eq!(
        output.stdout,
        format!("wrote [DIR]/s.flac: {length}, {size}, FLAC 24 kHz mono\n")
    );
}

#[test]
fn render_refuses_a_name_of_another_format() {
    let output = Test::new()
        .args(["render", "settle", "-o", "{dir}/s.mp3"])
        .status(2)
        .stderr("error: cannot write [DIR]/s.mp3: render writes .wav or .flac files, the format chosen by the name's ending\n")
        .run();
    assert!(!output.dir().join("s.mp3").exists());
}

/// `check` and `render` of `{dir}/told.toml`: both open every file a routine names.
const CHECK_AND_RENDER: [&[&str]; 2] = [
    &["check", "{dir}/told.toml"],
    &["render", "{dir}/told.toml", "-o", "{dir}/out.wav"],
];

/// A routine of one step whose recording is `name`.
fn recorded(name: &str) -> String {
    format!(
        "version = 1\nname = \"Told\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"5s\"\n\
         sound = {{ recording = \"{name}\" }}\n"
    )
}

/// A 16-bit PCM WAV file of `frames` silent frames of `channels` channels at `rate`.
fn silent_wav(channels: u16, rate: u32, frames: u32) -> Vec<u8> {
    let block = u32::from(channels) * 2;
    let data = frames * block;
    let mut bytes = Vec::with_capacity(44 + data as usize);
    bytes.extend(b"RIFF");
    bytes.extend((36 + data).to_le_bytes());
    bytes.extend(b"WAVEfmt ");
    bytes.extend(16_u32.to_le_bytes());
    bytes.extend(1_u16.to_le_bytes());
    bytes.extend(channels.to_le_bytes());
    bytes.extend(rate.to_le_bytes());
    bytes.extend((rate * block).to_le_bytes());
    bytes.extend((block as u16).to_le_bytes());
    bytes.extend(16_u16.to_le_bytes());
    bytes.extend(b"data");
    bytes.extend(data.to_le_bytes());
    bytes.resize(44 + data as usize, 0);
    bytes
}

#[test]
fn a_file_of_many_channels_or_at_a_rate_of_no_recording_is_refused() {
    // 19 kB that, resampled to the mix rate, would be ten minutes of sixteen channels.
    let wide = silent_wav(16, 1, 600);
    assert!(wide.len() < 20_000);
    for args in CHECK_AND_RENDER {
        Test::new()
            .routine("told.toml", &recorded("wide.wav"))
            .file("wide.wav", &wide)
            .args(args)
            .status(3)
            .stderr_has(
                "cannot play [DIR]/wide.wav: it has 16 channels; a sound file may have at most 8",
            )
            .run();
    }
    Test::new()
        .routine("told.toml", &recorded("slow.wav"))
        .file("slow.wav", &silent_wav(1, 1, 600))
        .args(["check", "{dir}/told.toml"])
        .status(3)
        .stderr_has("cannot play [DIR]/slow.wav: its sample rate is 1 Hz; a sound file's rate is from 8000 to 192000 Hz")
        .run();
}

#[test]
fn a_file_longer_than_ten_minutes_or_larger_than_256_mib_is_refused() {
    // Ten minutes and a second at 8 kHz: a 9.6 MB file, refused from its header.
    let long = silent_wav(1, 8_000, 601 * 8_000);
    Test::new()
        .routine("told.toml", &recorded("long.wav"))
        .file("long.wav", &long)
        .args(["check", "{dir}/told.toml"])
        .status(3)
        .stderr_has("cannot play [DIR]/long.wav: it lasts longer than 10 minutes, the longest a sound file may be")
        .run();
    let test = Test::new()
        .routine("told.toml", &recorded("huge.wav"))
        .file("huge.wav", &silent_wav(1, 8_000, 8_000));
    // The same file made larger without writing to it: its length says it all.
    let huge = std::fs::OpenOptions::new()
        .write(true)
        .open(test.dir().join("huge.wav"));
    huge.unwrap().set_len(257 * 1024 * 1024).unwrap();
    test.args(["check", "{dir}/told.toml"])
        .status(3)
        .stderr_has(
            "cannot play [DIR]/huge.wav: it is 257 MiB; a sound file may be at most 256 MiB",
        )
        .run();
}

#[cfg(unix)]
/// Runs `test` to its end, which must come within `seconds`: a run that waits for ever
/// is stopped, and fails the test.
fn run_within(test: &Test, seconds: u64) -> std::process::Output {
    use std::process::Stdio;
    let mut child = test
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
    for args in CHECK_AND_RENDER {
        let test = Test::new().routine("told.toml", &recorded("told.wav"));
        let pipe = test.dir().join("told.wav");
        nix::unistd::mkfifo(&pipe, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let output = run_within(&test.args(args), 60);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{stderr}");
        let expected = format!(
            "cannot play {}: it is a named pipe, not a sound file",
            pipe.display()
        );
        assert!(stderr.contains(&expected), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_routines_folder_is_refused_naming_where_it_leads() {
    let elsewhere = tempfile::tempdir().unwrap();
    let bowl = elsewhere.path().join("bowl.wav");
    std::fs::write(&bowl, silent_wav(1, 8_000, 800)).unwrap();
    let bowl = bowl.canonicalize().unwrap();
    let bell = "version = 1\nname = \"Bell\"\n[sound]\nbell = \"bell.wav\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"5s\"\n";
    for (target, shown) in [
        (Path::new("/etc/passwd"), "/etc/passwd".to_owned()),
        (&bowl, bowl.display().to_string()),
    ] {
        let test = Test::new().routine("bell.toml", bell);
        std::os::unix::fs::symlink(target, test.dir().join("bell.wav")).unwrap();
        test.args(["check", "{dir}/bell.toml"])
            .status(3)
            .stderr_has(&format!("cannot play [DIR]/bell.wav: it leads to {shown}, outside the routine's folder [DIR]"))
            .run();
    }
    // A link that stays inside is followed.
    let test = Test::new()
        .routine("bell.toml", bell)
        .file("sounds/bowl.wav", &silent_wav(1, 8_000, 800));
    std::os::unix::fs::symlink("sounds/bowl.wav", test.dir().join("bell.wav")).unwrap();
    test.args(["check", "{dir}/bell.toml"]).run();
}

#[test]
fn the_files_of_a_blocks_steps_are_checked() {
    let block = "version = 1\nname = \"Rounds\"\n[[steps]]\ntitle = \"Rounds\"\nrounds = 2\n\
        [[steps.block]]\ntitle = \"Told\"\nduration = \"5s\"\n\
        sound = { recording = \"missing.wav\", voice = false }\n";
    Test::new()
        .routine("block.toml", block)
        .args(["check", "{dir}/block.toml"])
        .status(4)
        .stderr_has("cannot read the sound file [DIR]/missing.wav")
        .run();
}
