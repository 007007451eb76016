//! What the examples look like: `examples/<tag>.rs` (`operations.rs` for
//! the operations without a tag), a program whose first argument names the
//! operation to call, one function each. A function builds the client from
//! the environment, takes the required parameters from the arguments that
//! follow (and the body from the spec's example, or from standard input),
//! calls the operation and prints the typed response.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, inner_docs, EmitError};
use crate::ir::{Api, BodyKind, BodyMedia, Operation, Param, PartKind, TypeRef};

/// The example program an operation is in: its first tag's feature (any
/// one of its tags compiles it), else `operations`.
pub(crate) fn program(op: &Operation) -> &str {
    op.features.first().map_or("operations", String::as_str)
}

/// The operations of the example program `name`, in the model's order.
fn operations_of<'a>(api: &'a Api, name: &str) -> Vec<&'a Operation> {
    api.operations.iter().filter(|op| program(op) == name).collect()
}

/// Whether `unstable` is among a program's required features: when all its
/// operations are previews. (Each preview's function has its own `#[cfg]`
/// either way, so that its text does not depend on the other operations.)
fn all_unstable(ops: &[&Operation]) -> bool {
    ops.iter().all(|op| op.unstable.is_some())
}

/// The example programs, in file order, with the features each needs: the
/// client, its tag's, and `unstable` when all its operations are previews.
pub(crate) fn programs(api: &Api) -> Vec<(String, Vec<String>)> {
    // One pass over the operations (a spec can have thousands of tags).
    let mut programs: std::collections::BTreeMap<&str, Vec<&Operation>> = std::collections::BTreeMap::new();
    for op in &api.operations {
        programs.entry(program(op)).or_default().push(op);
    }
    programs.into_iter().map(|(name, ops)| (name.to_owned(), program_features(&ops))).collect()
}

/// The features the example program of `ops` (all of it) needs.
fn program_features(ops: &[&Operation]) -> Vec<String> {
    let mut features = vec!["client".to_owned()];
    features.extend(ops.first().and_then(|op| op.features.first()).cloned());
    if all_unstable(ops) {
        features.push("unstable".to_owned());
    }
    features
}

/// The arguments an operation's function reads: its required parameters,
/// and a multipart body's required parts.
fn arg_names(op: &Operation) -> Vec<String> {
    let body_media = op.body.as_ref().filter(|b| b.required).and_then(|b| b.media.first());
    let mut names: Vec<String> = op.params.iter().filter(|p| p.required).map(|p| format!("<{}>", p.wire_name)).collect();
    if let Some(BodyKind::Multipart(m)) = body_media.map(|m| &m.kind) {
        names.extend(m.parts.iter().filter(|p| p.required).map(|p| match p.kind {
            PartKind::File => format!("<{} file>", p.wire_name),
            _ => format!("<{}>", p.wire_name),
        }));
    }
    names
}

/// The command that runs one operation's example, in the crate's folder or
/// (with `package`) in its workspace.
pub(crate) fn command(op: &Operation, package: Option<&str>) -> String {
    let mut features = vec!["client"];
    features.extend(op.features.first().map(String::as_str));
    if op.unstable.is_some() {
        features.push("unstable");
    }
    format!(
        "cargo run{} --example {} --features {} -- {}{}",
        package.map(|p| format!(" -p {p}")).unwrap_or_default(),
        program(op),
        features.join(","),
        op.rust_name,
        arg_names(op).iter().map(|a| format!(" {a}")).collect::<String>()
    )
}

/// The start of `examples/<name>.rs`: its docs and `main`, which calls the
/// function the first argument names (the functions follow).
pub(crate) fn main_text(
    api: &Api,
    options: &super::EmitOptions,
    name: &str,
    format: &dyn Fn(&str, TokenStream) -> Result<String, EmitError>,
) -> Result<String, EmitError> {
    let ops = operations_of(api, name);
    let mut env: Vec<String> = api.servers.first().map(|s| s.variables.iter().filter_map(|v| v.env.clone()).collect()).unwrap_or_default();
    env.extend(api.security_schemes.iter().filter_map(|s| s.env.clone()));
    let whose = match api.features.iter().find(|f| f.name == name) {
        Some(feature) => format!("The operations of tag `{}`", feature.tag),
        None if api.features.is_empty() => "The operations".to_owned(),
        None => "The operations without a tag".to_owned(),
    };
    let features = if ops.is_empty() { Vec::new() } else { program_features(&ops) };
    let doc = format!(
        "{whose}, a function each. Run one with {} set:\n\n```sh\ncargo run -p {} --example {name} --features {} -- <operation> <arguments>\n```\n\nwhere `<operation>` is a function's name below{}; each function's docs say which arguments it takes.",
        if env.is_empty() { "nothing".to_owned() } else { env.join(", ") },
        options.crate_name,
        features.join(","),
        if all_unstable(&ops) || !ops.iter().any(|op| op.unstable.is_some()) { "" } else { " (a preview's with the `unstable` feature too)" },
    );
    let module_doc = inner_docs(&doc);
    let arms = ops.iter().map(|op| {
        let wire = &op.rust_name;
        let function = ident(&op.rust_name);
        let gate = op.unstable.is_some().then(|| quote! { #[cfg(feature = "unstable")] });
        // By path: `main`'s locals may have an operation's name.
        quote! { #gate #wire => self::#function(args).await, }
    });
    let unknown = format!("no operation `{{operation}}` in examples/{name}.rs");
    let main = quote! {
        #module_doc

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mut args = std::env::args().skip(1);
            let operation = args.next().unwrap_or_default();
            match operation.as_str() {
                #( #arms )*
                _ => Err(format!(#unknown).into()),
            }
        }
    };
    format(&format!("examples/{name}.rs"), main)
}

/// An operation's function in its example program.
pub(crate) fn example(op: &Operation, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let module = ident(&op.rust_name);
    let method = ident(&op.client_method);
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    // The body the example sends: the first media type's, when required.
    let body_media = op.body.as_ref().filter(|b| b.required).and_then(|b| b.media.first());
    let arg_names = arg_names(op);
    let usage = format!("usage: {} {}{}", program(op), op.rust_name, arg_names.iter().map(|a| format!(" {a}")).collect::<String>());
    let body_note = match body_media.map(|m| (&m.kind, &m.example)) {
        Some((BodyKind::Json(_) | BodyKind::Form(_), Some(_))) => "\n\nThe body is the spec's example.",
        Some((BodyKind::Multipart(_), _)) => "\n\nThe body's required parts come from the arguments too (a file part from the file named).",
        Some(_) => "\n\nThe body is read from standard input.",
        None => "",
    };
    // How a list or a structured argument is written, named per argument: a
    // list in the path (and a parameter sent as JSON text) is read as JSON,
    // any other list comma-separated.
    let named =
        |pick: &dyn Fn(&&Param) -> bool| required.iter().filter(|p| pick(p)).map(|p| format!("`<{}>`", p.wire_name)).collect::<Vec<_>>();
    let comma = named(&|p| !p.via_serde && matches!(p.ty, TypeRef::Array(_)));
    let json = named(&|p| p.via_serde && (p.json || matches!(p.ty, TypeRef::Array(_))));
    let mut ways = Vec::new();
    if !comma.is_empty() {
        ways.push(format!("{} comma-separated", comma.join(", ")));
    }
    if !json.is_empty() {
        ways.push(format!("{} as JSON", json.join(", ")));
    }
    let args_note = if ways.is_empty() { String::new() } else { format!(" ({})", ways.join("; ")) };
    let doc = format!(
        "`{} {}`{}\n\n```sh\n{}\n```\n\nThe required parameters come from the arguments{args_note}.{body_note}",
        op.method,
        op.path,
        op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default(),
        command(op, Some(crate_name)),
    );
    let doc = super::docs(&doc);

    // Each argument is read where `Request::new` takes it: a local named
    // after a parameter could be one of the program's own (`args`, `client`).
    let mut args = Vec::new();
    for p in &required {
        let missing = format!("missing <{}>; {usage}", p.wire_name);
        let arg = quote! { args.next().ok_or(#missing)? };
        args.push(match &p.ty {
            // JSON (`[1,2]`, `{"a":1}`, `3`), or else the text as a JSON string.
            _ if p.via_serde => quote! {{
                let arg = #arg;
                serde_json::from_str(&arg).or_else(|_| serde_json::from_value(serde_json::Value::String(arg)))?
            }},
            TypeRef::String => arg,
            TypeRef::Array(item) if **item == TypeRef::String => quote! { #arg.split(',').map(str::to_owned).collect() },
            TypeRef::Array(_) => quote! { #arg.split(',').map(str::parse).collect::<::std::result::Result<_, _>>()? },
            _ => quote! { #arg.parse()? },
        });
    }
    if let Some(media) = body_media {
        let path = quote! { #krate::operations::#module };
        let read = body_read(media, &krate, &path, &usage);
        args.push(match op.body.as_ref().filter(|b| b.is_choice()) {
            Some(_) => {
                let variant = ident(&media.variant);
                quote! { #path::Body::#variant(#read) }
            }
            None => read,
        });
    }
    let constructor = if args.is_empty() {
        quote! { #krate::operations::#module::Request::default() }
    } else {
        quote! { #krate::operations::#module::Request::new( #( #args ),* ) }
    };
    // The operation is deprecated; its example still shows how to call it.
    let allow_deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    // Compiled in its program without `unstable` too when the others are not previews.
    let gate = op.unstable.is_some().then(|| quote! { #[cfg(feature = "unstable")] });
    let args = if arg_names.is_empty() {
        quote! { _args }
    } else {
        quote! { mut args }
    };
    quote! {
        #doc
        #gate
        #allow_deprecated
        async fn #module(#args: impl Iterator<Item = String>) -> Result<(), Box<dyn std::error::Error>> {
            let request = #constructor;
            let client = #krate::client::Client::from_env()?;
            let response = client.#method(&request).await?;
            println!("{response:#?}");
            Ok(())
        }
    }
}

/// The expression that makes the body of one media type: the spec's
/// example, standard input, or for multipart the arguments (`module` is the
/// operation's module).
fn body_read(media: &BodyMedia, krate: &proc_macro2::Ident, module: &TokenStream, usage: &str) -> TokenStream {
    let stdin_bytes = quote! {{
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        bytes
    }};
    match (&media.kind, &media.example) {
        (BodyKind::Json(_) | BodyKind::Form(_), Some(example)) => {
            let text = serde_json::to_string(example).unwrap_or_default();
            quote! { serde_json::from_str(#text)? }
        }
        (BodyKind::Json(_) | BodyKind::Form(_), None) => quote! { serde_json::from_reader(std::io::stdin())? },
        (BodyKind::Text, _) => quote! { std::io::read_to_string(std::io::stdin())? },
        (BodyKind::Bytes, _) => stdin_bytes,
        (BodyKind::AnyBytes, _) => quote! { #krate::runtime::File::new(#stdin_bytes) },
        (BodyKind::Multipart(m), _) => {
            let parts = m.parts.iter().filter(|p| p.required).map(|part| {
                let missing = format!("missing <{}>; {usage}", part.wire_name);
                let arg = quote! { args.next().ok_or(#missing)? };
                let one = match &part.kind {
                    PartKind::File => quote! {{
                        let arg = #arg;
                        #krate::runtime::File::new(std::fs::read(&arg)?).with_filename(arg)
                    }},
                    PartKind::Text(TypeRef::String) => arg,
                    PartKind::Text(_) => quote! { #arg.parse()? },
                    PartKind::Json(_) => quote! { serde_json::from_str(&#arg)? },
                };
                if part.repeated {
                    quote! { vec![#one] }
                } else {
                    one
                }
            });
            let name = ident(&m.rust_name);
            quote! { #module::#name::new( #( #parts ),* ) }
        }
    }
}
