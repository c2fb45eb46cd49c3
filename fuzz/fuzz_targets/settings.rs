//! A settings file (`config.toml`): read and checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        psoas_timer_fuzz::settings(text);
    }
});
