//! `man`: the manual page, made from the same command line that parses, so it never drifts.

use clap::CommandFactory;
use clap_mangen::Man;

use crate::error::{AppError, exit};

/// Prints one page: the program's synopsis and options, then a section for each command
/// with its own synopsis and options, so `man psoas-timer` is the whole reference.
pub(super) fn man() -> Result<i32, AppError> {
    let page = page().map_err(AppError::Output)?;
    crate::commands::write_out(format_args!("{page}"))?;
    Ok(exit::OK)
}

/// The page as roff.
fn page() -> std::io::Result<String> {
    let mut cli = crate::cli::Cli::command();
    cli.build();
    let man = Man::new(cli.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    man.render_options_section(&mut roff)?;
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        if command.get_name() == "help" {
            continue;
        }
        roff.extend(command_section(command)?.as_bytes());
    }
    man.render_extra_section(&mut roff)?;
    man.render_version_section(&mut roff)?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

/// One command as a section of the page: what it does, then its synopsis and options as
/// subsections. `clap_mangen` would point to a page of its own for each command instead.
fn command_section(command: &clap::Command) -> std::io::Result<String> {
    let man = Man::new(command.clone());
    let mut parts = Vec::new();
    man.render_description_section(&mut parts)?;
    man.render_synopsis_section(&mut parts)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut parts)?;
    }
    let parts = String::from_utf8_lossy(&parts);
    let mut section = format!(
        ".SH \"{}\"\n",
        command.get_bin_name().unwrap_or_else(|| command.get_name())
    );
    for line in parts.lines() {
        match line.strip_prefix(".SH ") {
            Some("DESCRIPTION") => {}
            Some(heading) => {
                section.push_str(".SS ");
                section.push_str(heading);
                section.push('\n');
            }
            None => {
                section.push_str(line);
                section.push('\n');
            }
        }
    }
    Ok(section)
}
