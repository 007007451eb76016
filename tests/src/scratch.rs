//! Generated crates built the way a user builds them: written into a scratch
//! Cargo workspace under `target/scratch/`, apart from ours, and built by one
//! cargo invocation, offline, with our `Cargo.lock` (so the dependencies are
//! the ones already fetched) and one target directory shared by every
//! scratch workspace (so they are compiled once for all the tests).

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::root;

/// A scratch workspace: its member crates are written with [`Self::add`],
/// then built with [`Self::cargo`].
pub struct Workspace {
    dir: PathBuf,
    members: Vec<String>,
}

impl Workspace {
    /// An empty workspace in `target/scratch/<name>`; what an earlier run
    /// left there is removed.
    pub fn new(name: &str) -> Workspace {
        let dir = root().join("target/scratch").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Workspace { dir, members: Vec::new() }
    }

    /// Writes a member crate, `files` by path relative to its root (a
    /// generated crate's files, or a crate of test code).
    pub fn add<P: AsRef<str>, C: AsRef<[u8]>>(&mut self, member: &str, files: impl IntoIterator<Item = (P, C)>) {
        for (rel, contents) in files {
            let path = self.dir.join(member).join(rel.as_ref());
            std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create a directory in the scratch workspace");
            std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
        self.members.push(member.to_owned());
    }

    /// Its folder, `target/scratch/<name>`.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The member crates, in the order they were added.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Runs `cargo <args> --offline --manifest-path <the workspace>`, then
    /// `trailing` (arguments for the tool, after `--`, when there are any).
    pub fn cargo(&self, args: &[&str], trailing: &[&str]) -> Output {
        let list = self.members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
        let manifest = self.dir.join("Cargo.toml");
        std::fs::write(&manifest, format!("[workspace]\nresolver = \"2\"\nmembers = [{list}]\n")).expect("write the workspace manifest");
        std::fs::copy(root().join("Cargo.lock"), self.dir.join("Cargo.lock")).expect("copy Cargo.lock");
        let mut command = Command::new(env!("CARGO"));
        command.args(args).arg("--offline").arg("--manifest-path").arg(&manifest);
        if !trailing.is_empty() {
            command.arg("--").args(trailing);
        }
        command.env("CARGO_TARGET_DIR", target_dir()).output().expect("cargo runs")
    }

    /// Whether every member builds clippy-clean, every target with every
    /// feature (`-D warnings`; `--keep-going`, so every crate that can be
    /// checked is, and all complaints come at once); clippy's complaints
    /// when not.
    pub fn clippy_clean(&self) -> Result<(), String> {
        let output =
            self.cargo(&["clippy", "--quiet", "--keep-going", "--workspace", "--all-targets", "--all-features"], &["-D", "warnings"]);
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

/// The target directory every scratch workspace builds into.
pub fn target_dir() -> PathBuf {
    root().join("target/scratch/target")
}
