//! `--config` and `--report-untyped`: finding `codegen.toml` (the path
//! given, else the one beside the spec) and printing the untyped report.

use std::path::{Path, PathBuf};

use generator::config::CodegenConfig;

/// The config file: `--config`'s, else `codegen.toml` beside the spec, else
/// none. An error (rendered, located) when it cannot be read or is wrong.
pub fn load(given: Option<&Path>, spec: &Path, shown: impl Fn(&Path) -> String) -> Result<CodegenConfig, String> {
    let path: Option<PathBuf> = match given {
        Some(p) => Some(p.to_path_buf()),
        None => generator::config::beside(spec),
    };
    match path {
        Some(path) => CodegenConfig::read(&path, &shown(&path)).map_err(|e| e.rendered),
        None => Ok(CodegenConfig::default()),
    }
}

/// Prints the untyped report on standard output: one line per place, then
/// the count.
pub fn print_untyped(untyped: &[generator::Untyped]) {
    for u in untyped {
        println!("{u}");
    }
    println!("untyped: {} place{} serde_json::Value", untyped.len(), if untyped.len() == 1 { " holds" } else { "s hold" });
}
