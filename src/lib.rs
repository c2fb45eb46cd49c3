//! psoas-timer: a guided practice-session timer for the terminal.
//!
//! Data flows one way, and the folders follow it: a routine file is parsed and checked
//! ([`routine`]), planned into an exact [`plan::Timeline`], and walked by a
//! [`session::Session`] against a [`session::clock::Clock`], whose events go to the
//! [`sinks`]: the display, the sound, the event log and the practice history. What a
//! session needs from the command line and the settings file is worked out once, in
//! [`options`]; [`commands`] wires each verb from these parts. Whatever came from a file is
//! printed through [`untrusted`], so that no routine, setting or name can drive the terminal.

pub mod cli;
pub mod commands;
pub mod duration;
pub(crate) mod error;
pub mod ics;
pub mod options;
pub(crate) mod paths;
pub mod plan;
pub mod routine;
pub mod session;
pub mod sinks;
pub(crate) mod suggest;
pub(crate) mod untrusted;
pub(crate) mod words;
