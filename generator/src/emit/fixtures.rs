//! The specs the emitter's tests write code from: the real specs of
//! `tests/real-specs/` and small ones built in a test, lowered.

use std::path::Path;

use crate::ir::Api;
use crate::{Config, SourceFile};

/// The lowered model of `source`.
pub(crate) fn api(source: &SourceFile) -> Api {
    let config = Config { spec_display: "spec.yaml".into(), crate_name: "sdk".into() };
    crate::generate(source, &config).unwrap_or_else(|e| panic!("{}", e.rendered)).api
}

/// Each real spec's path and lowered model, in file name order.
pub(crate) fn real_specs() -> Vec<(String, Api)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/real-specs");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("tests/real-specs").flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .map(|path| (path.display().to_string(), api(&SourceFile::read(path).expect("read the spec"))))
        .collect()
}
