//! Integration tests, compiled into one binary: each module reads as a specification.
#![expect(
    unreachable_pub,
    reason = "a test binary has nothing outside it: its modules share helpers with `pub`"
)]

mod common;
mod onsets;

mod authoring;
mod bad_input;
mod builtins;
mod checking;
mod command_line;
mod documents;
mod export;
mod full_screen;
mod guidance;
mod history_by_hand;
mod history_messages;
mod history_notes;
mod history_recording;
mod history_skips;
mod history_stats;
mod make_sounds;
mod mix;
mod never_panics;
mod options;
mod plain_display;
mod plan_properties;
mod plan_structures;
mod real_clock;
mod report;
mod schema;
mod session;
mod shell_setup;
mod sound_files;
mod sound_live;
mod sound_render;
mod speech;
mod untrusted_text;
mod virtual_runs;
mod voices;
mod whole_seconds;
