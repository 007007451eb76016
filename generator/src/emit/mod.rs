//! Emitting: from the [`ir`](crate::ir) to the files of the generated crate.
//!
//! Emitting translates: every name and every decision (which union is read
//! in one pass, what a field is called, which types need validation) is in
//! the model already. Rust is built as tokens with `quote` (paths fully
//! qualified, so the output never depends on what a user imported) and
//! formatted with `prettyplease`; the crate's `Cargo.toml` and `README.md`
//! are `askama` templates. A model's serde impls are a call of one of the
//! runtime's macros, laid out by `format.rs`: spelling the impls out in every
//! model made generation mostly syn parsing them. The result is a sorted map
//! from relative path to contents: writing, checking and snapshotting it are
//! the caller's business.
//!
//! One emitter per kind of generated file:
//!
//! | Generated path | Emitter |
//! | --- | --- |
//! | `Cargo.toml`, `README.md` | `templates.rs` (templates in `generator/templates/`) |
//! | `src/lib.rs` | `lib_rs.rs` |
//! | `src/servers.rs` | `servers.rs` |
//! | `src/security.rs` | `security.rs` |
//! | `src/models/mod.rs` | `models/mod.rs` |
//! | `src/models/{letter}.rs` (each type in the file of its name's first letter, gated by its features) | `models/mod.rs`, by kind: `structs.rs`, `enums.rs`, `unions.rs` (`one_pass.rs` for a union read in one pass), or as text by `plain.rs` when prettyplease would print it plainly; `validate.rs` for its `Validate` impl |
//! | a response's header set, in `src/models/{letter}.rs` | `models/headers.rs` |
//! | `src/operations/mod.rs`, `src/operations/{letter}.rs` (an inline module per operation) | `operation/mod.rs`: `request.rs` (with `validate.rs`), `body.rs` (the body's type, its `Body` enum or `Multipart` struct, and how it is written), `response.rs` |
//! | `src/client/mod.rs` | `client/mod.rs`, page walkers in `client/pages.rs` |
//! | `src/runtime/*.rs`, `src/validate.rs`, `src/client/transport.rs`, `src/client/{keys,basic,tokens}.rs` (the kinds of credentials the spec uses) | `runtime.rs` (copied from `generator/runtime/`) |
//! | `src/server/mod.rs`, `src/mock/api.rs` | `server.rs` (an operation's `from_http_parts` and `to_http_response` in `operation/server.rs`) |
//! | `src/server/runtime.rs`, `src/server/multipart.rs`, `src/mock/mod.rs` | `runtime.rs` (copied from `generator/runtime/server.rs`, `server_multipart.rs` when a body is multipart, `mock.rs`) |
//! | `examples/{tag}.rs` (a function per operation) | `examples.rs` |
//!
//! Beside them: `support.rs` (identifiers, types and docs as tokens),
//! `format.rs` (prettyplease, and the layout of macro calls) and `pool.rs`
//! (the files built and formatted on every core).

mod client;
mod examples;
#[cfg(test)]
mod fixtures;
mod format;
pub(crate) mod keys;
mod layout;
mod lib_rs;
mod models;
mod operation;
mod pool;
mod runtime;
mod security;
mod server;
mod servers;
mod splice;
mod support;
mod templates;
mod text;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::time::Duration;

use proc_macro2::TokenStream;
use quote::quote;

use crate::cache::FormatMemo;
use crate::ir::{Api, HeaderSet, Operation, SentAs, TypeDef};
use crate::naming::file_group;

use format::{format_rust, FormatClock};
use keys::{Keys, Scope};
use pool::in_parallel;
use splice::Splices;
pub(crate) use support::{docs, ident, inner_docs, type_tokens};

/// What the emitter needs to know beyond the model.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct EmitOptions {
    /// The generated package's name.
    pub crate_name: String,
    /// The spec path as it should appear in headers (relative, `/`-separated).
    pub spec_display: String,
    /// The package's version (`codegen.toml`; else `0.1.0`).
    pub version: String,
    /// `codegen.toml`'s features, as lines of `Cargo.toml`.
    pub extra_features: Vec<String>,
    /// `codegen.toml`'s dependencies, as lines of `Cargo.toml`.
    pub extra_dependencies: Vec<String>,
}

/// An emitted file that does not parse as Rust: a generator bug.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated `{path}` is not valid Rust ({message}); please report this with the spec")]
pub(crate) struct EmitError {
    /// The file.
    pub path: String,
    /// What `syn` said.
    pub message: String,
}

/// The files of the generated crate, by path relative to its root.
pub type Files = BTreeMap<String, String>;

/// Where each model, operation module and example function is in
/// [`Files`], by its path in the crate (`models::Pet`,
/// `operations::get_pet`, `examples::get_pet`): the file, and the byte
/// range of its text there.
pub type Items = BTreeMap<String, (String, Range<usize>)>;

/// What [`emit`] made: the files, where each item is, the time spent
/// parsing and printing Rust (summed over threads), and what the patch of
/// a description edit (`patch.rs`) needs to know of them.
pub(crate) struct Emitted {
    pub files: Files,
    pub items: Items,
    pub times: (Duration, Duration),
    /// The items whose text starts with `#![allow(deprecated)]`, which
    /// their file says once.
    pub allows: BTreeSet<String>,
    /// What each type and operation names, as the cache keys read it (with
    /// `memo` only).
    pub graph: Option<keys::Graph>,
}

/// Emits every file of the generated crate. With `memo` (the cache's), a
/// file whose inputs did not change is taken from it, and tokens
/// formatted before are not formatted again.
pub(crate) fn emit(api: &Api, options: &EmitOptions, memo: Option<&FormatMemo>) -> Result<Emitted, EmitError> {
    let clock = FormatClock::default();
    let header = crate::output::header(&options.spec_display);
    let mut files: Files = templates_files(api, options).into_iter().collect();

    // Each type, operation and example function, the module files that list
    // them, and the crate's other Rust files, built and formatted on every
    // core: formatting is most of generation's time. The map keeps the
    // output order fixed.
    let needs_validation = api.needs_validation();
    let keys = memo.map(|_| Keys::new(api, options, &header, &needs_validation));
    #[cfg(debug_assertions)]
    check_keys_cover_inputs(api, options, &header, &needs_validation);
    #[cfg(debug_assertions)]
    check_docs_unread(api, options);
    let jobs: Vec<Job> = jobs(api).into_iter().map(|(job, _)| job).collect();
    let built = in_parallel(&jobs, |job| {
        let path = job.path();
        let build = || job.text(api, options, &needs_validation, &header, &|path, tokens| format_rust(&clock, memo, path, &header, tokens));
        let text = match (memo, &keys) {
            (Some(memo), Some(keys)) => memo.file(&path, keys.key(api, job.scope(&path)), build)?,
            _ => build()?,
        };
        Ok((job.file(), path, job.item(), text))
    })?;
    // The items of the models, operations and examples, each built (and
    // cached) alone, go into a file per group.
    let mut groups: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for (file, path, item, text) in built {
        match file {
            Some(file) => groups.entry(file).or_default().push(Member { path, item, text }),
            None => {
                files.insert(path, text);
            }
        }
    }
    let first_line = format!("// {header}\n\n");
    let groups: Vec<(String, Vec<Member>)> = groups
        .into_iter()
        .map(|(file, mut members)| {
            members.sort_by(|a, b| a.path.cmp(&b.path));
            (file, members)
        })
        .collect();
    // Joined on every core too: a big spec's largest groups are tens of
    // megabytes each (on the synthetic bench's 10,000 schemas, joining
    // them one after another took 50 ms).
    let joined = in_parallel(&groups, |(file, members)| {
        let bodies: Vec<&str> = members.iter().map(|m| m.body(&first_line)).collect();
        group_file(api, options, &clock, file, &bodies)
    })?;
    let mut items = Items::new();
    let mut allows = BTreeSet::new();
    for ((file, members), (text, ranges)) in groups.into_iter().zip(joined) {
        for (member, range) in members.into_iter().zip(ranges) {
            if member.body(&first_line).starts_with(ALLOW_DEPRECATED) {
                allows.insert(member.item.clone());
            }
            items.insert(member.item, (file.clone(), range));
        }
        files.insert(file, text);
    }

    for (path, text) in runtime::RUNTIME {
        files.insert((*path).into(), format!("// {header}\n\n{text}"));
    }
    files.insert("src/validate.rs".into(), format!("// {header}\n\n{}", runtime::VALIDATE));
    if !api.operations.is_empty() {
        files.insert("src/client/transport.rs".into(), format!("// {header}\n\n{}", runtime::TRANSPORT));
        // Only the kinds of credentials the spec's schemes use: a file of
        // code no scheme needs would be dead code in the crate.
        if api.security_schemes.iter().any(|s| s.sent_as != SentAs::Basic) {
            files.insert("src/client/keys.rs".into(), format!("// {header}\n\n{}", runtime::KEYS));
        }
        if api.security_schemes.iter().any(|s| s.sent_as == SentAs::Basic) {
            files.insert("src/client/basic.rs".into(), format!("// {header}\n\n{}", runtime::BASIC));
        }
        if api.security_schemes.iter().any(|s| s.sent_as == SentAs::Bearer) {
            files.insert("src/client/tokens.rs".into(), format!("// {header}\n\n{}", runtime::TOKENS));
        }
        files.insert("src/server/runtime.rs".into(), format!("// {header}\n\n{}", runtime::SERVER));
        if api.has_multipart() {
            files.insert("src/server/multipart.rs".into(), format!("// {header}\n\n{}", runtime::SERVER_MULTIPART));
        }
        files.insert("src/mock/mod.rs".into(), format!("// {header}\n\n{}", runtime::MOCK));
    }
    let graph = keys.as_ref().map(Keys::graph);
    Ok(Emitted { files, items, times: clock.totals(), allows, graph })
}

/// An item of a group file, as a job built it.
struct Member {
    /// The job's path (what orders the group).
    path: String,
    /// The item's path in the crate.
    item: String,
    /// Its text, with the header line.
    text: String,
}

impl Member {
    /// Its text less the header line (`first_line`).
    fn body(&self, first_line: &str) -> &str {
        self.text.strip_prefix(first_line).unwrap_or(&self.text)
    }
}

/// `Cargo.toml` and `README.md`, from the templates.
pub(crate) fn templates_files(api: &Api, options: &EmitOptions) -> [(String, String); 2] {
    let header = crate::output::header(&options.spec_display);
    [
        ("Cargo.toml".into(), templates::cargo_toml(api, options, &header, api.uses_dates())),
        ("README.md".into(), templates::readme(api, options, &header)),
    ]
}

/// Every job of an emit, in the order they start, with what its file is
/// built from ([`Reach`]).
fn jobs(api: &Api) -> Vec<(Job<'_>, Reach)> {
    // A client of no operation would be nothing but dead code.
    let client = (!api.operations.is_empty()).then_some(Job::Client);
    let server = (!api.operations.is_empty())
        .then_some([Job::Spliced("src/server/mod.rs", server::server_mod), Job::Spliced("src/mock/api.rs", server::mock_api)]);
    let files = client
        .into_iter()
        .chain([Job::ModelsMod, Job::OperationsMod])
        .chain([
            Job::Single("src/lib.rs", lib_rs::lib_rs),
            Job::Single("src/servers.rs", servers::servers),
            Job::Single("src/security.rs", security::security),
        ])
        .chain(server.into_iter().flatten())
        .map(|job| {
            let reach = if matches!(job, Job::ModelsMod) { Reach::Everything } else { Reach::Operations };
            (job, reach)
        });
    files
        .chain(api.types.iter().enumerate().map(|(i, t)| (Job::Model(t), Reach::Type(i))))
        .chain(api.header_sets.iter().enumerate().map(|(i, s)| (Job::Headers(s), Reach::HeaderSet(i))))
        .chain(api.operations.iter().enumerate().map(|(i, o)| (Job::Operation(o), Reach::Operation(i))))
        .chain(api.operations.iter().enumerate().map(|(i, o)| (Job::Example(o), Reach::Operation(i))))
        .collect()
}

/// What a job's file is built from, as far as its cache key says
/// (`keys.rs`): one item of the model (with, for a type or an operation,
/// the types it reaches), every operation and the globals, or everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The type at this index, and the types it reaches.
    Type(usize),
    /// The header set at this index.
    HeaderSet(usize),
    /// The operation at this index (its module, or its example), and the
    /// types it reaches.
    Operation(usize),
    /// The globals and every operation.
    Operations,
    /// The whole model.
    Everything,
}

/// A file of items from the items' texts (less the header line): a group
/// of models or operations, or an example program's file.
fn group_file(
    api: &Api,
    options: &EmitOptions,
    clock: &FormatClock,
    file: &str,
    bodies: &[&str],
) -> Result<(String, Vec<Range<usize>>), EmitError> {
    let header = crate::output::header(&options.spec_display);
    Ok(if let Some(stem) = file.strip_prefix("examples/") {
        let mut text = examples::main_text(api, options, stem.trim_end_matches(".rs"), &|path, tokens| {
            format_rust(clock, None, path, &header, tokens)
        })?;
        let ranges = append_items(&mut text, bodies, true);
        (text, ranges)
    } else {
        group_text(file, &header, bodies)
    })
}

/// One job built again by [`rebuild`]: the file its item goes into (`None`
/// for a file of its own), its path, its item's path, and its text.
pub(crate) type Rebuilt = (Option<String>, String, String, String);

/// Builds again the jobs whose [`Reach`] `pick` accepts (the patch of a
/// description edit).
pub(crate) fn rebuild(api: &Api, options: &EmitOptions, pick: &dyn Fn(Reach) -> bool) -> Result<Vec<Rebuilt>, EmitError> {
    let clock = FormatClock::default();
    let header = crate::output::header(&options.spec_display);
    let needs_validation = api.needs_validation();
    let jobs: Vec<Job> = jobs(api).into_iter().filter(|(_, reach)| pick(*reach)).map(|(job, _)| job).collect();
    in_parallel(&jobs, |job| {
        let text = job.text(api, options, &needs_validation, &header, &|path, tokens| format_rust(&clock, None, path, &header, tokens))?;
        Ok((job.file(), job.path(), job.item(), text))
    })
}

/// A group file again ([`group_file`]), from its items' texts in order,
/// each with its `#![allow(deprecated)]` when it had one.
pub(crate) fn regroup(api: &Api, options: &EmitOptions, file: &str, bodies: &[&str]) -> Result<(String, Vec<Range<usize>>), EmitError> {
    group_file(api, options, &FormatClock::default(), file, bodies)
}

/// What a model's module says when its impls use deprecated items.
pub(crate) const ALLOW_DEPRECATED: &str = "#![allow(deprecated)]\n";

/// A file of `models` or `operations` from its items' texts: the header,
/// what the file holds, and `#![allow(deprecated)]` once when an item
/// needs it (the generated impls read deprecated fields and name deprecated
/// types; only users should see the warning).
fn group_text(file: &str, header: &str, bodies: &[&str]) -> (String, Vec<Range<usize>>) {
    let (kind, group) = match file.strip_prefix("src/models/") {
        Some(group) => ("models", group),
        None => ("operations", file.strip_prefix("src/operations/").unwrap_or(file)),
    };
    let group = group.trim_end_matches(".rs");
    let what = match group {
        "other" => format!("//! The {kind} whose names start with no letter."),
        letter => format!("//! The {kind} whose names start with `{}`.", letter.to_ascii_uppercase()),
    };
    let allow = bodies.iter().any(|b| b.starts_with(ALLOW_DEPRECATED));
    let mut text = String::with_capacity(bodies.iter().map(|b| b.len() + 1).sum::<usize>() + 256);
    text.push_str(&format!("// {header}\n\n{what}\n\n"));
    if allow {
        text.push_str(ALLOW_DEPRECATED);
        text.push('\n');
    }
    let ranges = append_items(&mut text, bodies, false);
    (text, ranges)
}

/// The `mod` of each file of a group of items (`models` or `operations`),
/// from each item's module name and whether features gate it, and the
/// file's re-export. A file whose items are all gated re-exports nothing
/// when their features are off, which is no reason for a warning.
fn group_mods<'a>(items: impl Iterator<Item = (&'a str, bool)>) -> TokenStream {
    let mut groups: BTreeMap<&str, bool> = BTreeMap::new();
    for (module, gated) in items {
        *groups.entry(file_group(module)).or_insert(true) &= gated;
    }
    let mods = groups.keys().map(|g| ident(g));
    let uses = groups.iter().map(|(g, gated)| {
        let g = ident(g);
        let allow = gated.then(|| quote! { #[allow(unused_imports)] });
        quote! { #allow pub use self::#g::*; }
    });
    quote! {
        #( mod #mods; )*
        #( #uses )*
    }
}

/// Appends the items' texts (without their `#![allow(deprecated)]`, which
/// the file has once), a blank line between each (and before the first
/// with `after_code`); where each went.
fn append_items(text: &mut String, bodies: &[&str], after_code: bool) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(bodies.len());
    for (i, body) in bodies.iter().enumerate() {
        if i > 0 || after_code {
            text.push('\n');
        }
        let body = body.strip_prefix(ALLOW_DEPRECATED).map_or(*body, |b| b.trim_start_matches('\n'));
        ranges.push(text.len()..text.len() + body.len());
        text.push_str(body);
    }
    ranges
}

/// The proof that each file's key ([`Keys`]) covers everything its emitter
/// reads: every file is built again from a model holding only what its key
/// covers ([`keys::covered`]), and must come out the same. In debug builds
/// (so in every test that generates), for models small enough that it
/// costs little.
#[cfg(debug_assertions)]
fn check_keys_cover_inputs(api: &Api, options: &EmitOptions, header: &str, needs_validation: &std::collections::BTreeSet<String>) {
    if api.types.len() + api.operations.len() > 400 {
        return;
    }
    let keys = Keys::new(api, options, header, needs_validation);
    let jobs = api.types.iter().map(Job::Model).chain(api.header_sets.iter().map(Job::Headers));
    let jobs = jobs.chain(api.operations.iter().flat_map(|op| [Job::Operation(op), Job::Example(op)]));
    let jobs = jobs.chain([Job::Client, Job::OperationsMod, Job::ModelsMod]);
    let singles = [
        Job::Single("src/lib.rs", lib_rs::lib_rs),
        Job::Single("src/servers.rs", servers::servers),
        Job::Single("src/security.rs", security::security),
        Job::Spliced("src/server/mod.rs", server::server_mod),
        Job::Spliced("src/mock/api.rs", server::mock_api),
    ];
    for job in jobs.chain(singles) {
        let path = job.path();
        let Some((part, needs)) = keys::covered(api, &keys, needs_validation, job.scope(&path)) else { continue };
        let unformatted = |_: &str, tokens: TokenStream| Ok(tokens.to_string());
        let whole = job.text(api, options, needs_validation, header, &unformatted).ok();
        let covered = job.text(&part, options, &needs, header, &unformatted).ok();
        assert!(whole == covered, "the cache key of {path} misses an input of its emitter (emit/keys.rs)");
    }
}

/// The proof that `models/mod.rs`, `Cargo.toml` and the README read no
/// docs of types or header sets, so that the patch of a description edit
/// (`patch.rs`) need not build them again: built from a model whose every
/// such doc reads otherwise, they must come out the same. In debug builds,
/// for models small enough that it costs little.
#[cfg(debug_assertions)]
fn check_docs_unread(api: &Api, options: &EmitOptions) {
    if api.types.len() + api.operations.len() > 400 {
        return;
    }
    let mut other = api.clone();
    crate::patch::type_docs(&mut other, &mut |text| *text = format!("Other {}.\n\n- {text}", text.len()));
    let files = |api: &Api| (models::models_mod(api).to_string(), templates_files(api, options));
    assert!(files(api) == files(&other), "models/mod.rs, Cargo.toml or README.md reads docs of types (patch.rs builds them again)");
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
    /// Another file built from the whole model: its path and emitter.
    Single(&'static str, fn(&Api) -> TokenStream),
    /// Another such file, with items written as text ([`Splices`]).
    Spliced(&'static str, fn(&Api, &mut Splices) -> TokenStream),
}

impl<'a> Job<'a> {
    /// The file's path in the crate.
    fn path(&self) -> String {
        match self {
            Job::Client => "src/client/mod.rs".to_owned(),
            Job::ModelsMod => "src/models/mod.rs".to_owned(),
            Job::OperationsMod => "src/operations/mod.rs".to_owned(),
            Job::Model(ty) => format!("src/models/{}.rs", ty.module),
            Job::Headers(set) => format!("src/models/{}.rs", set.module),
            Job::Operation(op) => format!("src/operations/{}.rs", op.rust_name),
            Job::Example(op) => format!("examples/{}.rs", op.rust_name),
            Job::Single(path, _) | Job::Spliced(path, _) => (*path).to_owned(),
        }
    }

    /// The file its item goes into, with others of its group; `None` for a
    /// file of its own.
    fn file(&self) -> Option<String> {
        match self {
            Job::Model(ty) => Some(format!("src/models/{}.rs", file_group(&ty.module))),
            Job::Headers(set) => Some(format!("src/models/{}.rs", file_group(&set.module))),
            Job::Operation(op) => Some(format!("src/operations/{}.rs", file_group(&op.rust_name))),
            Job::Example(op) => Some(format!("examples/{}.rs", examples::program(op))),
            _ => None,
        }
    }

    /// Its path in the crate, when it is one item of a file.
    fn item(&self) -> String {
        match self {
            Job::Model(ty) => format!("models::{}", ty.name),
            Job::Headers(set) => format!("models::{}", set.name),
            Job::Operation(op) => format!("operations::{}", op.rust_name),
            Job::Example(op) => format!("examples::{}", op.rust_name),
            _ => String::new(),
        }
    }

    /// What its cache key covers.
    fn scope<'p>(&self, path: &'p str) -> Scope<'p>
    where
        'a: 'p,
    {
        match *self {
            Job::Model(ty) => Scope::Model(ty),
            Job::Headers(set) => Scope::Headers(set),
            Job::Operation(op) => Scope::Operation(op),
            Job::Example(op) => Scope::Example(op),
            Job::Client | Job::OperationsMod | Job::Single(..) | Job::Spliced(..) => Scope::Operations(path),
            Job::ModelsMod => Scope::Everything(path),
        }
    }

    /// Its text, from `api`: a model or header set the plainest way (as
    /// text), else its tokens given to `format`.
    fn text(
        &self,
        api: &Api,
        options: &EmitOptions,
        needs_validation: &std::collections::BTreeSet<String>,
        header: &str,
        format: &dyn Fn(&str, TokenStream) -> Result<String, EmitError>,
    ) -> Result<String, EmitError> {
        let text = self.ungated_text(api, options, needs_validation, header, format)?;
        // A model only some tags' operations reach compiles with their features.
        let gated = match *self {
            Job::Model(ty) => api.type_features(&ty.name),
            Job::Headers(set) => api.type_features(&set.name),
            _ => &[],
        };
        Ok(if gated.is_empty() { text } else { format::gate_items(&text, &format::gate_lines(gated)) })
    }

    /// [`Job::text`] before a model's items are gated.
    fn ungated_text(
        &self,
        api: &Api,
        options: &EmitOptions,
        needs_validation: &std::collections::BTreeSet<String>,
        header: &str,
        format: &dyn Fn(&str, TokenStream) -> Result<String, EmitError>,
    ) -> Result<String, EmitError> {
        let plain = match *self {
            Job::Model(ty) => models::plain_text(api, ty),
            Job::Headers(set) => models::header_set_text(set),
            _ => None,
        };
        if let Some(text) = plain {
            let mut text = format!("// {header}\n\n{}", format::space_items(&text));
            if let Job::Model(ty) = *self {
                if needs_validation.contains(&ty.name) {
                    // Printed alone, as prettyplease prints each top-level
                    // item on its own; a blank line before it.
                    let validate = format(&self.path(), validate::impl_for(ty, needs_validation))?;
                    text.push('\n');
                    text.push_str(validate.strip_prefix(&format!("// {header}\n\n")).unwrap_or(&validate));
                }
                if let Some(call) = models::serde_call(ty) {
                    call.write_to(&mut text);
                }
            }
            return Ok(text);
        }
        let mut splices = Splices::default();
        let (tokens, serde) = self.tokens(api, options, needs_validation, &mut splices);
        let mut text = format(&self.path(), tokens)?;
        if let Some(call) = &serde {
            call.write_to(&mut text);
        }
        if splices.is_empty() {
            return Ok(text);
        }
        // A spliced item ending at the margin is followed by a blank line.
        Ok(format::space_items(&splices.resolve(text)))
    }

    /// Its tokens, and the runtime macro call that follows them (a model's
    /// serde impls), from `api`; the items written as text go into
    /// `splices`.
    fn tokens(
        &self,
        api: &Api,
        options: &EmitOptions,
        needs_validation: &std::collections::BTreeSet<String>,
        splices: &mut Splices,
    ) -> (TokenStream, Option<format::MacroCall>) {
        match *self {
            Job::Model(ty) => {
                let model = models::type_def(api, ty);
                let mut items = model.items;
                items.extend(validate::impl_for(ty, needs_validation));
                (items, model.serde)
            }
            Job::Operation(op) => (operation::operation(api, op, needs_validation, splices), None),
            Job::Headers(set) => (models::header_set(set), None),
            Job::Example(op) => (examples::example(op, &options.crate_name), None),
            Job::Client => (client::client(api, splices), None),
            Job::ModelsMod => (models::models_mod(api), None),
            Job::OperationsMod => (operation::operations_mod(api), None),
            Job::Single(_, emit) => (emit(api), None),
            Job::Spliced(_, emit) => (emit(api, splices), None),
        }
    }
}
