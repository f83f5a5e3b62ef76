//! The aimscore binary: parse arguments, run, print the error, exit 0/1/2. The only place that
//! exits.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = match aimscore::cli::main() {
        Ok(code) => code,
        Err(e) => {
            // The error chain, one line each; every error is an input or usage error.
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", aimscore::terminal::clean(&e.to_string()));
            }
            e.exit_code()
        }
    };
    ExitCode::from(code)
}
