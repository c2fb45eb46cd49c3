//! Sound that guides a session by ear: bells, breath tones and spoken cues.
//!
//! A session's events become voices at exact frames of one mix ([`cues`], [`mix`]), the
//! same for the live player and for `render`. Live, the mix is pulled by one player
//! thread and written to the sound device; offline, it is pulled into a WAV or FLAC file.
//!
//! - [`sounds`]: the built-in sounds (embedded at the mix rate, played where they lie) and
//!   a routine's own files, found in its folder and decoded once ([`decode`]: in bounded
//!   memory, under the limits of a sound file).
//! - [`voice`], [`breath`]: what the mix plays: clips struck once, breath tones shaped.
//! - [`cues`]: which sound each event makes, and at which frame.
//! - [`loudness`], [`levels`]: how loud each sound seems, and where it sits in the mix:
//!   speech at one reference loudness, every other sound a set distance under it.
//! - [`ambient`]: the optional bed of sound under a whole session.
//! - [`mix`]: rodio's mixer, fed voices at exact frames.
//! - [`resample`]: every change of sample rate, band-limited.
//! - [`render`]: a whole session's mix into a sound file, in a format of [`export`].
//! - [`player`], [`output`]: the player thread and the device (ALSA loaded at run time on
//!   Linux, in the one module allowed `unsafe`; rodio's playback elsewhere).
//! - [`sink`]: the session's events handed to the player without waiting.
//! - [`speech`]: spoken words from a text-to-speech program.
//! - [`prepare`]: getting all of it ready before a session.

#[cfg(target_os = "linux")]
mod alsa;
pub mod ambient;
pub mod breath;
pub mod cues;
pub mod decode;
pub mod export;
pub mod levels;
pub mod loudness;
pub mod mix;
pub mod output;
pub mod player;
pub mod prepare;
pub mod render;
pub mod resample;
pub mod sink;
pub mod sounds;
pub mod speech;
pub mod voice;

use std::num::NonZero;

/// The mix runs at 48 kHz, so a millisecond is exactly 48 frames.
pub const MIX_RATE: u32 = 48_000;
/// The mix is mono; it is copied to every channel of the device.
pub const MIX_CHANNELS: rodio::ChannelCount = NonZero::<u16>::MIN;

/// The mix rate as rodio takes it.
#[must_use]
pub fn mix_rate() -> rodio::SampleRate {
    NonZero::new(MIX_RATE).unwrap_or(NonZero::<u32>::MIN)
}

/// The number of mix frames in `ms` milliseconds.
#[must_use]
pub const fn frames_of_ms(ms: u64) -> u64 {
    ms * (MIX_RATE as u64 / 1000)
}
