//! The output cache: regeneration after a small spec edit, and `--check` on
//! an unchanged spec, without redoing what is known already.
//!
//! One file per spec and crate under a cache folder (xtask uses
//! `target/codegen-cache/`), holding three things, each keyed by a SHA-256
//! of everything it is computed from:
//!
//! - the last run: its files, warnings and summary, under the key of the
//!   generator's own version, the [`Config`] and [`Options`], the spec's
//!   text and the text of every file its `$ref`s reached. A run whose key
//!   matches is that run's output, unchanged; nothing is parsed.
//! - each emitted Rust file by the key of its inputs in the lowered model
//!   (`emit/keys.rs`: the type or operation it is emitted from, the types
//!   those name, the options): after an edit, the files whose inputs did
//!   not change are taken from here, their tokens never built.
//! - formatted Rust by the SHA-256 of the tokens it was formatted from.
//!   Formatting (syn parsing quote's tokens, prettyplease printing them) is
//!   a pure function of the tokens: a file whose inputs changed but whose
//!   tokens did not (a file listing every type, after a description
//!   changed) is not formatted again. Kept as a range of the file's text,
//!   so a text is stored once.
//!
//! The cache can never change the output: every key covers everything its
//! value is computed from, the generator's version is the SHA-256 of its
//! sources, runtime, templates and `Cargo.lock` (`build.rs`), and a cache
//! file written by another version, or whose checksum does not match its
//! contents (truncated, corrupt), is ignored as if there were none.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use sha2::{Digest, Sha256};

use crate::patch::FileKey;
use crate::{Config, Files, GenerateError, Generated, Options, SourceFile};

/// The generator's own version: a SHA-256 of its sources (see `build.rs`).
pub const GENERATOR_VERSION: &str = env!("GENERATOR_BUILD_HASH");

const MAGIC: &[u8] = b"openapi-rust-codegen cache 3\n";

/// The first bytes of the patch's state file (`patch.rs`).
const STATE_MAGIC: &[u8] = b"openapi-rust-codegen patch 2\n";

/// The first bytes of the file of the patch's deltas.
const DELTA_MAGIC: &[u8] = b"openapi-rust-codegen delta 2\n";

/// How many patched runs are kept as deltas before the state is written
/// whole again.
const MAX_DELTAS: usize = 16;

/// The first bytes of the file of the patch's model.
const MODEL_MAGIC: &[u8] = b"openapi-rust-codegen model 1\n";

/// A SHA-256.
pub(crate) type Key = [u8; 32];

/// The output of a run read from the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The files, by path relative to the crate root.
    pub files: Files,
    /// Warnings, rendered.
    pub warnings: Vec<String>,
    /// How many types the model has.
    pub types: usize,
    /// How many operations.
    pub operations: usize,
    /// The files read from the output folder, and so known to be there
    /// as they are here.
    pub on_disk: std::collections::BTreeSet<String>,
}

/// What [`Cache::generate_from_path`] did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing the output depends on changed since the cached run.
    Unchanged(Run),
    /// An edit of one description, or inside one component schema, patched
    /// into the cached run (`patch.rs`).
    Patched {
        /// The output.
        run: Run,
        /// The Rust files built again.
        rebuilt: usize,
    },
    /// Generated, reusing what the cache held.
    Generated {
        /// The generation.
        generated: Box<Generated>,
        /// The files emitted from the model (every Rust file).
        emitted: usize,
        /// Of those, the files taken whole from the cache: their inputs
        /// had not changed.
        reused: usize,
        /// Of the others, the files formatted (their tokens were new).
        formatted: usize,
    },
}

impl Outcome {
    /// The files.
    pub fn files(&self) -> &Files {
        match self {
            Outcome::Unchanged(run) | Outcome::Patched { run, .. } => &run.files,
            Outcome::Generated { generated, .. } => &generated.files,
        }
    }

    /// The warnings, rendered.
    pub fn warnings(&self) -> &[String] {
        match self {
            Outcome::Unchanged(run) | Outcome::Patched { run, .. } => &run.warnings,
            Outcome::Generated { generated, .. } => &generated.warnings,
        }
    }

    /// The files known to be in the output folder as they are in
    /// [`Outcome::files`] (the cache read them there).
    pub fn on_disk(&self) -> Option<&std::collections::BTreeSet<String>> {
        match self {
            Outcome::Unchanged(run) | Outcome::Patched { run, .. } => Some(&run.on_disk),
            Outcome::Generated { .. } => None,
        }
    }

    /// How many types and operations the model has.
    pub fn summary(&self) -> (usize, usize) {
        match self {
            Outcome::Unchanged(run) | Outcome::Patched { run, .. } => (run.types, run.operations),
            Outcome::Generated { generated, .. } => (generated.api.types.len(), generated.api.operations.len()),
        }
    }
}

/// What a cache file held: its body, and where in it each text is.
#[derive(Debug, Default)]
struct Old {
    /// The cache file, less its checksum: every range is into it.
    body: Vec<u8>,
    run: Option<OldRun>,
    /// Emitted files by the key of their inputs.
    files: HashMap<Key, OldFile>,
    /// Formatted Rust by the key of its tokens.
    formats: HashMap<Key, Range<usize>>,
}

#[derive(Debug)]
struct OldRun {
    key: Key,
    sources: Vec<PathBuf>,
    files: Vec<(String, Range<usize>)>,
    warnings: Vec<String>,
    types: usize,
    operations: usize,
}

/// An emitted file in the old body: its text, and where in the body its
/// formatted part is, with the key of its tokens.
#[derive(Debug)]
struct OldFile {
    text: Range<usize>,
    format: Option<(Key, Range<usize>)>,
}

impl Old {
    fn text(&self, range: &Range<usize>) -> &str {
        // Every range was checked to be UTF-8 when the file was decoded.
        std::str::from_utf8(&self.body[range.clone()]).unwrap_or_default()
    }
}

/// An emitted file as this run keeps it for the next.
#[derive(Debug)]
struct Kept {
    /// Its path: where its text is among the run's files.
    path: String,
    key: Key,
    text: Text,
    /// Its formatted part, and the key of its tokens.
    format: Option<(Key, Format)>,
}

/// Where a kept file's formatted part is.
#[derive(Debug)]
enum Format {
    /// A range of the file's text.
    In(Range<usize>),
    /// A text of its own: the formatted tokens of a file into which items
    /// written as text were spliced are no piece of it.
    Own(Text),
}

#[derive(Debug)]
enum Text {
    /// In the old cache's body.
    Old(Range<usize>),
    New(String),
}

thread_local! {
    /// The formatting this thread did last: the key of the tokens, and the text.
    static LAST_FORMAT: RefCell<Option<(Key, String)>> = const { RefCell::new(None) };
}

/// What emitting reads from the cache and keeps for the next run: files by
/// the key of their inputs, formatted Rust by the key of its tokens.
#[derive(Debug, Default)]
pub(crate) struct FormatMemo {
    old: Old,
    used: Mutex<Vec<Kept>>,
    emitted: AtomicUsize,
    reused: AtomicUsize,
    formatted: AtomicUsize,
}

impl FormatMemo {
    /// The text of the file at `path` whose inputs have the key `key`:
    /// from the cache, or from `build`. Without a key (the file's inputs
    /// cannot be keyed) it is always built, and not kept.
    pub(crate) fn file<E>(&self, path: &str, key: Option<Key>, build: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
        self.emitted.fetch_add(1, Ordering::Relaxed);
        let Some(key) = key else { return build() };
        if let Some(old) = self.old.files.get(&key) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            let format = old.format.as_ref().map(|(k, r)| {
                let within = old.text.start <= r.start && r.end <= old.text.end;
                (*k, if within { Format::In(r.start - old.text.start..r.end - old.text.start) } else { Format::Own(Text::Old(r.clone())) })
            });
            self.keep(Kept { path: path.to_owned(), key, text: Text::Old(old.text.clone()), format });
            return Ok(self.old.text(&old.text).to_owned());
        }
        LAST_FORMAT.with(|last| last.borrow_mut().take());
        let text = build()?;
        let format = LAST_FORMAT.with(|last| last.borrow_mut().take()).map(|(tokens, body)| {
            // The formatted text follows the header line and a blank line,
            // unless items were spliced into it.
            let at = text.find("\n\n").map_or(text.len(), |at| at + 2);
            match text[at..].starts_with(&body) {
                true => (tokens, Format::In(at..at + body.len())),
                false => (tokens, Format::Own(Text::New(body))),
            }
        });
        self.keep(Kept { path: path.to_owned(), key, text: Text::New(text.clone()), format });
        Ok(text)
    }

    /// The formatted text of `tokens`, from the cache or from `format`.
    pub(crate) fn get_or_format<E>(&self, tokens: TokenStream, format: impl FnOnce(TokenStream) -> Result<String, E>) -> Result<String, E> {
        let key = tokens_key(&tokens);
        let text = match self.old.formats.get(&key) {
            Some(range) => self.old.text(range).to_owned(),
            None => {
                self.formatted.fetch_add(1, Ordering::Relaxed);
                format(tokens)?
            }
        };
        LAST_FORMAT.with(|last| *last.borrow_mut() = Some((key, text.clone())));
        Ok(text)
    }

    fn keep(&self, kept: Kept) {
        if let Ok(mut used) = self.used.lock() {
            used.push(kept);
        }
    }
}

/// The cache of one spec and crate.
#[derive(Debug)]
pub struct Cache {
    file: PathBuf,
    /// Read from `file` when first needed: a run the patch serves never
    /// reads it.
    memo: std::sync::OnceLock<FormatMemo>,
    /// The patch's state as read (`patch.rs`): the hash of the state file
    /// written by the last generated run, and the deltas of the patched
    /// runs since, with the delta of the run [`Cache::generate_into`]
    /// patched last, for [`Cache::save_patched`].
    patched: Mutex<Option<(FileKey, Vec<crate::patch::Delta>, crate::patch::State)>>,
    /// The key of the config and options, which the patch's state is for.
    base: Key,
    /// The key of the run [`Cache::generate_from_path`] generated, computed
    /// from the inputs as it read them.
    generated: Mutex<Option<Key>>,
}

impl Cache {
    /// The cache under `dir` for the spec at `spec` and this `config`. A cache
    /// file that is missing, from another generator version, or corrupt
    /// gives an empty cache.
    pub fn open(dir: &Path, spec: &Path, config: &Config, options: &Options) -> Cache {
        let spec = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
        let mut h = Sha256::new();
        field(&mut h, spec.to_string_lossy().as_bytes());
        field(&mut h, format!("{config:?}").as_bytes());
        field(&mut h, format!("{options:?}").as_bytes());
        let name: String = h.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect();
        let file = dir.join(format!("{name}.bin"));
        let mut h = Sha256::new();
        field(&mut h, GENERATOR_VERSION.as_bytes());
        field(&mut h, format!("{config:?}").as_bytes());
        field(&mut h, format!("{options:?}").as_bytes());
        let base = h.finalize().into();
        Cache { file, memo: std::sync::OnceLock::new(), patched: Mutex::new(None), base, generated: Mutex::new(None) }
    }

    fn memo(&self) -> &FormatMemo {
        self.memo.get_or_init(|| FormatMemo {
            old: std::fs::read(&self.file).ok().and_then(decode).unwrap_or_default(),
            ..FormatMemo::default()
        })
    }

    /// Where the patch's state is kept: beside the cache file.
    fn state_file(&self) -> PathBuf {
        self.file.with_extension("patch")
    }

    /// The patch's state of the last run, when it is for this generator,
    /// config and options.
    fn read_state(&self) -> Option<(FileKey, Vec<crate::patch::Delta>, crate::patch::State)> {
        let bytes = std::fs::read(self.state_file()).ok()?;
        let body = unframed(STATE_MAGIC, &bytes)?;
        let mut state: crate::patch::State = postcard::from_bytes(body).ok()?;
        if state.base != self.base {
            return None;
        }
        // The patched runs since, when they are of this state.
        let id = crate::patch::file_key_of(body);
        let deltas = std::fs::read(self.delta_file())
            .ok()
            .and_then(|bytes| postcard::from_bytes::<(FileKey, Vec<crate::patch::Delta>)>(unframed(DELTA_MAGIC, &bytes)?).ok())
            .filter(|(of, _)| *of == id)
            .map_or_else(Vec::new, |(_, deltas)| deltas);
        for delta in &deltas {
            state.apply(delta)?;
        }
        Some((id, deltas, state))
    }

    /// Where the deltas of patched runs are kept: beside the cache file.
    fn delta_file(&self) -> PathBuf {
        self.file.with_extension("delta")
    }

    fn write_state(&self, state: &crate::patch::State) -> std::io::Result<()> {
        let body = postcard::to_stdvec(state).map_err(std::io::Error::other)?;
        write_atomically(&self.state_file(), &framed(STATE_MAGIC, &body))?;
        // Deltas of another state are never applied (they name theirs), and
        // removed.
        match std::fs::remove_file(self.delta_file()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Where the model of the patch's state is kept: beside the cache file.
    fn model_file(&self) -> PathBuf {
        self.file.with_extension("model")
    }

    /// The model of the last generated run, when its file is whole.
    fn read_model(&self) -> Option<(Key, crate::patch::Model)> {
        let bytes = std::fs::read(self.model_file()).ok()?;
        let body = unframed(MODEL_MAGIC, &bytes)?;
        let (id, body) = body.split_first_chunk::<32>()?;
        Some((*id, postcard::from_bytes(body).ok()?))
    }

    /// Keeps the state [`Cache::generate_into`] patched for the next run.
    pub fn save_patched(&self) -> std::io::Result<()> {
        let mut patched = self.patched.lock().map_err(|_| std::io::Error::other("a thread panicked"))?;
        let Some((id, deltas, state)) = patched.as_mut() else { return Ok(()) };
        if deltas.len() < MAX_DELTAS {
            let body = postcard::to_stdvec(&(*id, &*deltas)).map_err(std::io::Error::other)?;
            return write_atomically(&self.delta_file(), &framed(DELTA_MAGIC, &body));
        }
        // Many deltas: the state, whole (as read, it holds all but the last).
        if let Some(last) = deltas.last() {
            state.apply(last).ok_or_else(|| std::io::Error::other("a delta does not apply"))?;
        }
        self.write_state(state)
    }

    /// Where the cache is kept.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Generates the crate from the spec at `path`: the cached run when
    /// nothing it depends on changed, else a generation that builds only
    /// the files whose inputs changed, and formats only the new tokens.
    pub fn generate_from_path(&self, path: &Path, config: &Config, options: &Options) -> Result<Outcome, GenerateError> {
        self.generate_into(path, config, options, None)
    }

    /// [`Cache::generate_from_path`] for the output folder `out`: when the
    /// folder holds what the last run wrote, an unchanged spec is answered,
    /// and a description edit patched (`patch.rs`), from a smaller state
    /// than the cache's.
    pub fn generate_into(&self, path: &Path, config: &Config, options: &Options, out: Option<&Path>) -> Result<Outcome, GenerateError> {
        let started = std::time::Instant::now();
        let source = crate::parse::read_spec(path).map_err(|d| crate::fail(vec![*d], None))?;
        let read = started.elapsed();
        if let Some((out, (id, deltas, state))) = out.zip(self.read_state()) {
            let (types, operations) = (state.types, state.operations);
            if state.spec == source.text {
                if let Some(files) = crate::patch::read_output(&state, out) {
                    let warnings = state.warnings.iter().map(|w| w.render(&source)).collect();
                    let on_disk = files.keys().cloned().collect();
                    return Ok(Outcome::Unchanged(Run { files, warnings, types, operations, on_disk }));
                }
            } else if let Some(patched) = crate::patch::patch(&state, &source, out, || self.read_model()) {
                let crate::patch::Patched { files, warnings, delta, rebuilt, on_disk } = patched;
                if let Ok(mut slot) = self.patched.lock() {
                    // The state as read: a state written whole has no delta
                    // applied yet.
                    let (id, mut deltas, state) = (id, deltas, state);
                    deltas.push(delta);
                    *slot = Some((id, deltas, state));
                }
                return Ok(Outcome::Patched { run: Run { files, warnings, types, operations, on_disk }, rebuilt });
            }
        }
        let memo = self.memo();
        if let Some(run) = &memo.old.run {
            let on_disk = run.sources.iter().map(|p| Some((p.clone(), Sha256::digest(std::fs::read(p).ok()?).into())));
            if on_disk.collect::<Option<Vec<_>>>().is_some_and(|sources| run_key(config, options, &source, &sources) == run.key) {
                let old = &memo.old;
                return Ok(Outcome::Unchanged(Run {
                    files: run.files.iter().map(|(path, range)| (path.clone(), old.text(range).to_owned())).collect(),
                    warnings: run.warnings.clone(),
                    types: run.types,
                    operations: run.operations,
                    on_disk: Default::default(),
                }));
            }
        }
        let mut generated = crate::generate_inner(&source, config, options, Some(memo))?;
        generated.timings.read = read;
        if let Ok(mut key) = self.generated.lock() {
            *key = Some(run_key(config, options, &source, &generated.sources));
        }
        let count = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        Ok(Outcome::Generated {
            generated: Box::new(generated),
            emitted: count(&memo.emitted),
            reused: count(&memo.reused),
            formatted: count(&memo.formatted),
        })
    }

    /// Keeps `generated` (the result of [`Cache::generate_from_path`] on
    /// `path`) for the next run: the run, and the files and formatting it
    /// emitted. Written beside the file and renamed into place, so a reader
    /// never sees half of it.
    pub fn save(&self, path: &Path, config: &Config, options: &Options, generated: &Generated) -> std::io::Result<()> {
        let key = match self.generated.lock().ok().and_then(|k| *k) {
            Some(key) => key,
            None => {
                let source = crate::parse::read_spec(path).map_err(|d| std::io::Error::other(d.message.clone()))?;
                run_key(config, options, &source, &generated.sources)
            }
        };
        let memo = self.memo();
        let used = memo.used.lock().map_err(|_| std::io::Error::other("an emitting thread panicked"))?;
        // The patch's files beside the cache's, on another core.
        std::thread::scope(|scope| {
            let patch = scope.spawn(|| self.save_basis(generated));
            let bytes = encode(&key, generated, &memo.old, &used);
            let cache = write_atomically(&self.file, &bytes);
            let patch = patch.join().unwrap_or_else(|_| Err(std::io::Error::other("a thread panicked")));
            cache.and(patch)
        })
    }

    /// Keeps the patch's model and state of `generated`, or removes the
    /// state when generation kept none.
    fn save_basis(&self, generated: &Generated) -> std::io::Result<()> {
        let Some(basis) = &generated.basis else {
            return match std::fs::remove_file(self.state_file()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        // The model first: a state is never read beside another run's model
        // (the state names its model's SHA-256).
        let mut body = Vec::with_capacity(basis.model.len() + 32);
        body.extend_from_slice(&Sha256::digest(&basis.model));
        body.extend_from_slice(&basis.model);
        write_atomically(&self.model_file(), &framed(MODEL_MAGIC, &body))?;
        self.write_state(&state_of(self.base, basis, generated))
    }
}

/// `magic`, the generator's version, `body` and its CRC-32: a file of the
/// patch's.
fn framed(magic: &[u8], body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 128);
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(GENERATOR_VERSION.as_bytes());
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    bytes
}

/// The body of a [`framed`] file, when it is this version's and whole.
fn unframed<'a>(magic: &[u8], bytes: &'a [u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic)?.strip_prefix(GENERATOR_VERSION.as_bytes())?;
    let (body, sum) = rest.split_last_chunk::<4>()?;
    (crc32fast::hash(body).to_le_bytes() == *sum).then_some(body)
}

/// Writes `bytes` beside `file` and renames them into place, so a reader
/// never sees half of them.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Beside it under a name of its own (the cache's files are written at
    // once, on several threads).
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp{}", std::process::id()));
    let tmp = file.with_file_name(name);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}

/// The patch's state of a generated run: what generation kept
/// (`basis`), and the output's files and items.
fn state_of(base: Key, basis: &crate::patch::Basis, generated: &Generated) -> crate::patch::State {
    let crate::patch::Basis { spec, slots, model, uses, graph, emit, warnings, allows, structure } = basis;
    let model_id = Sha256::digest(model).into();
    crate::patch::State {
        base,
        spec: spec.clone(),
        slots: slots.clone(),
        model_id,
        uses: uses.clone(),
        graph: graph.clone(),
        emit: emit.clone(),
        warnings: warnings.clone(),
        types: generated.api.types.len(),
        operations: generated.api.operations.len(),
        files: generated.files.iter().map(|(path, text)| (path.clone(), crate::patch::file_key(text))).collect(),
        items: generated.items.clone(),
        allows: allows.clone(),
        structure: structure
            .as_ref()
            .and_then(|(dialect, record, names)| crate::patch::Structure::of(spec, *dialect, record.clone(), names.clone())),
    }
}

/// The key of a run: the generator's version, the config and options
/// (`codegen.toml` included), the spec's text, and every other file it read
/// (path and SHA-256 of its text).
fn run_key(config: &Config, options: &Options, source: &SourceFile, others: &[(PathBuf, Key)]) -> Key {
    let mut h = Sha256::new();
    field(&mut h, GENERATOR_VERSION.as_bytes());
    field(&mut h, format!("{config:?}").as_bytes());
    // `codegen.toml`, as read.
    field(&mut h, format!("{options:?}").as_bytes());
    field(&mut h, source.path.to_string_lossy().as_bytes());
    field(&mut h, source.text.as_bytes());
    for (path, text) in others {
        field(&mut h, path.to_string_lossy().as_bytes());
        h.update(text);
    }
    h.finalize().into()
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The SHA-256 of a token stream, over every token and group (spans do not
/// count: formatting ignores them).
fn tokens_key(tokens: &TokenStream) -> Key {
    fn walk(h: &mut Sha256, tokens: TokenStream) {
        for tree in tokens {
            match tree {
                TokenTree::Group(g) => {
                    let open = match g.delimiter() {
                        Delimiter::Parenthesis => b'(',
                        Delimiter::Brace => b'{',
                        Delimiter::Bracket => b'[',
                        Delimiter::None => b'0',
                    };
                    h.update([open]);
                    walk(h, g.stream());
                    h.update([b'.']);
                }
                TokenTree::Ident(i) => {
                    h.update([b'i']);
                    field(h, i.to_string().as_bytes());
                }
                TokenTree::Punct(p) => {
                    let mut buf = [0; 4];
                    h.update([if p.spacing() == Spacing::Joint { b'j' } else { b'p' }]);
                    field(h, p.as_char().encode_utf8(&mut buf).as_bytes());
                }
                TokenTree::Literal(l) => {
                    h.update([b'l']);
                    field(h, l.to_string().as_bytes());
                }
            }
        }
    }
    let mut h = Sha256::new();
    field(&mut h, GENERATOR_VERSION.as_bytes());
    walk(&mut h, tokens.clone());
    h.finalize().into()
}

/// `MAGIC`, the version, the body's length, the body, the body's CRC-32
/// (little-endian): a check against a damaged file, not a key.
///
/// The body: the run's key, its sources, warnings and summary; the texts,
/// each once; the run's files (path, text); the emitted files (key of
/// their inputs, text, and the key of their tokens with where the
/// formatted part is: in the text, or a text of its own).
fn encode(key: &Key, generated: &Generated, old: &Old, used: &[Kept]) -> Vec<u8> {
    let put = |body: &mut Vec<u8>, bytes: &[u8]| {
        body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        body.extend_from_slice(bytes);
    };
    let count = |body: &mut Vec<u8>, n: usize| body.extend_from_slice(&(n as u64).to_le_bytes());
    let size = generated.files.iter().map(|(p, t)| p.len() + t.len() + 32).sum::<usize>() + used.len() * 128 + 4096;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(key);
    count(&mut body, generated.sources.len());
    for (path, _) in &generated.sources {
        put(&mut body, path.to_string_lossy().as_bytes());
    }
    count(&mut body, generated.warnings.len());
    for w in &generated.warnings {
        put(&mut body, w.as_bytes());
    }
    count(&mut body, generated.api.types.len());
    count(&mut body, generated.api.operations.len());

    // The texts: the run's files, then any kept text that is not one.
    let mut texts: Vec<&str> = generated.files.values().map(String::as_str).collect();
    let by_path: HashMap<&str, usize> = generated.files.keys().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let mut entries = Vec::with_capacity(used.len());
    for kept in used {
        let text = match &kept.text {
            Text::Old(range) => old.text(range),
            Text::New(text) => text.as_str(),
        };
        let index = match by_path.get(kept.path.as_str()) {
            Some(&i) if texts[i] == text => i,
            _ => {
                texts.push(text);
                texts.len() - 1
            }
        };
        let format_index = match &kept.format {
            Some((_, Format::Own(own))) => {
                texts.push(match own {
                    Text::Old(range) => old.text(range),
                    Text::New(text) => text.as_str(),
                });
                texts.len() - 1
            }
            _ => 0,
        };
        entries.push((kept, index, format_index));
    }
    // Sorted, so the same run writes the same bytes.
    entries.sort_unstable_by_key(|(kept, _, _)| kept.key);
    entries.dedup_by_key(|(kept, _, _)| kept.key);
    count(&mut body, texts.len());
    for text in &texts {
        put(&mut body, text.as_bytes());
    }
    count(&mut body, generated.files.len());
    for (i, path) in generated.files.keys().enumerate() {
        put(&mut body, path.as_bytes());
        count(&mut body, i);
    }
    count(&mut body, entries.len());
    for (kept, index, format_index) in entries {
        body.extend_from_slice(&kept.key);
        count(&mut body, index);
        match &kept.format {
            Some((tokens, Format::In(range))) => {
                body.push(1);
                body.extend_from_slice(tokens);
                count(&mut body, range.start);
                count(&mut body, range.end);
            }
            Some((tokens, Format::Own(_))) => {
                body.push(2);
                body.extend_from_slice(tokens);
                count(&mut body, format_index);
            }
            None => body.push(0),
        }
    }
    let mut out = Vec::with_capacity(body.len() + 200);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(GENERATOR_VERSION.as_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out
}

/// The contents of a cache file; `None` for another version's or a corrupt one.
fn decode(mut bytes: Vec<u8>) -> Option<Old> {
    let header = MAGIC.len() + GENERATOR_VERSION.len();
    let rest = bytes.strip_prefix(MAGIC)?.strip_prefix(GENERATOR_VERSION.as_bytes())?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    if rest.len() != len.checked_add(4)? {
        return None;
    }
    let (body, sum) = rest.split_at(len);
    if crc32fast::hash(body).to_le_bytes() != sum {
        return None;
    }
    // Ranges are of the whole file, less its checksum.
    let (run, files, formats) = read_body(&bytes[..header + 8 + len])?;
    bytes.truncate(header + 8 + len);
    Some(Old { body: bytes, run: Some(run), files, formats })
}

/// What [`decode`] reads from the body: the run, the emitted files and the
/// formatted Rust.
type Parts = (OldRun, HashMap<Key, OldFile>, HashMap<Key, Range<usize>>);

/// [`decode`]'s reading of `body` (the file, less its checksum).
fn read_body(body: &[u8]) -> Option<Parts> {
    let header = MAGIC.len() + GENERATOR_VERSION.len();

    let mut r = Reader { body, at: header + 8 };
    let key: Key = r.take(32)?.try_into().ok()?;
    let sources = (0..r.count()?).map(|_| r.string().map(PathBuf::from)).collect::<Option<Vec<_>>>()?;
    let warnings = (0..r.count()?).map(|_| r.string()).collect::<Option<Vec<_>>>()?;
    let (types, operations) = (r.count()?, r.count()?);
    let texts = (0..r.count()?).map(|_| r.text()).collect::<Option<Vec<_>>>()?;
    let files = (0..r.count()?).map(|_| Some((r.string()?, texts.get(r.count()?)?.clone()))).collect::<Option<Vec<_>>>()?;
    let mut old_files = HashMap::new();
    let mut formats = HashMap::new();
    for _ in 0..r.count()? {
        let key: Key = r.take(32)?.try_into().ok()?;
        let text = texts.get(r.count()?)?.clone();
        let format = match r.take(1)? {
            [0] => None,
            [1] => {
                let tokens: Key = r.take(32)?.try_into().ok()?;
                let (start, end) = (r.count()?, r.count()?);
                let range = text.start.checked_add(start)?..text.start.checked_add(end)?;
                // Within the text, and on character boundaries.
                if start > end || range.end > text.end || std::str::from_utf8(body.get(range.clone())?).is_err() {
                    return None;
                }
                formats.insert(tokens, range.clone());
                Some((tokens, range))
            }
            [2] => {
                let tokens: Key = r.take(32)?.try_into().ok()?;
                let range = texts.get(r.count()?)?.clone();
                formats.insert(tokens, range.clone());
                Some((tokens, range))
            }
            _ => return None,
        };
        old_files.insert(key, OldFile { text, format });
    }
    if r.at != body.len() {
        return None;
    }
    let run = OldRun { key, sources, files, warnings, types, operations };
    Some((run, old_files, formats))
}

struct Reader<'a> {
    body: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.body.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    fn count(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    fn string(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    /// Where the next string is in the body, checked to be UTF-8.
    fn text(&mut self) -> Option<Range<usize>> {
        let n = self.count()?;
        let start = self.at;
        std::str::from_utf8(self.take(n)?).ok()?;
        Some(start..start + n)
    }
}
