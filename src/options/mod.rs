//! What a session needs from the command line and the settings file.

pub mod settings_file;
