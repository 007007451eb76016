//! What each feature of the generated crate pulls in: nothing HTTP without
//! features, reqwest on rustls (never OpenSSL) with `client`, axum only with
//! `server`.

use std::collections::BTreeSet;
use std::process::Command;

use tests::root;

/// The names of the crates `generated` depends on (normal edges only) with `features`.
fn dependencies(features: &str) -> BTreeSet<String> {
    let mut command = Command::new(env!("CARGO"));
    command.args(["tree", "-p", "generated", "-e", "normal", "--prefix", "none", "--locked"]).current_dir(root());
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command.output().expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| l.split_whitespace().next()).map(str::to_owned).collect()
}

const HTTP_STACK: &[&str] = &["reqwest", "hyper", "hyper-util", "tokio", "rustls", "h2", "tower", "tracing"];

#[test]
fn without_features_there_is_no_http_stack() {
    let deps = dependencies("");
    for name in HTTP_STACK {
        assert!(!deps.contains(*name), "`{name}` is a dependency without features: {deps:?}");
    }
    assert!(deps.contains("http") && deps.contains("serde_json"));
}

#[test]
fn the_client_uses_rustls_and_never_openssl() {
    let deps = dependencies("client");
    for name in ["reqwest", "hyper", "rustls", "tokio"] {
        assert!(deps.contains(name), "`{name}` missing with `client`: {deps:?}");
    }
    for name in ["openssl", "openssl-sys", "native-tls"] {
        assert!(!deps.contains(name), "`{name}` comes with `client`: {deps:?}");
    }
}

#[test]
fn the_server_is_axum_only_with_its_feature() {
    for features in ["", "client", "client,tracing,unstable"] {
        let deps = dependencies(features);
        assert!(!deps.contains("axum"), "`axum` is a dependency with features `{features}`: {deps:?}");
    }
    let deps = dependencies("server");
    for name in ["axum", "hyper", "tokio"] {
        assert!(deps.contains(name), "`{name}` missing with `server`: {deps:?}");
    }
    // Neither the client's stack nor axum's optional extras come with it.
    for name in ["reqwest", "rustls", "openssl", "serde_urlencoded", "tower-http"] {
        assert!(!deps.contains(name), "`{name}` comes with `server`: {deps:?}");
    }
}
