//! Sound that guides a session by ear: bells, breath tones and spoken cues.
//!
//! A session's events become voices at exact frames of one mix ([`cues`], [`mix`]), the
//! same for the live player and for `render`. Live, the mix is pulled by one player
//! thread and written to the sound device; offline, it is pulled into a WAV file.

#[cfg(target_os = "linux")]
mod alsa;
pub mod breath;
pub mod cues;
pub mod mix;
pub mod output;
pub mod player;
pub mod prepare;
pub mod render;
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
