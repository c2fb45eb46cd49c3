fn main() {
    std::process::exit(psoas_timer::commands::main(std::env::args_os()));
}
