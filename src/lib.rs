//! psoas-timer: a guided practice-session timer for the terminal.
//!
//! Data flows one way: a routine file is parsed and checked ([`routine`]), planned into an
//! exact [`plan::Timeline`], and walked by a [`session::Session`] against a [`clock::Clock`],
//! whose events go to sinks: the display ([`ui`]) and the event log ([`event_log`]). Each
//! session is recorded in the practice [`history`]; personal defaults come from [`config`].

pub mod audio;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod duration;
pub mod error;
pub mod event_log;
pub mod handout;
pub mod history;
pub mod paths;
pub mod plan;
pub mod routine;
pub mod session;
pub mod signals;
pub mod sink;
pub mod suggest;
pub mod ui;
