//! Every default a session falls back on when neither the command line nor the settings
//! file chooses, in one place. A routine's own length and breath are its defaults for
//! those; the display's default depends on the terminal (see [`super::display`]).

/// The starting loudness, in percent.
pub const VOLUME_PERCENT: u8 = 70;
/// Whether the sound starts muted.
pub const MUTED: bool = false;
/// Whether step titles and instructions are spoken.
pub const VOICE: bool = true;
/// Whether the voice counts the first breaths of a paced step.
pub const COUNTS: bool = true;
/// Whether the bells sound.
pub const BELLS: bool = true;
/// Whether the inhale and exhale tones sound.
pub const BREATH_TONES: bool = true;
/// Whether the sound device is opened at all.
pub const SOUND: bool = true;
/// The sound device: the system's default one.
pub const AUDIO_DEVICE: &str = "default";
/// Whether sessions on the real clock are recorded in the practice history.
pub const HISTORY: bool = true;
/// The sample rate `render` writes at: enough for speech and bells (up to 12 kHz), and
/// half the size of the mix rate.
pub const RENDER_RATE: u32 = 24_000;
/// The channels `render` writes: the session is mixed in mono.
pub const RENDER_CHANNELS: u16 = 1;

/// The environment variable that chooses the sound device when `--audio-device` does not.
pub const AUDIO_DEVICE_VARIABLE: &str = "PSOAS_TIMER_AUDIO_DEVICE";
