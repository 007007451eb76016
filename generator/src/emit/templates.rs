//! The generated crate's non-Rust files, rendered from askama templates in
//! `generator/templates/`.

use askama::Template;

use super::EmitOptions;
use crate::ir::Api;

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    header: &'a str,
    crate_name: &'a str,
    description: String,
    uses_dates: bool,
    has_unstable: bool,
    has_client: bool,
    examples: Vec<ExampleRow>,
}

/// An example's `[[example]]` entry.
struct ExampleRow {
    name: String,
    /// The required features, quoted and comma-separated.
    features: String,
}

struct OperationRow<'a> {
    summary: &'a str,
    operation_id: &'a str,
    method: &'a str,
    path: &'a str,
    rust_name: &'a str,
    unstable: bool,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    header: &'a str,
    crate_name: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    operations: Vec<OperationRow<'a>>,
    has_unstable: bool,
    servers: Vec<String>,
    has_client: bool,
    crate_ident: String,
    env_vars: String,
    setters: Vec<String>,
    paginated: Vec<&'a str>,
    first_example: &'a str,
    first_example_features: String,
}

pub(super) fn cargo_toml(api: &Api, options: &EmitOptions, header: &str, uses_dates: bool) -> String {
    let description = format!("{}: models and operations generated from its OpenAPI spec.", api.title)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    CargoToml {
        header,
        crate_name: &options.crate_name,
        description,
        uses_dates,
        has_unstable: api.operations.iter().any(|o| o.unstable.is_some()),
        has_client: !api.operations.is_empty(),
        examples: api
            .operations
            .iter()
            .map(|o| ExampleRow {
                name: o.rust_name.clone(),
                features: super::examples::features(o).iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", "),
            })
            .collect(),
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

pub(super) fn readme(api: &Api, options: &EmitOptions, header: &str) -> String {
    let operations = api
        .operations
        .iter()
        .map(|o| OperationRow {
            summary: o.summary.as_deref().unwrap_or(&o.operation_id),
            operation_id: &o.operation_id,
            method: o.method.as_str(),
            path: &o.path,
            rust_name: &o.rust_name,
            unstable: o.unstable.is_some(),
        })
        .collect();
    let servers = api
        .servers
        .first()
        .map(|s| {
            if s.variables.is_empty() {
                vec![s.url.clone()]
            } else {
                let mut urls = vec![s.url.clone()];
                for var in &s.variables {
                    if var.values.is_empty() {
                        continue;
                    }
                    urls = urls
                        .iter()
                        .flat_map(|u| var.values.iter().map(move |v| u.replace(&format!("{{{}}}", var.name), &v.wire)))
                        .collect();
                }
                urls
            }
        })
        .unwrap_or_default();
    let mut env_vars: Vec<String> = api.servers.first().map(|s| s.variables.iter().filter_map(|v| v.env.clone()).collect()).unwrap_or_default();
    env_vars.extend(api.security_schemes.iter().map(|s| s.env.clone()));
    let mut setters = Vec::new();
    if let Some(server) = api.servers.first() {
        for var in &server.variables {
            let setter = &var.field;
            match var.values.iter().find(|v| v.wire == var.default) {
                Some(v) => setters.push(format!(".{setter}({}::servers::{}::{})", options.crate_name.replace('-', "_"), var.rust_name, v.rust_name)),
                _ => setters.push(format!(".{setter}(\"{}\")", var.default)),
            }
        }
    }
    setters.extend(api.security_schemes.iter().map(|s| format!(".{}(\"...\")", s.setter)));
    Readme {
        header,
        crate_name: &options.crate_name,
        has_client: !api.operations.is_empty(),
        crate_ident: options.crate_name.replace('-', "_"),
        env_vars: if env_vars.is_empty() { "none".into() } else { env_vars.join(", ") },
        setters,
        paginated: api.operations.iter().filter(|o| o.pagination.is_some()).map(|o| o.rust_name.as_str()).collect(),
        first_example: api.operations.first().map_or("", |o| o.rust_name.as_str()),
        first_example_features: api.operations.first().map(|o| super::examples::features(o).join(",")).unwrap_or_default(),
        title: &api.title,
        description: api.description.as_deref(),
        operations,
        has_unstable: api.operations.iter().any(|o| o.unstable.is_some()),
        servers,
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
