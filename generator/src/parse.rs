//! Reading an OpenAPI document: the text into the typed `openapiv3` model.
//!
//! A 3.0 document that the typed parse accepts costs one plain parse: the
//! common case stays fast. Anything else (a 3.1 or 3.2 document, a 3.0 one
//! with a 3.1 spelling, a document with an error) is read as a YAML tree,
//! its version checked, rewritten into the 3.0 shape by
//! [`upgrade`](crate::upgrade) (a Swagger 2.0 document as a whole), and
//! then read; an error is located at the innermost node that does not
//! read, in the original text.

use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
use crate::shape::{innermost_error, path_to_pointer, strip_path_prefix, Node};
use crate::source::Location;
use crate::upgrade::{Dialect, Moves, Upgrader};

// Stages after parsing name these through here.
pub use crate::source::SourceFile;

/// A document read into the `openapiv3` model.
#[derive(Debug)]
pub struct Parsed {
    /// The model.
    pub doc: openapiv3::OpenAPI,
    /// The OpenAPI version it was written in.
    pub dialect: Dialect,
    /// The document as a tree, when it was read as one (every document but
    /// a 3.0 one the typed parse took at once): what `$ref`s from other
    /// files into it are read from, rewritten like the rest.
    pub tree: Option<Value>,
    /// What the rewriting moved, to take later diagnostics back to the text.
    pub moves: Moves,
    /// Warnings: 3.1 constructs left out, spellings of another version read
    /// as that version reads them.
    pub warnings: Vec<Diagnostic>,
    /// A Swagger 2.0 document's `produces`: what the responses in its other
    /// files are served as (empty otherwise).
    pub produces: Vec<String>,
    /// A Swagger 2.0 document's local `$ref`s, rewritten: `(as rewritten,
    /// as written)` by the pointer of their node (empty otherwise).
    pub refs: std::collections::HashMap<String, (String, String)>,
}

/// Reads a spec from disk.
pub fn read_spec(path: &std::path::Path) -> Result<SourceFile, Box<Diagnostic>> {
    SourceFile::read(path).map_err(|e| {
        Box::new(Diagnostic::error(path, "", format!("cannot read the spec: {e}")).with_hint("check the path given with --spec"))
    })
}

/// Parses the text into the `openapiv3` model. YAML is a superset of JSON, so
/// both go through the YAML parser.
///
/// A valid 3.0 document costs one plain parse. Tracking the path of every
/// node (to say where an error is) slows parsing by a tenth or more, so only
/// a document that fails is parsed again with it.
pub fn parse_openapi(file: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    if file.text.trim().is_empty() {
        return Err(vec![empty(file)]);
    }
    // What the typed parse cannot see goes the tree's way: `nullable` beside
    // a `$ref` (it drops a `$ref`'s siblings), YAML merge keys (it reads
    // `<<` as an unknown key), `not` beside a type (it keeps the `not` and
    // drops the type), an operation's `callbacks` (left out with a warning,
    // since it cannot read one that is a `$ref`). On Datadog v1 the tree's
    // way costs as much as the typed parse: 85 ms against 64-87 ms.
    let json = file.text.trim_start().starts_with('{');
    let tree_only = file.text.contains("nullable")
        || (!json && file.text.contains("<<"))
        || file.text.contains(if json { "\"not\"" } else { "not:" })
        || file.text.contains(if json { "\"callbacks\"" } else { "callbacks:" });
    // A document that says it is not 3.0 goes the tree's way anyway: on
    // Discord (3.1) the typed attempt cost 47 ms of a 330 ms run.
    let typed_doc = if tree_only || declared_version(&file.text).is_some_and(|v| Dialect::of(v) != Some(Dialect::V3_0)) {
        None
    } else {
        typed(&file.text)
    };
    if let Some(doc) = typed_doc {
        if Dialect::of(&doc.openapi) == Some(Dialect::V3_0) {
            let moves = Moves::default();
            let (warnings, produces, refs) = (Vec::new(), Vec::new(), std::collections::HashMap::new());
            return Ok(Parsed { doc, dialect: Dialect::V3_0, tree: None, moves, warnings, produces, refs });
        }
    }
    let mut tree = match tree(&file.text) {
        Ok(Value::Null) => return Err(vec![empty(file)]),
        Ok(tree) => tree,
        Err(_) => return Err(vec![not_yaml(file)]),
    };
    let dialect = dialect(&tree, file).map_err(|d| vec![*d])?;
    let mut upgrader = Upgrader::new(dialect, &file.path);
    upgrader.document(&mut tree);
    let Upgrader { moves, diagnostics: mut warnings, produces, refs, .. } = upgrader;
    if warnings.iter().any(|d| d.severity == crate::diagnostics::Severity::Error) {
        return Err(warnings);
    }
    match openapiv3::OpenAPI::deserialize(&tree) {
        Ok(doc) => Ok(Parsed { doc, dialect, tree: Some(tree), moves, warnings, produces, refs }),
        Err(e) => {
            let (pointer, message) =
                innermost_error(&tree, Node::Document, "").unwrap_or_else(|| (String::new(), strip_path_prefix(&e.to_string())));
            let label = dialect.label();
            let d = Diagnostic::error(&file.path, &moves.original(&pointer), format!("not a valid OpenAPI {label} document: {message}"))
                .with_hint(format!("check this node against the OpenAPI {label} specification"));
            warnings.insert(0, d);
            Err(warnings)
        }
    }
}

/// The version the document declares (`openapi: 3.1.0`, `"swagger":
/// "2.0"`), found by a look at the text alone: a top-level line starting
/// `openapi:`/`swagger:` in YAML, the first `"openapi"`/`"swagger"` key in
/// JSON. `None` when the look finds none. Only a hint of which parse to try
/// first: either parse gives the same document.
fn declared_version(text: &str) -> Option<&str> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let (rest, json) = if text.starts_with('{') {
        let at = ["\"openapi\"", "\"swagger\""].iter().filter_map(|k| text.find(k).map(|i| i + k.len())).min()?;
        (text[at..].trim_start().strip_prefix(':')?, true)
    } else {
        let line = text.lines().find(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))?;
        (&line[8..], false)
    };
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || (!json && *c == '\''));
    let rest = if quote.is_some() { &rest[1..] } else { rest };
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|v| !v.is_empty())
}

/// The text read straight into the model, when it reads: a JSON document
/// by serde_json (three to four times faster than the YAML parser, to the
/// same model: see [`tree`]), anything else, or JSON serde_json refuses, by
/// serde_yaml.
///
/// `openapiv3` panics where a schema or other `$ref`-able node repeats a
/// key ("somehow this parsed successfully the second time": its
/// `ReferenceOr` reads the node once as the type, which refuses the
/// repeat, then as a JSON value, which takes it); such a text is left to
/// the tree, which reports the repeated key where it is.
fn typed(text: &str) -> Option<openapiv3::OpenAPI> {
    unpanicked(|| {
        if text.trim_start().starts_with('{') {
            if let Ok(doc) = serde_json::from_str::<openapiv3::OpenAPI>(text) {
                return Some(doc);
            }
        }
        if let Some(doc) = split_typed(text) {
            return Some(doc);
        }
        serde_yaml::from_str::<openapiv3::OpenAPI>(text).ok()
    })
}

/// A big YAML document read by two threads: on one its top-level `paths`
/// block and the first entries of `components.schemas`, about half the
/// text; the rest (with `paths: {}` in the block's place) on this one. On
/// the synthetic bench's 10,000 schemas the typed parse is the longest
/// serial step, and the other core is otherwise idle while it runs.
///
/// The same document as the whole read, or `None`: each piece is read as
/// the whole read reads it (fields of structs, straight from the parser's
/// events), the rest is the same text less what the other piece read, and
/// any piece that does not read (an alias across the seam, say), or a
/// schema named in both, sends the text back to the whole read. Only a
/// text whose seams are plain: one top-level `paths:` line ended by
/// another top-level key, schema entries in block style, no second YAML
/// document.
fn split_typed(text: &str) -> Option<openapiv3::OpenAPI> {
    split_typed_from(text, 256 * 1024)
}

/// [`split_typed`] for a text of at least `at_least` bytes (below, a
/// thread costs more than it saves).
fn split_typed_from(text: &str, at_least: usize) -> Option<openapiv3::OpenAPI> {
    if text.len() < at_least || text.trim_start().starts_with('{') {
        return None;
    }
    let paths = paths_block(text)?;
    let half = text.len() / 2;
    let mut share = paths.map_or(0, |(start, end)| end - start);
    // The first `taken` schema entries go with `paths`, up to half the text.
    let (mut entries, mut taken) = (None, 0);
    if let Some(chunks) = crate::patch::chunks(text).filter(|c| !c.json && c.starts.len() > 1 && share < half) {
        let bounds: Vec<usize> = chunks.starts.iter().copied().chain([chunks.end]).collect();
        // At least one entry stays, so the rest's `schemas` is not empty.
        while taken + 1 < chunks.starts.len() && share + (bounds[taken + 1] - bounds[taken]) <= half {
            share += bounds[taken + 1] - bounds[taken];
            taken += 1;
        }
        entries = (taken > 0).then(|| (bounds[0], bounds[taken]));
    }
    // Too small a share is not worth a thread.
    if share < text.len() / 8 {
        return None;
    }
    #[derive(Deserialize)]
    struct Piece {
        paths: Option<openapiv3::Paths>,
        components: Option<PieceComponents>,
    }
    #[derive(Deserialize)]
    struct PieceComponents {
        schemas: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>,
    }
    // The two pieces' texts: the cuts in text order, each either given to
    // the piece (and replaced in the rest) or left.
    let mut cuts: Vec<(usize, usize, &str)> = Vec::new();
    cuts.extend(paths.map(|(start, end)| (start, end, "paths: {}\n")));
    cuts.extend(entries.map(|(start, end)| (start, end, "")));
    cuts.sort_unstable();
    if cuts.windows(2).any(|w| w[0].1 > w[1].0) {
        return None;
    }
    let (mut rest, mut at) = (String::with_capacity(text.len()), 0);
    for &(start, end, instead) in &cuts {
        rest.push_str(&text[at..start]);
        rest.push_str(instead);
        at = end;
    }
    rest.push_str(&text[at..]);
    let mut piece = String::with_capacity(share + 32);
    if let Some((start, end)) = paths {
        piece.push_str(&text[start..end]);
    }
    if let Some((start, end)) = entries {
        piece.push_str("components:\n schemas:\n");
        piece.push_str(&text[start..end]);
    }
    std::thread::scope(|scope| {
        // The main thread's stack, not a spawned thread's 2 MiB: a deeply
        // nested spec must not overflow here where the whole read would not.
        let piece =
            std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, || serde_yaml::from_str::<Piece>(&piece).ok()).ok()?;
        let doc = serde_yaml::from_str::<openapiv3::OpenAPI>(&rest).ok();
        let piece = piece.join().ok().flatten();
        let (mut doc, piece) = (doc?, piece?);
        // A block that reads as nothing (`paths:` alone is null) is not
        // what the whole read would take.
        if paths.is_some() {
            doc.paths = piece.paths?;
        }
        if entries.is_some() {
            let PieceComponents { mut schemas } = piece.components?;
            let components = doc.components.as_mut()?;
            let others = std::mem::take(&mut components.schemas);
            for (name, schema) in others {
                if schemas.insert(name, schema).is_some() {
                    return None;
                }
            }
            components.schemas = schemas;
        }
        Some(doc)
    })
}

/// The byte range of the top-level `paths:` block, from its key's line to
/// the next line that starts another top-level key: `Some(None)` when
/// there is no such line, `None` when the seams are not plain (two such
/// lines, a next top-level line that is not plainly a key, a line that
/// starts a second document).
fn paths_block(text: &str) -> Option<Option<(usize, usize)>> {
    let mut start = None;
    let mut end = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let here = at;
        at += line.len();
        let first = line.as_bytes().first().copied().unwrap_or(b' ');
        if matches!(first, b' ' | b'\t' | b'\r' | b'\n' | b'#') {
            continue;
        }
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let content = line.trim_end();
        if content == "paths:" || content.starts_with("paths: #") {
            if start.is_some() {
                return None;
            }
            start = Some(here);
            continue;
        }
        if start.is_some() && end.is_none() {
            // The next top-level line must plainly be a key: a name, then `:`.
            let key = content.split_once(':').map(|(k, _)| k);
            let plain = key.is_some_and(|k| {
                !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'$')
            });
            if !plain {
                return None;
            }
            end = Some(here);
        }
    }
    Some(start.map(|start| (start, end.unwrap_or(text.len()))))
}

/// `f`'s result, or `None` when it panics, without the panic's message.
/// The hook is the process's: a panic on another thread meanwhile would
/// go unprinted too (it still ends that thread, as before).
fn unpanicked<T>(f: impl FnOnce() -> Option<T> + std::panic::UnwindSafe) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(hook);
    result.ok().flatten()
}

/// The text as a YAML tree.
///
/// As `serde_yaml::Value` reads it, except that an integer beyond 64 bits
/// (DigitalOcean's `maximum: 18446744073709552000`, chaingateway's example
/// `ts: -9223372036854776000`) is the nearest `f64` rather than an error:
/// it can only be a bound or an example, which no Rust integer the
/// generator emits could hold, and reading it approximately is what
/// JavaScript tools do.
///
/// A JSON document (Discord's) is read by serde_json, to the same values
/// (duplicate keys refused alike), several times faster than through the
/// YAML parser, and it also takes JSON that YAML refuses (SendGrid's
/// example strings hold raw C1 control characters). Text serde_json
/// refuses goes the YAML way, and a failure is YAML's error.
///
/// YAML merge keys (`<<: *base`, `<<: [*a, *b]`), which YAML 1.1 defines
/// and hand-written specs use to share fields, are applied: the merged
/// mappings' entries take the place of the `<<` entry, in order, unless the
/// mapping gives that key itself, and an earlier mapping of a list wins
/// over a later one.
pub(crate) fn tree(text: &str) -> Result<Value, serde_yaml::Error> {
    if text.trim_start().starts_with('{') {
        if let Ok(Wide(json)) = serde_json::from_str::<Wide>(text) {
            return Ok(json);
        }
    }
    let mut value = serde_yaml::from_str::<Wide>(text).map(|w| w.0)?;
    if text.contains("<<") {
        merge_keys(&mut value, "").map_err(<serde_yaml::Error as serde::de::Error>::custom)?;
    }
    Ok(value)
}

/// Applies the merge keys in `value`, at `at` (see [`tree`]).
fn merge_keys(value: &mut Value, at: &str) -> Result<(), String> {
    match value {
        Value::Mapping(map) => {
            if map.contains_key("<<") {
                let written = std::mem::take(map);
                let given: Vec<Value> = written.keys().filter(|k| k.as_str() != Some("<<")).cloned().collect();
                for (k, v) in written {
                    if k.as_str() != Some("<<") {
                        map.insert(k, v);
                        continue;
                    }
                    let here = format!("{at}/<<");
                    let sources = match v {
                        Value::Sequence(items) => items,
                        single => vec![single],
                    };
                    for mut source in sources {
                        // A merged mapping may merge others itself.
                        merge_keys(&mut source, &here)?;
                        let Value::Mapping(entries) = source else {
                            return Err(format!("the YAML merge key `<<` at {here} takes a mapping (`<<: *name`) or a list of them"));
                        };
                        for (k, v) in entries {
                            if !given.contains(&k) && !map.contains_key(&k) {
                                map.insert(k, v);
                            }
                        }
                    }
                }
            }
            for (k, v) in map.iter_mut() {
                let token = crate::shape::scalar_key(k).unwrap_or_default();
                merge_keys(v, &format!("{at}/{}", crate::source::escape_token(&token)))?;
            }
            Ok(())
        }
        Value::Sequence(items) => items.iter_mut().enumerate().try_for_each(|(i, item)| merge_keys(item, &format!("{at}/{i}"))),
        Value::Tagged(tagged) => merge_keys(&mut tagged.value, at),
        _ => Ok(()),
    }
}

/// A [`Value`] read with integers of any size (see [`tree`]).
struct Wide(Value);

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(i64::try_from(v).map_or_else(|_| Value::Number((v as f64).into()), |v| Value::Number(v.into())))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(u64::try_from(v).map_or_else(|_| Value::Number((v as f64).into()), |v| Value::Number(v.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Wide::deserialize(deserializer).map(|w| w.0)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(Wide(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                let shown = serde_yaml::to_string(&key).unwrap_or_default();
                return Err(serde::de::Error::custom(format!("duplicate entry with key {}", shown.trim())));
            }
            let Wide(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess as _;
        let (tag, variant) = data.variant::<String>()?;
        let Wide(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue { tag: serde_yaml::value::Tag::new(tag), value })))
    }
}

/// An empty file (or one of whitespace and comments): shown at its start.
fn empty(file: &SourceFile) -> Diagnostic {
    let mut d = Diagnostic::error(&file.path, "", "the spec is empty")
        .with_hint("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x), then `info` and `paths`");
    d.location = Some(Location::START);
    d
}

/// Text that is not YAML: where the parser stopped, and in which node, from
/// a typed parse that tracks its path.
fn not_yaml(file: &SourceFile) -> Diagnostic {
    let de = serde_yaml::Deserializer::from_str(&file.text);
    let (pointer, message, location) = match serde_path_to_error::deserialize::<_, Wide>(de) {
        Ok(_) => (String::new(), "the text does not parse".to_owned(), None),
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            let inner = err.into_inner();
            let location = inner.location().map(|l| Location { line: l.line(), column: l.column() });
            (pointer, strip_path_prefix(&inner.to_string()), location)
        }
    };
    // A key given twice is valid syntax that no reader may take: shown
    // where it comes again, when the mapping is in block style.
    let (mut d, location) = match message.strip_prefix("duplicate entry with key ") {
        Some(key) => {
            let key = key.trim_matches(['"', '\'']);
            let d = Diagnostic::error(&file.path, &pointer, format!("the key `{key}` is given twice in this mapping"))
                .with_hint("keep one of them: YAML and JSON readers disagree on which one counts");
            (d, location.map(|at| second_key(&file.text, at, key).unwrap_or(at)))
        }
        None => {
            let d = Diagnostic::error(&file.path, &pointer, format!("not valid YAML or JSON: {message}"))
                .with_hint("fix the syntax here; `at` names the node the parser was reading");
            (d, location)
        }
    };
    d.location = location;
    d
}

/// Where `key` is written the second time in the block mapping whose first
/// key is at `at`: a line as far in that starts with it.
fn second_key(text: &str, at: Location, key: &str) -> Option<Location> {
    let indent = at.column.checked_sub(1)?;
    let mut seen = 0;
    for (n, line) in text.lines().enumerate().skip(at.line.checked_sub(1)?) {
        let content = line.trim_start_matches(' ');
        let here = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') || (n + 1 == at.line && here != indent) {
            continue;
        }
        if here < indent {
            return None;
        }
        let written = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
        if here == indent && written.iter().any(|w| content.starts_with(w.as_str())) {
            seen += 1;
            if seen == 2 {
                return Some(Location { line: n + 1, column: indent + 1 });
            }
        }
    }
    None
}

/// The OpenAPI version of a document, or why it is none the generator reads.
fn dialect(tree: &Value, file: &SourceFile) -> Result<Dialect, Box<Diagnostic>> {
    let error = |pointer: &str, message: String, hint: &str| Box::new(Diagnostic::error(&file.path, pointer, message).with_hint(hint));
    let Value::Mapping(map) = tree else {
        return Err(error(
            "",
            "not an OpenAPI document: the top level is not a mapping".into(),
            "an OpenAPI document is a mapping that starts with `openapi: 3.1.0` (or 3.0.x)",
        ));
    };
    if let Some(version) = map.get("swagger") {
        return match version {
            Value::String(v) if v.trim() == "2.0" => Ok(Dialect::V2_0),
            // `swagger: 2.0` unquoted: the number, which can mean nothing else.
            Value::Number(n) if n.as_f64() == Some(2.0) => Ok(Dialect::V2_0),
            other => {
                let shown = match other {
                    Value::String(v) => v.clone(),
                    other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
                };
                Err(error(
                    "/swagger",
                    format!("Swagger version `{shown}` is not supported"),
                    "the generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x documents",
                ))
            }
        };
    }
    match map.get("openapi") {
        None => Err(error(
            "",
            "not an OpenAPI document: it has no `openapi` version".into(),
            "an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x)",
        )),
        Some(Value::String(version)) => Dialect::of(version).ok_or_else(|| {
            error(
                "/openapi",
                format!("OpenAPI version `{version}` is not supported"),
                "the generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x documents, and Swagger 2.0 ones",
            )
        }),
        Some(_) => Err(error(
            "/openapi",
            "the `openapi` version is not a string".into(),
            "quote it (`openapi: \"3.1.0\"`): YAML reads 3.1 as a number",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec of `n` schemas and an operation per schema, with the seams
    /// `split_typed` cuts at: `paths` first or last, extensions and
    /// comments beside them.
    fn split_spec(n: usize, paths_first: bool) -> String {
        let mut paths = String::from("paths:\n");
        let mut schemas = String::from("components:\n  x-kept: [1, 2]\n  schemas:\n");
        for i in 0..n {
            paths.push_str(&format!(
                "  /things{i}:\n    get:\n      operationId: getThing{i}\n      description: |\n        Thing\n        number {i}.\n      responses:\n        200:\n          description: OK\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing{i}'}}\n"
            ));
            schemas.push_str(&format!(
                "    # The thing.\n    Thing{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: string, example: \"{i}\"}}\n        next: {{$ref: '#/components/schemas/Thing{next}'}}\n",
                next = (i + 1) % n
            ));
        }
        let head = "openapi: 3.0.3\ninfo: {title: Split, version: '1'}\nx-top: {a: 1}\n";
        if paths_first {
            format!("{head}{paths}# between\n{schemas}tags: [{{name: t}}]\n")
        } else {
            format!("{head}{schemas}{paths}")
        }
    }

    fn whole(text: &str) -> openapiv3::OpenAPI {
        serde_yaml::from_str(text).expect("the whole text reads")
    }

    #[test]
    fn a_document_read_in_two_pieces_is_the_document_read_whole() {
        for paths_first in [true, false] {
            let text = split_spec(300, paths_first);
            let split = split_typed_from(&text, 0).expect("the seams are plain");
            assert!(split == whole(&text), "paths first: {paths_first}");
            let names: Vec<&String> = split.components.as_ref().expect("components").schemas.keys().collect();
            assert_eq!(names.len(), 300);
            assert!(names.iter().enumerate().all(|(i, name)| **name == format!("Thing{i}")), "the schemas keep their order");
        }
        // Below the size a thread pays for, and JSON, are read whole.
        assert!(split_typed_from(&split_spec(3, true), 1 << 20).is_none());
        assert!(split_typed_from("{\"openapi\": \"3.0.3\"}", 0).is_none());
    }

    #[test]
    fn a_document_whose_seams_are_not_plain_is_read_whole() {
        let text = split_spec(300, true);
        // An alias in one piece of an anchor in the other.
        let aliased = text.replacen("x-top: {a: 1}", "x-top: &top {a: 1}", 1).replacen(
            "description: OK",
            "description: OK\n          x-same: *top",
            1,
        );
        assert!(split_typed_from(&aliased, 0).is_none());
        assert!(whole(&aliased).paths.paths.len() == 300);
        // A schema named in both pieces, `paths` twice, a second document,
        // a `paths:` that reads as nothing.
        let twice = format!("{text}    Thing0: {{type: string}}\n");
        assert!(split_typed_from(&twice, 0).is_none());
        assert!(split_typed_from(&format!("{text}paths: {{}}\n"), 0).is_none());
        assert!(split_typed_from(&format!("{text}---\nopenapi: 3.0.3\n"), 0).is_none());
        let empty = text.replacen("paths:\n", "paths:\nx-first: 1\nx-paths:\n", 1);
        assert!(split_typed_from(&empty, 0).is_none());
    }

    #[test]
    fn the_declared_version_is_found_in_the_text() {
        assert_eq!(declared_version("openapi: 3.1.0\ninfo: {}\n"), Some("3.1.0"));
        assert_eq!(declared_version("info:\n  openapi: x\nopenapi: '3.0.3'\n"), Some("3.0.3"));
        assert_eq!(declared_version("swagger: \"2.0\"\n"), Some("2.0"));
        assert_eq!(declared_version("\u{feff}{\"info\": {}, \"openapi\" : \"3.1.0\"}"), Some("3.1.0"));
        assert_eq!(declared_version("{\"swagger\": \"2.0\", \"x\": {\"openapi\": 1}}"), Some("2.0"));
        assert_eq!(declared_version("info: {}\n"), None);
        assert_eq!(declared_version("{\"openapi\": 3}"), Some("3"));
    }

    #[test]
    fn json_documents_read_exactly_as_written() {
        // A float serde_json's fast path reads one unit in the last place
        // off, and a U+2028 that YAML would fold as a line break.
        for version in ["3.0.3", "3.1.0"] {
            let text = format!(
                r#"{{"openapi": "{version}", "info": {{"title": "t", "version": "1", "description": "a\u2028b"}}, "paths": {{}},
                   "components": {{"schemas": {{"P": {{"type": "number", "example": 13.393560493637775}}}}}}}}"#
            );
            let parsed = parse_openapi(&SourceFile::new("t.json", text)).expect("parses");
            assert_eq!(parsed.doc.info.description.as_deref(), Some("a\u{2028}b"), "{version}");
            let schemas = &parsed.doc.components.expect("components").schemas;
            let Some(openapiv3::ReferenceOr::Item(p)) = schemas.get("P") else { panic!("no P") };
            assert_eq!(p.schema_data.example, Some(serde_json::json!(13.393560493637775)), "{version}");
            assert_eq!(p.schema_data.example.as_ref().map(ToString::to_string).as_deref(), Some("13.393560493637775"), "{version}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_document() {
        let text = "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let parsed = parse_openapi(&SourceFile::new("t.yaml", text)).expect("parses");
        assert_eq!(parsed.doc.info.title, "t");
        let file = SourceFile::new("t.yaml", "\u{feff}openapi: 3.0.3\ninfo: 7\npaths: {}\n");
        let d = parse_openapi(&file).expect_err("`info` is no mapping").remove(0);
        assert_eq!(d.pointer, "/info");
        assert_eq!(file.locate("/openapi").map(|l| (l.line, l.column)), Some((1, 1)));
        assert_eq!(file.locate("/info").map(|l| (l.line, l.column)), Some((2, 1)));
    }

    #[test]
    fn merge_keys_are_applied_in_place_with_given_keys_and_earlier_sources_winning() {
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2, <<: *a}\nc: {w: 0, <<: [*b, *a], z: 3}\n";
        let value = tree(text).expect("parses");
        let c = serde_yaml::to_string(&value["c"]).expect("prints");
        // `b`'s own merge is applied first (its `y` wins over `a`'s), then
        // `c`'s: `w`, the merged `y` and `x` where `<<` was, then its own `z`.
        assert_eq!(c, "w: 0\ny: 2\nx: 1\nz: 3\n");
        assert!(serde_yaml::to_string(&value).expect("prints").find("<<").is_none());
        let e = tree("a: {<<: 3}\n").expect_err("a scalar is no mapping to merge");
        assert_eq!(e.to_string(), "the YAML merge key `<<` at /a/<< takes a mapping (`<<: *name`) or a list of them");
    }

    /// The first diagnostic of a document that does not parse.
    fn first_error(text: &str) -> Diagnostic {
        let file = SourceFile::new("t.yaml", text);
        match parse_openapi(&file) {
            Ok(_) => panic!("the document parses:\n{text}"),
            Err(ds) => ds.into_iter().next().expect("a diagnostic"),
        }
    }

    /// Integers beyond 64 bits (DigitalOcean's `maximum`, an example's
    /// timestamp) are read as the nearest `f64`; within 64 bits they stay
    /// exact, and a duplicate key is still an error. JSON that YAML
    /// refuses is read as JSON.
    #[test]
    fn integers_beyond_64_bits_are_read_as_floats() {
        let wide = tree("a: 18446744073709552000\nb: -9223372036854776000\nc: 18446744073709551615\nd: -9223372036854775808\n").unwrap();
        assert_eq!(wide["a"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(wide["a"].as_u64(), None);
        assert_eq!(wide["b"].as_f64(), Some(-9_223_372_036_854_776_000.0));
        assert_eq!(wide["c"].as_u64(), Some(u64::MAX));
        assert_eq!(wide["d"].as_i64(), Some(i64::MIN));
        let error = tree("a: 1\na: 2\n").expect_err("a duplicate key");
        assert!(error.to_string().contains("duplicate entry with key a"), "{error}");
        // JSON with a raw C1 control in a string: YAML refuses it, JSON does not.
        let json = tree("{\"a\": \"x\u{9f}y\", \"b\": [1, 2.5]}").unwrap();
        assert_eq!(json["a"].as_str(), Some("x\u{9f}y"));
        assert_eq!(json["b"][1].as_f64(), Some(2.5));
        // Neither YAML nor JSON: YAML's error, which the caller locates.
        let error = tree("{\"a\": \"x\u{9f}y\",}").expect_err("not JSON either");
        assert!(error.to_string().contains("control characters are not allowed"), "{error}");
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big: {type: integer, maximum: 99999999999999999999999, example: 18446744073709552000}\n";
        let parsed = parse_openapi(&SourceFile::new("t.yaml", text)).unwrap_or_else(|e| panic!("{e:?}"));
        let big = &parsed.doc.components.unwrap().schemas["Big"];
        let openapiv3::ReferenceOr::Item(big) = big else { panic!("inline") };
        assert_eq!(big.schema_data.example, Some(serde_json::json!(18_446_744_073_709_552_000.0)));
    }

    #[test]
    fn a_node_of_the_wrong_type_is_found_inside_flattened_structs() {
        let error = |text: &str| {
            let d = first_error(&format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{text}"));
            (d.pointer, d.message)
        };
        let (pointer, message) =
            error("paths: {/a: {get: {responses: {'200': {description: OK, content: {application/json: {schema: {items: [1]}}}}}}}}");
        assert_eq!(pointer, "/paths/~1a/get/responses/200/content/application~1json/schema/items");
        assert!(message.contains("expected struct Schema"), "{message}");
        let (pointer, _) = error("paths: {}\ncomponents: {parameters: {P: {name: p, in: header, schema: {properties: {x: 1}}}}}");
        assert_eq!(pointer, "/components/parameters/P/schema/properties/x");
        // Not YAML at all: where the parser was.
        let (pointer, message) = error("paths: {/a: [}");
        assert_eq!(pointer, "/paths/~1a");
        assert!(message.contains("did not find expected"), "{message}");
    }

    #[test]
    fn empty_files_are_located_at_their_start() {
        for text in ["", "  \n\t\n", "# only a comment\n"] {
            let d = first_error(text);
            assert_eq!(d.location, Some(Location::START), "{text:?}");
            assert!(d.message.contains("empty"), "{}", d.message);
        }
    }

    #[test]
    fn versions_are_checked() {
        let d = first_error("swagger: '1.2'\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!((d.pointer.as_str(), d.message.as_str()), ("/swagger", "Swagger version `1.2` is not supported"));
        let d = first_error("openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!(d.pointer, "/openapi");
        let d = first_error("info: {title: T, version: '1'}\npaths: {}\n");
        assert!(d.message.contains("no `openapi` version"), "{}", d.message);
        let d = first_error("- a\n- b\n");
        assert!(d.message.contains("not a mapping"), "{}", d.message);
    }

    #[test]
    fn documents_of_each_version_are_read() {
        for version in ["3.0.3", "3.1.0", "3.2.0"] {
            let file = SourceFile::new("t.yaml", format!("openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n"));
            let parsed = parse_openapi(&file).unwrap_or_else(|e| panic!("{version}: {e:?}"));
            assert_eq!(parsed.dialect.label(), &version[..3]);
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        }
        // 3.1 lets `paths` out.
        let file = SourceFile::new("t.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n");
        assert!(parse_openapi(&file).is_ok());
        // Swagger 2.0, quoted or not.
        for version in ["'2.0'", "2.0"] {
            let file = SourceFile::new("t.yaml", format!("swagger: {version}\ninfo: {{title: T, version: '1'}}\nhost: h\npaths: {{}}\n"));
            let parsed = parse_openapi(&file).unwrap_or_else(|e| panic!("{version}: {e:?}"));
            assert_eq!((parsed.dialect, parsed.doc.openapi.as_str()), (Dialect::V2_0, "3.0.3"));
            assert_eq!(parsed.doc.servers[0].url, "https://h");
        }
    }

    /// A Swagger 2.0 document's nodes move (`definitions` into
    /// `components.schemas`, a body parameter's schema into the request
    /// body); an error in one is shown where it is written.
    #[test]
    fn an_error_in_a_moved_2_0_node_points_at_the_original() {
        let head = "swagger: '2.0'\ninfo: {title: T, version: '1'}\n";
        let text = format!("{head}paths: {{}}\ndefinitions:\n  A:\n    type: object\n    properties:\n      x: 42\n");
        let d = first_error(&text);
        assert_eq!(d.pointer, "/definitions/A/properties/x");
        assert_eq!(SourceFile::new("t.yaml", text).locate(&d.pointer).map(|l| l.line), Some(8));
        let text = format!(
            "{head}paths:\n  /pets:\n    post:\n      parameters:\n        - name: pet\n          in: body\n          schema:\n            items: [1]\n      responses: {{}}\n"
        );
        let d = first_error(&text);
        assert_eq!(d.pointer, "/paths/~1pets/post/parameters/0/schema/items");
        assert!(d.message.starts_with("not a valid OpenAPI 2.0 document"), "{}", d.message);
        assert_eq!(SourceFile::new("t.yaml", text).locate(&d.pointer).map(|l| l.line), Some(10));
    }

    /// A 3.0 document with a 3.1 spelling that has one meaning: read, with a
    /// warning at the spelling (TGI's numeric `exclusiveMinimum`).
    #[test]
    fn a_numeric_exclusive_bound_in_3_0_is_forgiven_with_a_warning() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    N:\n      type: number\n      exclusiveMinimum: 0\n";
        let parsed = parse_openapi(&SourceFile::new("t.yaml", text)).expect("read");
        assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
        assert_eq!(parsed.warnings[0].pointer, "/components/schemas/N/exclusiveMinimum");
        let schema = &parsed.doc.components.expect("components").schemas["N"];
        let openapiv3::ReferenceOr::Item(schema) = schema else { panic!("{schema:?}") };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Number(n)) = &schema.schema_kind else { panic!("{schema:?}") };
        assert_eq!((n.minimum, n.exclusive_minimum), (Some(0.0), true));
    }

    /// A node that the rewriting moved is still reported where it was written.
    #[test]
    fn an_error_in_a_moved_node_points_at_the_original() {
        let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      oneOf:\n        - type: 'null'\n        - type: object\n          properties:\n            x: 42\n";
        let d = first_error(text);
        assert_eq!(d.pointer, "/components/schemas/A/oneOf/1/properties/x");
        let file = SourceFile::new("t.yaml", text);
        assert_eq!(file.locate(&d.pointer).map(|l| l.line), Some(11));
    }
}
