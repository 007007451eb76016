//! `codegen.toml`: what the spec cannot say, read beside it (or from the
//! path given with `--config`).
//!
//! ```toml
//! [package]                     # the generated Cargo.toml
//! name = "petstore"
//! version = "1.2.0"
//! features = { extra = [] }     # added after the generated features
//!
//! [dependencies]                # added to the generated Cargo.toml as written
//! uuid = { version = "1", features = ["serde"] }
//!
//! [operations.include]          # none given: every operation
//! ids = ["listPets"]            # operationId
//! tags = ["pets"]               # any of its tags
//! paths = ["GET /pets*"]        # `METHOD /path` glob (`*` for any method, or just `/path`)
//! [operations.exclude]          # same keys; wins over include
//! ids = ["deletePet"]
//!
//! [types]                       # schema -> existing Rust type; no model generated
//! Uuid = "uuid::Uuid"           # or "#/components/schemas/Uuid"
//!
//! [derives]                     # added to models
//! all = ["Hash"]
//! schemas = { Pet = ["Eq", "Hash"] }
//! ```
//!
//! Parsing is `toml`'s with `serde_spanned` spans, so every error names
//! `file:line:col` and quotes the line; an unknown key is an error (serde's
//! `deny_unknown_fields`), never silently ignored. What needs the spec (a
//! schema that does not exist, a selector that matches nothing, a derive a
//! field cannot support) is checked by [`crate::generate_with`], located the
//! same way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use openapiv3::{OpenAPI, ReferenceOr};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, GenerateError, Severity};
use crate::ir::{Api, HttpMethod, TypeKind, TypeRef};
use crate::source::{escape_token, unescape_token, Location, SourceFile};

/// The file name looked for beside the spec.
pub const FILE_NAME: &str = "codegen.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    package: RawPackage,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    operations: RawOperations,
    #[serde(default)]
    types: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    derives: RawDerives,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    #[serde(default)]
    features: BTreeMap<Spanned<String>, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperations {
    #[serde(default)]
    include: RawSelectors,
    #[serde(default)]
    exclude: RawSelectors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelectors {
    #[serde(default)]
    ids: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerives {
    #[serde(default)]
    all: Vec<Spanned<String>>,
    #[serde(default)]
    schemas: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// What selects an operation.
#[derive(Debug)]
enum Matcher {
    Id(String),
    Tag(String),
    /// A method (`None`: any) and a glob over the path template.
    Path(Option<HttpMethod>, GlobMatcher),
}

/// One entry of `[operations.include]` or `[operations.exclude]`.
#[derive(Debug)]
struct Selector {
    /// As written, for messages.
    text: String,
    span: Range<usize>,
    matcher: Matcher,
}

impl Selector {
    fn matches(&self, id: Option<&str>, tags: &[String], method: HttpMethod, path: &str) -> bool {
        match &self.matcher {
            Matcher::Id(want) => id == Some(want.as_str()),
            Matcher::Tag(want) => tags.iter().any(|t| t == want),
            Matcher::Path(m, glob) => m.is_none_or(|m| m == method) && glob.is_match(path),
        }
    }
}

/// A read `codegen.toml`: the file (for locating later diagnostics) and
/// what it says.
#[derive(Debug)]
pub struct CodegenConfig {
    file: SourceFile,
    raw: Raw,
    include: Vec<Selector>,
    exclude: Vec<Selector>,
}

impl Default for CodegenConfig {
    /// No configuration: the spec alone decides.
    fn default() -> Self {
        Self { file: SourceFile::new(FILE_NAME, ""), raw: Raw::default(), include: Vec::new(), exclude: Vec::new() }
    }
}

/// `codegen.toml` in the spec's folder, when there is one.
pub fn beside(spec: &Path) -> Option<PathBuf> {
    let path = spec.parent().unwrap_or(Path::new("")).join(FILE_NAME);
    path.is_file().then_some(path)
}

impl CodegenConfig {
    /// Reads and checks a config file, shown in messages as `shown`.
    pub fn read(path: &Path, shown: &str) -> Result<Self, GenerateError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            let d = Diagnostic::error(Path::new(shown), "", format!("cannot read the config file: {e}"));
            let rendered = format!("{}\n\nerror: could not generate the crate: 1 error", d.render(None).trim_end());
            GenerateError { diagnostics: vec![d], rendered }
        })?;
        Self::parse(shown, &text)
    }

    /// Parses and checks a config file's text (`path` is how messages show it).
    pub fn parse(path: &str, text: &str) -> Result<Self, GenerateError> {
        let file = SourceFile::new(path, text);
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let d = at(&file, span, e.message().trim_end().to_owned(), Severity::Error);
                return Err(render_error(vec![d], &file));
            }
        };
        let mut errors = Vec::new();
        let mut selectors = |s: &RawSelectors| {
            let mut out = Vec::new();
            for id in &s.ids {
                out.push(Selector { text: id.get_ref().clone(), span: id.span(), matcher: Matcher::Id(id.get_ref().clone()) });
            }
            for tag in &s.tags {
                out.push(Selector { text: tag.get_ref().clone(), span: tag.span(), matcher: Matcher::Tag(tag.get_ref().clone()) });
            }
            for path in &s.paths {
                match path_matcher(path.get_ref()) {
                    Ok(matcher) => out.push(Selector { text: path.get_ref().clone(), span: path.span(), matcher }),
                    Err(message) => errors.push(at(&file, path.span(), message, Severity::Error)),
                }
            }
            out
        };
        let include = selectors(&raw.operations.include);
        let exclude = selectors(&raw.operations.exclude);
        if let Some(version) = &raw.package.version {
            if !is_semver(version.get_ref()) {
                let message = format!("`{}` is not a version Cargo takes (`MAJOR.MINOR.PATCH`, as `1.2.0`)", version.get_ref());
                errors.push(at(&file, version.span(), message, Severity::Error));
            }
        }
        if let Some(name) = &raw.package.name {
            if let Some(problem) = crate::naming::crate_name_problem(name.get_ref()) {
                errors.push(at(&file, name.span(), problem, Severity::Error));
            }
        }
        for path in raw.types.values() {
            if syn::parse_str::<syn::Path>(path.get_ref()).is_err() {
                let message = format!("`{}` is not a Rust type path (as `uuid::Uuid`)", path.get_ref());
                errors.push(at(&file, path.span(), message, Severity::Error));
            }
        }
        for derive in raw.derives.all.iter().chain(raw.derives.schemas.values().flatten()) {
            if let Some(message) = derive_problem(derive.get_ref()) {
                errors.push(at(&file, derive.span(), message, Severity::Error));
            }
        }
        let file_ref = &file;
        for list in std::iter::once(&raw.derives.all).chain(raw.derives.schemas.values()) {
            let names: BTreeSet<&str> = list.iter().map(|d| d.get_ref().as_str()).collect();
            if let Some(ord) = list.iter().find(|d| d.get_ref() == "Ord") {
                if !names.contains("Eq") || !names.contains("PartialOrd") {
                    let message = "`Ord` needs `Eq` and `PartialOrd` in the same list".to_owned();
                    errors.push(at(file_ref, ord.span(), message, Severity::Error));
                }
            }
        }
        if !errors.is_empty() {
            return Err(render_error(errors, &file));
        }
        Ok(Self { file, raw, include, exclude })
    }

    /// `[package] name`.
    pub fn crate_name(&self) -> Option<&str> {
        self.raw.package.name.as_ref().map(|n| n.get_ref().as_str())
    }

    /// `[package] version`.
    pub(crate) fn version(&self) -> Option<&str> {
        self.raw.package.version.as_ref().map(|n| n.get_ref().as_str())
    }

    /// Whether `[operations]` selects anything: then models no kept
    /// operation reaches are pruned.
    pub(crate) fn filters(&self) -> bool {
        !self.include.is_empty() || !self.exclude.is_empty()
    }

    /// Takes the operations `[operations]` leaves out out of `doc`; warns
    /// about each selector that matches no operation.
    pub(crate) fn filter_operations(&self, doc: &mut OpenAPI) -> Vec<Diagnostic> {
        if !self.filters() {
            return Vec::new();
        }
        let mut hit_include = vec![false; self.include.len()];
        let mut hit_exclude = vec![false; self.exclude.len()];
        for (path, item) in doc.paths.paths.iter_mut() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, op) in crate::lower::path_item_operations_mut(item) {
                let Some(op) = op else { continue };
                let id = op.operation_id.as_deref();
                let mut included = self.include.is_empty();
                for (i, s) in self.include.iter().enumerate() {
                    if s.matches(id, &op.tags, method, path) {
                        hit_include[i] = true;
                        included = true;
                    }
                }
                let mut excluded = false;
                for (i, s) in self.exclude.iter().enumerate() {
                    if s.matches(id, &op.tags, method, path) {
                        hit_exclude[i] = true;
                        excluded = true;
                    }
                }
                if !included || excluded {
                    // Emptied in place: `path_item_operations_mut` lends the slots.
                    *op = openapiv3::Operation::default();
                    op.extensions.insert(DROPPED.to_owned(), serde_json::Value::Bool(true));
                }
            }
            drop_marked(item);
        }
        let mut warnings = Vec::new();
        for (list, hits, what) in [(&self.include, &hit_include, "include"), (&self.exclude, &hit_exclude, "exclude")] {
            for (s, hit) in list.iter().zip(hits) {
                if !hit {
                    let message = format!("`[operations.{what}]` selector `{}` matches no operation", s.text);
                    warnings.push(at(&self.file, s.span.clone(), message, Severity::Warning));
                }
            }
        }
        warnings
    }

    /// `[types]`, by component schema key; an error for a schema the spec
    /// does not have.
    pub(crate) fn external_types(&self, doc: &OpenAPI) -> Result<HashMap<String, String>, Vec<Diagnostic>> {
        let mut out = HashMap::new();
        let mut errors = Vec::new();
        for (key, path) in &self.raw.types {
            match schema_key(doc, key.get_ref()) {
                Some(k) => {
                    out.insert(k, path.get_ref().clone());
                }
                None => errors.push(self.no_schema(key, "[types]")),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn no_schema(&self, key: &Spanned<String>, table: &str) -> Diagnostic {
        let message = format!("`{table}` names `{}`, which is not a schema in components.schemas", key.get_ref());
        at(&self.file, key.span(), message, Severity::Error)
            .with_hint("name a component schema by its key (`Pet`) or its `$ref` (`#/components/schemas/Pet`)")
    }

    /// Every model `[derives]` reaches, with what to add to each: the
    /// derives asked for, spread to every model they hold (deriving `Hash`
    /// on `Pet` needs it on `Pet`'s `Tag`). An error, at the entry, when a
    /// model cannot have one: a float field for `Eq`, `Hash` and `Ord`,
    /// free-form JSON for `Hash` and the orderings, a struct that keeps
    /// unknown properties or a union (which keeps unknown values).
    pub(crate) fn derives(&self, doc: &OpenAPI, api: &Api) -> (BTreeMap<String, Vec<String>>, Vec<Diagnostic>) {
        let mut asked: Vec<(String, &Spanned<String>)> = Vec::new();
        let mut errors = Vec::new();
        for derive in &self.raw.derives.all {
            for t in &api.types {
                asked.push((t.name.clone(), derive));
            }
        }
        for (key, derives) in &self.raw.derives.schemas {
            let Some(k) = schema_key(doc, key.get_ref()) else {
                errors.push(self.no_schema(key, "[derives.schemas]"));
                continue;
            };
            let origin = format!("/components/schemas/{}", escape_token(&k));
            match api.types.iter().find(|t| t.origin == origin) {
                Some(t) => asked.extend(derives.iter().map(|d| (t.name.clone(), d))),
                None => {
                    let message =
                        format!("`[derives.schemas]` names `{}`, which has no model (it is pruned, or mapped in `[types]`)", key.get_ref());
                    errors.push(at(&self.file, key.span(), message, Severity::Warning));
                }
            }
        }
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut reported = BTreeSet::new();
        for (name, derive) in asked {
            let d = derive.get_ref().as_str();
            match spread(api, &name, d) {
                Ok(names) => {
                    for n in names {
                        out.entry(n).or_default().insert(d.to_owned());
                    }
                }
                Err(why) => {
                    if reported.insert((derive.span().start, why.clone())) {
                        let message = format!("cannot derive `{d}` on `{name}`: {why}");
                        errors.push(
                            at(&self.file, derive.span(), message, Severity::Error)
                                .with_hint("list it only for models whose fields can have it (`[derives.schemas]`), or drop it"),
                        );
                    }
                }
            }
        }
        // In the order the user wrote them, each once; a string enum already
        // derives `Eq` and `Hash`, an integer enum those and `Copy`,
        // `PartialOrd` and `Ord`.
        let order: Vec<&str> =
            self.raw.derives.all.iter().chain(self.raw.derives.schemas.values().flatten()).map(|d| d.get_ref().as_str()).collect();
        let derives = out
            .into_iter()
            .map(|(name, set)| {
                let has: &[&str] = match api.type_named(&name).map(|t| &t.kind) {
                    Some(TypeKind::StringEnum(_)) => &["Eq", "Hash"],
                    Some(TypeKind::IntegerEnum(_)) => &["Copy", "Eq", "Hash", "PartialOrd", "Ord"],
                    _ => &[],
                };
                let mut list: Vec<String> = Vec::new();
                for d in &order {
                    if set.contains(*d) && !list.iter().any(|l| l == d) && !has.contains(d) {
                        list.push((*d).to_owned());
                    }
                }
                (name, list)
            })
            .filter(|(_, list)| !list.is_empty())
            .collect();
        (derives, errors)
    }

    /// Checks `[package] features` and `[dependencies]` against what the
    /// generated crate has itself, and renders them as lines of its
    /// `Cargo.toml`.
    pub(crate) fn cargo_additions(&self, api: &Api) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let ours: Vec<&str> = GENERATED_FEATURES.iter().copied().chain(api.features.iter().map(|f| f.name.as_str())).collect();
        let mut features = Vec::new();
        for (name, enables) in &self.raw.package.features {
            if ours.contains(&name.get_ref().as_str()) {
                let message = format!("the generated crate has a feature `{}` itself", name.get_ref());
                errors.push(at(&self.file, name.span(), message, Severity::Error));
                continue;
            }
            let list: Vec<String> = enables.iter().map(|e| toml::Value::String(e.clone()).to_string()).collect();
            features.push(format!("{} = [{}]", toml_key(name.get_ref()), list.join(", ")));
        }
        let mut dependencies = Vec::new();
        for (name, value) in &self.raw.dependencies {
            if GENERATED_DEPENDENCIES.contains(&name.get_ref().as_str()) {
                let message = format!("the generated crate depends on `{}` itself", name.get_ref());
                errors.push(at(&self.file, name.span(), message, Severity::Error));
                continue;
            }
            dependencies.push(format!("{} = {}", toml_key(name.get_ref()), value));
        }
        if errors.is_empty() {
            Ok((features, dependencies))
        } else {
            Err(errors)
        }
    }

    /// Renders diagnostics about this file, with its lines quoted.
    pub(crate) fn render(&self, d: &Diagnostic) -> String {
        d.render(Some(&self.file)).trim_end().to_owned()
    }

    /// The failure for errors found in this file.
    pub(crate) fn fail(&self, errors: Vec<Diagnostic>) -> GenerateError {
        render_error(errors, &self.file)
    }
}

/// Features every generated crate may have besides its tags'
/// (`generator/templates/Cargo.toml.j2`).
const GENERATED_FEATURES: &[&str] = &["default", "client", "tracing", "server", "unstable"];

/// Dependencies the generated crate may have
/// (`generator/templates/Cargo.toml.j2`).
const GENERATED_DEPENDENCIES: &[&str] =
    &["axum", "bytes", "chrono", "futures-util", "http", "reqwest", "serde", "serde_json", "serde_path_to_error", "tokio", "tracing"];

/// The extension that marks an operation `[operations]` leaves out, until
/// [`drop_marked`] takes it out of its path item.
const DROPPED: &str = "x-codegen-dropped";

fn drop_marked(item: &mut openapiv3::PathItem) {
    for slot in [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ] {
        if slot.as_ref().is_some_and(|op| op.extensions.contains_key(DROPPED)) {
            *slot = None;
        }
    }
}

/// The models a derive on `name` goes on: it and every model it holds.
/// Why not, when one of them cannot have it.
fn spread(api: &Api, name: &str, derive: &str) -> Result<BTreeSet<String>, String> {
    let checked = matches!(derive, "Eq" | "Hash" | "PartialOrd" | "Ord");
    let mut seen = BTreeSet::new();
    let mut stack = vec![(name.to_owned(), String::new())];
    while let Some((n, via)) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        let Some(t) = api.type_named(&n) else { continue };
        let place = |what: &str| if via.is_empty() { what.to_owned() } else { format!("{what} (it holds `{n}` through {via})") };
        let mut refs: Vec<(String, &TypeRef)> = Vec::new();
        match &t.kind {
            TypeKind::Struct(s) => {
                if checked && s.unknown_fields.is_some() {
                    return Err(place(&format!(
                        "`{n}` keeps unknown properties (`additionalProperties` is not `false`), which only compare with `PartialEq`"
                    )));
                }
                refs.extend(s.fields.iter().map(|f| (format!("`{n}.{}`", f.rust_name), &f.ty)));
            }
            TypeKind::Union(u) => {
                if matches!(derive, "Hash" | "PartialOrd" | "Ord") {
                    return Err(place(&format!("`{n}` is a union, which keeps a value no option matches as `serde_json::Value`")));
                }
                refs.extend(u.variants.iter().map(|v| (format!("`{n}::{}`", v.rust_name), &v.ty)));
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => refs.push((format!("`{n}`"), ty)),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
        for (at, ty) in refs {
            for inner in ty.walk() {
                let why = match inner {
                    TypeRef::Number { bits } if matches!(derive, "Eq" | "Hash" | "Ord") => Some(format!("a number (`f{bits}`)")),
                    TypeRef::Json if matches!(derive, "Hash" | "PartialOrd" | "Ord") => Some("free-form JSON (`serde_json::Value`)".into()),
                    _ => None,
                };
                if let Some(why) = why {
                    return Err(place(&format!("{at} is {why}")));
                }
                if let TypeRef::Named(next) = inner {
                    let via = if via.is_empty() { at.clone() } else { format!("{via}, {at}") };
                    stack.push((next.clone(), via));
                }
            }
        }
    }
    Ok(seen.into_iter().filter(|n| api.type_named(n).is_some_and(|t| !matches!(t.kind, TypeKind::Alias(_)))).collect())
}

/// What is wrong with a derive, if anything: not a path, or one every
/// model derives already.
fn derive_problem(derive: &str) -> Option<String> {
    if syn::parse_str::<syn::Path>(derive).is_err() {
        return Some(format!("`{derive}` is not a derive macro's path (as `Hash` or `schemars::JsonSchema`)"));
    }
    let last = derive.rsplit("::").next().unwrap_or(derive);
    matches!(last, "Clone" | "Debug" | "PartialEq" | "Serialize" | "Deserialize" | "Default")
        .then(|| format!("every model has `{last}` already (`Default` where each field has a default), so it cannot be added"))
}

/// A component schema's key from `Key` or `#/components/schemas/Key`.
fn schema_key(doc: &OpenAPI, given: &str) -> Option<String> {
    let key = match given.strip_prefix("#/components/schemas/") {
        Some(k) => unescape_token(k).into_owned(),
        None => given.to_owned(),
    };
    doc.components.as_ref()?.schemas.contains_key(&key).then_some(key)
}

/// `METHOD /path-glob` (or `* /glob`, or just `/glob`) as a matcher.
fn path_matcher(text: &str) -> Result<Matcher, String> {
    let (method, glob) = match text.split_once(char::is_whitespace) {
        Some((m, g)) if !m.starts_with('/') => (Some(m), g.trim()),
        _ => (None, text.trim()),
    };
    let method = match method {
        None | Some("*") => None,
        Some(m) => Some(HttpMethod::ALL.into_iter().find(|h| h.as_str().eq_ignore_ascii_case(m)).ok_or_else(|| {
            format!("`{m}` in `{text}` is not an HTTP method (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE or `*`)")
        })?),
    };
    if !glob.starts_with('/') && !glob.starts_with('*') {
        return Err(format!("`{text}` is not `METHOD /path` (the path starts with `/`)"));
    }
    // Braces are literal: path templates (`/pets/{petId}`) match as written.
    let escaped = glob.replace('{', "[{]").replace('}', "[}]");
    let matcher = GlobBuilder::new(&escaped)
        .literal_separator(false)
        .build()
        .map_err(|e| format!("`{glob}` is not a valid glob: {}", e.kind()))?
        .compile_matcher();
    Ok(Matcher::Path(method, matcher))
}

/// `MAJOR.MINOR.PATCH`, with an optional `-pre` or `+build`.
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A TOML key, quoted unless bare.
fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        key.to_owned()
    } else {
        toml::Value::String(key.to_owned()).to_string()
    }
}

/// A diagnostic at a byte range of the config file.
fn at(file: &SourceFile, span: Range<usize>, message: String, severity: Severity) -> Diagnostic {
    let mut d = Diagnostic::error(&file.path, "", message);
    d.severity = severity;
    d.location = Some(location(&file.text, span.start));
    d
}

/// The line and column (both from 1, the column in characters) of a byte offset.
fn location(text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Location { line, column }
}

fn render_error(mut errors: Vec<Diagnostic>, file: &SourceFile) -> GenerateError {
    errors.sort_by_key(|d| (d.severity != Severity::Error, d.location.map(|l| (l.line, l.column))));
    let count = errors.iter().filter(|d| d.severity == Severity::Error).count();
    let mut rendered = String::new();
    for d in &errors {
        rendered.push_str(d.render(Some(file)).trim_end());
        rendered.push_str("\n\n");
    }
    rendered.push_str(&format!("error: could not generate the crate: {count} error{}", if count == 1 { "" } else { "s" }));
    GenerateError { diagnostics: errors, rendered }
}
