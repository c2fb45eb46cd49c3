//! Integration tests, compiled into one binary: each module reads as a specification.

mod common;

mod bad_input;
mod documents;
mod plan_properties;
mod real_clock;
mod schema;
mod session;
mod virtual_runs;
