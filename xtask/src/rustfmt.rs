//! Formatting with rustfmt, so that generated files are exactly what `cargo fmt` keeps.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{Error, Result};

/// rustfmt with the workspace's configuration.
pub struct Rustfmt {
    program: String,
    config: PathBuf,
}

impl Rustfmt {
    /// rustfmt (`$RUSTFMT` or `rustfmt` on the path) with `root/rustfmt.toml`.
    pub fn new(root: &Path) -> Self {
        Rustfmt {
            program: std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()),
            config: root.join("rustfmt.toml"),
        }
    }

    /// `source`, formatted as `cargo fmt` formats the workspace (edition 2021).
    pub fn format(&self, source: &str) -> Result<String> {
        let mut child = Command::new(&self.program)
            .args(["--edition", "2021", "--config-path"])
            .arg(&self.config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::new(format!("cannot run `{}` (rustup component add rustfmt): {e}", self.program)))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = source.to_string();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let out = child.wait_with_output().map_err(|e| Error::new(format!("rustfmt: {e}")))?;
        writer
            .join()
            .map_err(|_| Error::new("rustfmt: writer panicked"))?
            .map_err(|e| Error::new(format!("rustfmt: {e}")))?;
        if !out.status.success() {
            return Err(Error::new(format!("rustfmt failed: {}", String::from_utf8_lossy(&out.stderr))));
        }
        String::from_utf8(out.stdout).map_err(|e| Error::new(format!("rustfmt: {e}")))
    }
}
