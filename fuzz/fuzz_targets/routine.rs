//! A routine file: read, checked, planned at every length it allows and run on the virtual
//! clock. Files that are not UTF-8 are refused before parsing, as `check` refuses them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        psoas_timer_fuzz::routine(text);
    }
});
