//! The generated crate's non-Rust files, rendered from askama templates in
//! `generator/templates/`. Text from the spec goes in through
//! [`text`](super::text): Markdown-safe in the README, a valid string in
//! `Cargo.toml`.

use askama::Template;

use super::text::{doc_text, table_cell, toml_string};
use super::EmitOptions;
use crate::ir::Api;

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    header: &'a str,
    crate_name: &'a str,
    version: &'a str,
    extra_features: &'a [String],
    extra_dependencies: &'a [String],
    description: String,
    uses_dates: bool,
    has_unstable: bool,
    has_client: bool,
    /// Some operation takes a `multipart/form-data` body, which the
    /// server reads with multer.
    has_multipart: bool,
    examples: Vec<ExampleRow>,
    features: Vec<FeatureRow>,
    /// The tags' features, quoted and comma-separated.
    default_features: String,
}

/// A tag's feature: its name, and its tag and description as one line of
/// text (a TOML comment, a README table cell).
struct FeatureRow {
    name: String,
    tag: String,
    description: String,
}

fn feature_rows(api: &Api, one_line: impl Fn(&str) -> String) -> Vec<FeatureRow> {
    api.features
        .iter()
        .map(|f| FeatureRow {
            name: f.name.clone(),
            tag: one_line(&f.tag),
            description: one_line(f.description.as_deref().unwrap_or_default()),
        })
        .collect()
}

/// An example's `[[example]]` entry.
struct ExampleRow {
    name: String,
    /// The required features, quoted and comma-separated.
    features: String,
}

/// An operation's row in the README's table; text cells made safe.
struct OperationRow<'a> {
    summary: String,
    operation_id: String,
    method: &'a str,
    path: String,
    rust_name: &'a str,
    unstable: bool,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    header: &'a str,
    crate_name: &'a str,
    title: String,
    description: Option<String>,
    operations: Vec<OperationRow<'a>>,
    has_unstable: bool,
    servers: Vec<String>,
    has_client: bool,
    crate_ident: String,
    env_vars: String,
    setters: Vec<String>,
    paginated: Vec<&'a str>,
    /// The command that runs the first operation's example.
    first_example: String,
    features: Vec<FeatureRow>,
}

pub(super) fn cargo_toml(api: &Api, options: &EmitOptions, header: &str, uses_dates: bool) -> String {
    let description = toml_string(&format!("{}: models and operations generated from its OpenAPI spec.", api.title));
    CargoToml {
        header,
        crate_name: &options.crate_name,
        version: &options.version,
        extra_features: &options.extra_features,
        extra_dependencies: &options.extra_dependencies,
        description,
        uses_dates,
        has_unstable: api.operations.iter().any(|o| o.unstable.is_some()),
        has_client: !api.operations.is_empty(),
        has_multipart: api.has_multipart(),
        examples: super::examples::programs(api)
            .into_iter()
            .map(|(name, features)| ExampleRow {
                name,
                features: features.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", "),
            })
            .collect(),
        // A comment is one line: the description's first paragraph.
        features: feature_rows(api, |t| {
            let paragraph = t.split("\n\n").next().unwrap_or_default();
            doc_text(&paragraph.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
        }),
        // On one line when short, else one feature a line.
        default_features: match api.features.len() {
            0..=3 => api.features.iter().map(|f| format!("\"{}\"", f.name)).collect::<Vec<_>>().join(", "),
            _ => api.features.iter().map(|f| format!("\n    \"{}\",", f.name)).collect::<String>() + "\n",
        },
    }
    .render()
    .map(|mut s| {
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    })
    // Rendering plain strings into a template cannot fail; keep the message
    // if it ever does rather than panic.
    .unwrap_or_else(|e| format!("# template error: {e}\n"))
}

/// The most server URLs the README lists one by one.
const MAX_SERVER_URLS: usize = 64;

pub(super) fn readme(api: &Api, options: &EmitOptions, header: &str) -> String {
    let operations = api
        .operations
        .iter()
        .map(|o| OperationRow {
            summary: table_cell(o.summary.as_deref().unwrap_or(&o.operation_id)),
            operation_id: table_cell(&o.operation_id),
            method: o.method.as_str(),
            path: table_cell(&o.path),
            rust_name: &o.rust_name,
            unstable: o.unstable.is_some(),
        })
        .collect();
    let servers = api
        .servers
        .first()
        .map(|s| {
            // Every URL the variables' listed values make, unless there are
            // too many to read (or to hold: they multiply), then the template.
            let count = s.variables.iter().try_fold(1usize, |n, v| n.checked_mul(v.values.len().max(1)));
            if count.is_none_or(|n| n > MAX_SERVER_URLS) {
                return vec![s.url.clone()];
            }
            let mut urls = vec![s.url.clone()];
            for var in s.variables.iter().filter(|v| !v.values.is_empty()) {
                urls = urls.iter().flat_map(|u| var.values.iter().map(move |v| u.replace(&format!("{{{}}}", var.name), &v.wire))).collect();
            }
            urls
        })
        .unwrap_or_default()
        .into_iter()
        .map(|url| doc_text(&url).into_owned())
        .collect();
    let mut env_vars: Vec<String> =
        api.servers.first().map(|s| s.variables.iter().filter_map(|v| v.env.clone()).collect()).unwrap_or_default();
    env_vars.extend(api.security_schemes.iter().filter_map(|s| s.env.clone()));
    let mut setters = Vec::new();
    if let Some(server) = api.servers.first() {
        for var in &server.variables {
            let setter = &var.field;
            match var.values.iter().find(|v| v.wire == var.default) {
                Some(v) => setters.push(format!(
                    ".{setter}({}::servers::{}::{})",
                    options.crate_name.replace('-', "_"),
                    var.rust_name,
                    v.rust_name
                )),
                // A Rust string literal, escapes and all.
                _ => setters.push(format!(".{setter}({:?})", var.default)),
            }
        }
    }
    setters.extend(api.security_schemes.iter().map(|s| match s.sent_as {
        crate::ir::SentAs::Basic => format!(".{}(\"user\", \"...\")", s.setter),
        _ => format!(".{}(\"...\")", s.setter),
    }));
    Readme {
        header,
        crate_name: &options.crate_name,
        has_client: !api.operations.is_empty(),
        crate_ident: options.crate_name.replace('-', "_"),
        env_vars: if env_vars.is_empty() { "none".into() } else { doc_text(&env_vars.join(", ")).into_owned() },
        setters,
        paginated: api.operations.iter().filter(|o| o.pagination.is_some()).map(|o| o.rust_name.as_str()).collect(),
        first_example: api.operations.first().map(|op| super::examples::command(op, None)).unwrap_or_default(),
        title: doc_text(&api.title).into_owned(),
        description: api.description.as_deref().map(|d| doc_text(d).into_owned()),
        operations,
        has_unstable: api.operations.iter().any(|o| o.unstable.is_some()),
        servers,
        features: feature_rows(api, table_cell),
    }
    .render()
    .map(|mut s| {
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    })
    .unwrap_or_else(|e| format!("<!-- template error: {e} -->\n"))
}
