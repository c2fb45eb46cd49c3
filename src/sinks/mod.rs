//! The consumers of a session's events. Each returns at once: the display and the sound
//! hand events to threads of their own.
//!
//! - [`display`]: the full screen, plain lines, or nothing.
//! - [`sound`]: bells, breath tones and spoken cues, live or rendered to a file.
//! - [`event_log`]: every event as a line of JSON.
//! - [`history`]: the practice history, and what it adds up to.

pub mod display;
pub(crate) mod event_log;
pub mod history;
pub(crate) mod lines;
pub mod sound;
