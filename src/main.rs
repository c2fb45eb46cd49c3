use clap::Parser;

fn main() {
    let cli = psoas_timer::cli::Cli::parse();
    std::process::exit(psoas_timer::commands::execute(cli));
}
