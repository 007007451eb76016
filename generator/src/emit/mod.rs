//! Emitting: from the [`ir`](crate::ir) to the files of the generated crate.
//!
//! Rust is built as tokens with `quote` (paths fully qualified, so the output
//! never depends on what a user imported) and formatted with `prettyplease`;
//! the crate's `Cargo.toml` and `README.md` are `askama` templates. A model's
//! serde impls are a call of one of the runtime's macros, laid out here
//! (`support::MacroCall`): spelling the impls out in every model made
//! generation mostly syn parsing them. The result is a sorted map from
//! relative path to contents: writing, checking and snapshotting it are the
//! caller's business.

mod client;
mod examples;
mod models;
mod operations;
mod support;
mod templates;
mod union_single_pass;
mod validate;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, HeaderSet, Operation, TypeDef, TypeKind, TypeRef};
use crate::naming::snake_name;

pub(crate) use support::{docs, ident, inner_docs, type_tokens};

/// What the emitter needs to know beyond the model.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// The generated package's name.
    pub crate_name: String,
    /// The spec path as it should appear in headers (relative, `/`-separated).
    pub spec_display: String,
}

/// An emitted file that does not parse as Rust: a generator bug.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated `{path}` is not valid Rust ({message}); please report this with the spec")]
pub struct EmitError {
    /// The file.
    pub path: String,
    /// What `syn` said.
    pub message: String,
}

/// The files of the generated crate, by path relative to its root.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the generated crate.
pub fn emit(api: &Api, options: &EmitOptions) -> Result<Files, EmitError> {
    let mut files = Files::new();
    let header = crate::output::header(&options.spec_display);
    let uses_dates = api.types.iter().any(|t| type_kind_uses_dates(&t.kind))
        || api.operations.iter().any(|o| o.params.iter().any(|p| uses_dates(&p.ty)));

    files.insert("Cargo.toml".into(), templates::cargo_toml(api, options, &header, uses_dates));
    files.insert("README.md".into(), templates::readme(api, options, &header));

    let rust = |files: &mut Files, path: &str, tokens: TokenStream| -> Result<(), EmitError> {
        files.insert(path.to_owned(), format_rust(path, &header, tokens)?);
        Ok(())
    };

    rust(&mut files, "src/lib.rs", lib_rs(api))?;
    rust(&mut files, "src/servers.rs", support::servers(api))?;
    rust(&mut files, "src/security.rs", support::security(api))?;

    // A file per type and per operation, and the two module files that list
    // them, built and formatted on every core: formatting is most of
    // generation's time. The map keeps the output order fixed.
    let needs_validation = validate::needs_validation(api);
    // A client of no operation would be nothing but dead code.
    let client = (!api.operations.is_empty()).then_some(Job::Client);
    let jobs: Vec<Job> = client
        .into_iter()
        .chain([Job::ModelsMod, Job::OperationsMod])
        .chain(api.types.iter().map(Job::Model))
        .chain(api.header_sets.iter().map(Job::Headers))
        .chain(api.operations.iter().map(Job::Operation))
        .chain(api.operations.iter().map(Job::Example))
        .collect();
    for (path, text) in in_parallel(&jobs, |job| match job {
        Job::Model(ty) => {
            let path = format!("src/models/{}.rs", snake_name(&ty.name));
            let model = models::type_def(api, ty);
            let mut items = model.items;
            items.extend(validate::impl_for(ty, &needs_validation));
            let mut text = format_rust(&path, &header, items)?;
            if let Some(call) = &model.serde {
                call.write_to(&mut text);
            }
            Ok((path, text))
        }
        Job::Operation(op) => {
            let path = format!("src/operations/{}.rs", op.rust_name);
            let text = format_rust(&path, &header, operations::operation(api, op, &needs_validation))?;
            Ok((path, text))
        }
        Job::Headers(set) => {
            let path = format!("src/models/{}.rs", snake_name(&set.name));
            let text = format_rust(&path, &header, operations::header_set(set))?;
            Ok((path, text))
        }
        Job::Example(op) => {
            let path = format!("examples/{}.rs", op.rust_name);
            let text = format_rust(&path, &header, examples::example(api, op, &options.crate_name))?;
            Ok((path, text))
        }
        Job::Client => Ok(("src/client/mod.rs".to_owned(), format_rust("src/client/mod.rs", &header, client::client(api))?)),
        Job::ModelsMod => Ok(("src/models/mod.rs".to_owned(), format_rust("src/models/mod.rs", &header, models_mod(api))?)),
        Job::OperationsMod => {
            Ok(("src/operations/mod.rs".to_owned(), format_rust("src/operations/mod.rs", &header, operations_mod(api))?))
        }
    })? {
        files.insert(path, text);
    }

    files.insert("src/runtime.rs".into(), format!("// {header}\n\n{}", support::RUNTIME));
    files.insert("src/validate.rs".into(), format!("// {header}\n\n{}", support::VALIDATE));
    if !api.operations.is_empty() {
        files.insert("src/client/transport.rs".into(), format!("// {header}\n\n{}", client::TRANSPORT));
    }
    Ok(files)
}

/// Parses the tokens as a file and formats them, with the header line.
fn format_rust(path: &str, header: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| EmitError { path: path.to_owned(), message: e.to_string() })?;
    Ok(format!("// {header}\n\n{}", space_items(&prettyplease::unparse(&file))))
}

/// A file that [`in_parallel`] builds and formats.
enum Job<'a> {
    /// `src/client/mod.rs`, a method per operation: with `models/mod.rs`
    /// the largest files, so they start first.
    Client,
    /// `src/models/mod.rs`.
    ModelsMod,
    /// `src/operations/mod.rs`.
    OperationsMod,
    /// A type's module.
    Model(&'a TypeDef),
    /// The struct of a response's documented headers.
    Headers(&'a HeaderSet),
    /// An operation's module.
    Operation(&'a Operation),
    /// An operation's example program.
    Example(&'a Operation),
}

/// `src/models/mod.rs`: a module per type, each re-exported.
fn models_mod(api: &Api) -> TokenStream {
    let mut model_mods: Vec<_> = api
        .types
        .iter()
        .map(|ty| (&ty.name, ty.deprecated.then(|| quote! { #[allow(deprecated)] })))
        .chain(api.header_sets.iter().map(|set| (&set.name, None)))
        .collect();
    model_mods.sort_by(|a, b| a.0.cmp(b.0));
    let model_mods: Vec<_> = model_mods.into_iter().map(|(name, allow)| (format_ident!("{}", snake_name(name)), ident(name), allow)).collect();
    let mods = model_mods.iter().map(|(m, _, _)| m);
    let uses = model_mods.iter().map(|(m, n, allow)| quote! { #allow pub use self::#m::#n; });
    quote! {
        //! The types of the spec's schemas, one module each, all re-exported here.
        #( mod #mods; )*
        #( #uses )*
    }
}

/// `src/operations/mod.rs`: a module per operation.
fn operations_mod(api: &Api) -> TokenStream {
    let mut op_mods = Vec::new();
    for op in &api.operations {
        let module = format_ident!("{}", op.rust_name);
        let doc = docs(&format!(
            "`{} {}`{}",
            op.method,
            op.path,
            op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default()
        ));
        let gate = operations::unstable_gate(op);
        op_mods.push(quote! { #doc #gate pub mod #module; });
    }
    quote! {
        //! One module per operation: a typed `Request` that builds an
        //! `http::Request`, and a typed `Response` read from an `http::Response`.
        #( #op_mods )*
    }
}

/// Maps `items` with `f` on as many threads as there are cores, keeping
/// the items' order. Token streams cannot cross threads, so each item is
/// built and formatted on one thread from start to end; threads take the
/// next item as they finish one, so a large item does not hold the rest up.
/// When several items fail, the error is the first one's.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Result<R, EmitError> + Sync) -> Result<Vec<R>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16);
    if threads == 1 || items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return done };
            done.push((i, f(item)));
        }
    };
    let per_thread = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().map_err(|_| EmitError { path: "(worker)".into(), message: "a formatting thread panicked".into() }))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let mut done: Vec<(usize, Result<R, EmitError>)> = per_thread.into_iter().flatten().collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

/// prettyplease puts items right after one another; a blank line after each
/// item that closes at module or impl level makes the files read like
/// rustfmt'd code.
fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let next = lines.get(i + 1).copied().unwrap_or("");
        let is_decl = |l: &str| l.starts_with("mod ") || l.starts_with("pub mod ");
        let closes_item = match *line {
            "}" | "};" => true,
            // A method or associated item closing inside an impl.
            "    }" => next.starts_with("    ") && !next.starts_with("     "),
            // The end of the crate or module docs and inner attributes.
            l if l.starts_with("//!") => !next.starts_with("//!"),
            l if l.starts_with("#![") => !next.starts_with("#!["),
            // Module declarations, then re-exports.
            l if is_decl(l) => next.starts_with("pub use"),
            // Imports stay together.
            l if l.starts_with("use ") => !next.starts_with("use "),
            // Other one-line items (`pub type`, `pub const`).
            l if !l.starts_with(' ') && l.ends_with(';') && !l.starts_with("//") && !l.starts_with("pub use") => {
                !next.starts_with(' ') && !is_decl(l)
            }
            _ => false,
        };
        if closes_item && !next.is_empty() && next.trim() != "}" {
            out.push('\n');
        }
    }
    out
}

fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("{}\n", api.title);
    if let Some(d) = &api.description {
        text.push_str(&format!("\n{d}\n"));
    }
    text.push_str("\n| Operation | Method | Path | Module |\n| --- | --- | --- | --- |\n");
    for op in &api.operations {
        // Preview operations exist only with the `unstable` feature, so a
        // link to them would dangle in the default docs.
        let module = match op.unstable {
            Some(_) => format!("`operations::{}` (preview: feature `unstable`)", op.rust_name),
            None => format!("[`operations::{0}`](operations::{0})", op.rust_name),
        };
        text.push_str(&format!("| `{}` | `{}` | `{}` | {module} |\n", op.operation_id, op.method, op.path));
    }
    text.push_str("\nThe generated code is transport-agnostic: build an `http::Request` with an operation's `Request::to_http_request`, send it with any HTTP client, and read the reply with its `Response::from_http_response`.");
    let doc_lines: Vec<TokenStream> = text.lines().map(|l| {
        let l = format!(" {l}");
    quote! { #![doc = #l] }
    }).collect();
    let client_mod = (!api.operations.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
            pub mod client;
        }
    });
    quote! {
        #( #doc_lines )*
        #![deny(missing_docs)]

        pub mod models;
        pub mod operations;
        pub mod runtime;
        pub mod security;
        pub mod servers;
        pub mod validate;

        #client_mod

        pub use runtime::{RequestError, ResponseError};
        pub use validate::{Validate, ValidationError};
    }
}

fn uses_dates(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::DateTime | TypeRef::Date => true,
        TypeRef::Array(t) | TypeRef::Map(t) => uses_dates(t),
        _ => false,
    }
}

fn type_kind_uses_dates(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| uses_dates(&f.ty)),
        TypeKind::Union(u) => u.variants.iter().any(|v| uses_dates(&v.ty)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => uses_dates(t),
        TypeKind::StringEnum(_) => false,
    }
}
