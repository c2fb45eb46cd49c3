//! A report of practice that a practitioner can send a teacher or a therapist.
//!
//! [`summary`] gathers it from the history a session at a time; [`words`] says it, the
//! same in every format; [`markdown`] and [`html`] lay it out; [`chart`] draws the weeks.

pub mod chart;
pub mod html;
pub mod markdown;
pub mod summary;
pub mod words;

pub use summary::{Gathering, Scope, Summary};

#[cfg(test)]
mod tests;
