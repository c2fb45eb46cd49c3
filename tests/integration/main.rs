//! Integration tests, compiled into one binary: each module reads as a specification.

mod common;

mod authoring;
mod bad_input;
mod builtins;
mod documents;
mod plan_properties;
mod plan_structures;
mod real_clock;
mod schema;
mod session;
mod virtual_runs;
