//! Computes the generator's own version for the output cache
//! (`src/cache.rs`): a SHA-256 over every source file, runtime file and
//! template of the generator, its manifest, and the workspace's `Cargo.lock`
//! (the versions of syn and prettyplease decide the output too). Any change
//! to any of them gives a new version, and a cache written by another
//! version is never read.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "runtime", "templates"] {
        let dir = manifest.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        files_under(&dir, &mut files);
    }
    for file in [manifest.join("Cargo.toml"), manifest.join("build.rs"), manifest.join("../Cargo.lock")] {
        println!("cargo:rerun-if-changed={}", file.display());
        files.push(file);
    }
    files.sort();
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for file in &files {
        let rel = file.strip_prefix(&manifest).unwrap_or(file);
        let bytes = std::fs::read(file).unwrap_or_default();
        hasher.update((rel.to_string_lossy().len() as u64).to_le_bytes());
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=GENERATOR_BUILD_HASH={hex}");
}
