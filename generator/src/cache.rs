//! The output cache: regeneration after a small spec edit, and `--check` on
//! an unchanged spec, without redoing what is known already.
//!
//! One file per spec and crate under a cache folder (xtask uses
//! `target/codegen-cache/`), holding two things:
//!
//! - the last run: its files, warnings and summary, under the SHA-256 of the
//!   generator's own version, the [`Config`], the spec's text and the text of
//!   every file its `$ref`s reached. A run whose key matches is that run's
//!   output, unchanged; nothing is parsed.
//! - formatted Rust by the SHA-256 of the tokens it was formatted from.
//!   Formatting (syn parsing quote's tokens, prettyplease printing them) is
//!   most of a cold run, and a pure function of the tokens: a file whose
//!   tokens did not change is not formatted again.
//!
//! The cache can never change the output: every key covers everything its
//! value is computed from, the generator's version is the SHA-256 of its
//! sources, runtime, templates and `Cargo.lock` (`build.rs`), and a cache
//! file written by another version, or whose checksum does not match its
//! contents (truncated, corrupt), is ignored as if there were none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use sha2::{Digest, Sha256};

use crate::{Config, Files, GenerateError, Generated, Options, SourceFile};

/// The generator's own version: a SHA-256 of its sources (see `build.rs`).
pub const GENERATOR_VERSION: &str = env!("GENERATOR_BUILD_HASH");

const MAGIC: &[u8] = b"openapi-rust-codegen cache 1\n";

/// A SHA-256.
type Key = [u8; 32];

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
}

impl Run {
    fn of(generated: &Generated) -> Self {
        Run {
            files: generated.files.clone(),
            warnings: generated.warnings.clone(),
            types: generated.api.types.len(),
            operations: generated.api.operations.len(),
        }
    }
}

/// What [`Cache::generate_from_path`] did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing the output depends on changed since the cached run.
    Unchanged(Run),
    /// Generated, reusing what formatting the cache held.
    Generated {
        /// The generation.
        generated: Box<Generated>,
        /// How many Rust files were formatted, and how many came from the cache.
        formatted: usize,
        /// Files whose formatting came from the cache.
        reused: usize,
    },
}

impl Outcome {
    /// The files.
    pub fn files(&self) -> &Files {
        match self {
            Outcome::Unchanged(run) => &run.files,
            Outcome::Generated { generated, .. } => &generated.files,
        }
    }

    /// The warnings, rendered.
    pub fn warnings(&self) -> &[String] {
        match self {
            Outcome::Unchanged(run) => &run.warnings,
            Outcome::Generated { generated, .. } => &generated.warnings,
        }
    }

    /// How many types and operations the model has.
    pub fn summary(&self) -> (usize, usize) {
        match self {
            Outcome::Unchanged(run) => (run.types, run.operations),
            Outcome::Generated { generated, .. } => (generated.api.types.len(), generated.api.operations.len()),
        }
    }
}

/// Formatted Rust by the hash of its tokens: what the cache file held, and
/// what this run formatted or reused (what the next file will hold).
#[derive(Debug, Default)]
pub(crate) struct FormatMemo {
    old: HashMap<Key, String>,
    used: Mutex<HashMap<Key, String>>,
}

impl FormatMemo {
    /// The formatted text of `tokens`, from the cache or from `format`.
    pub(crate) fn get_or_format<E>(&self, tokens: TokenStream, format: impl FnOnce(TokenStream) -> Result<String, E>) -> Result<String, E> {
        let key = tokens_key(&tokens);
        if let Some(text) = self.old.get(&key) {
            self.remember(key, text.clone());
            return Ok(text.clone());
        }
        let text = format(tokens)?;
        self.remember(key, text.clone());
        Ok(text)
    }

    fn remember(&self, key: Key, text: String) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key, text);
        }
    }

    fn reused(&self) -> usize {
        self.used.lock().map(|used| used.keys().filter(|k| self.old.contains_key(*k)).count()).unwrap_or(0)
    }
}

/// The cache of one spec and crate.
#[derive(Debug)]
pub struct Cache {
    file: PathBuf,
    run: Option<(Key, Vec<PathBuf>, Run)>,
    formats: FormatMemo,
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
        let mut cache = Cache { file, run: None, formats: FormatMemo::default() };
        if let Ok(bytes) = std::fs::read(&cache.file) {
            if let Some((run, formats)) = decode(&bytes) {
                cache.run = run;
                cache.formats.old = formats;
            }
        }
        cache
    }

    /// Where the cache is kept.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Generates the crate from the spec at `path`: the cached run when
    /// nothing it depends on changed, else a generation that formats only
    /// the files whose tokens are new.
    pub fn generate_from_path(&self, path: &Path, config: &Config, options: &Options) -> Result<Outcome, GenerateError> {
        let started = std::time::Instant::now();
        let source = crate::parse::read_spec(path).map_err(|d| crate::fail(vec![*d], None))?;
        let read = started.elapsed();
        if let Some((key, sources, run)) = &self.run {
            if run_key(config, options, &source, sources).as_ref() == Some(key) {
                return Ok(Outcome::Unchanged(run.clone()));
            }
        }
        let mut generated = crate::generate_inner(&source, config, options, Some(&self.formats))?;
        generated.timings.read = read;
        let formatted = self.formats.used.lock().map(|u| u.len()).unwrap_or(0);
        Ok(Outcome::Generated { generated: Box::new(generated), formatted, reused: self.formats.reused() })
    }

    /// Keeps `generated` (the result of [`Cache::generate_from_path`] on
    /// `path`) for the next run: its run and the formatting it used. Written
    /// beside the file and renamed into place, so a reader never sees half
    /// of it.
    pub fn save(&self, path: &Path, config: &Config, options: &Options, generated: &Generated) -> std::io::Result<()> {
        let source = crate::parse::read_spec(path).map_err(|d| std::io::Error::other(d.message.clone()))?;
        let Some(key) = run_key(config, options, &source, &generated.sources) else { return Ok(()) };
        let used = self.formats.used.lock().map_err(|_| std::io::Error::other("a formatting thread panicked"))?;
        let bytes = encode(&key, &generated.sources, &Run::of(generated), &used);
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self.file.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &self.file)
    }
}

/// The key of a run: the generator's version, the config and options
/// (`codegen.toml` included), the spec's text,
/// and every other file it read (path and text). `None` when one of those
/// cannot be read any more.
fn run_key(config: &Config, options: &Options, source: &SourceFile, others: &[PathBuf]) -> Option<Key> {
    let mut h = Sha256::new();
    field(&mut h, GENERATOR_VERSION.as_bytes());
    field(&mut h, format!("{config:?}").as_bytes());
    // `codegen.toml`, as read.
    field(&mut h, format!("{options:?}").as_bytes());
    field(&mut h, source.path.to_string_lossy().as_bytes());
    field(&mut h, source.text.as_bytes());
    for other in others {
        field(&mut h, other.to_string_lossy().as_bytes());
        field(&mut h, &std::fs::read(other).ok()?);
    }
    Some(h.finalize().into())
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

/// `MAGIC`, the version, the body's length, the body, the body's SHA-256.
fn encode(key: &Key, sources: &[PathBuf], run: &Run, formats: &HashMap<Key, String>) -> Vec<u8> {
    let mut body = Vec::new();
    let put = |body: &mut Vec<u8>, bytes: &[u8]| {
        body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        body.extend_from_slice(bytes);
    };
    let count = |body: &mut Vec<u8>, n: usize| body.extend_from_slice(&(n as u64).to_le_bytes());
    body.extend_from_slice(key);
    count(&mut body, sources.len());
    for s in sources {
        put(&mut body, s.to_string_lossy().as_bytes());
    }
    count(&mut body, run.files.len());
    for (path, text) in &run.files {
        put(&mut body, path.as_bytes());
        put(&mut body, text.as_bytes());
    }
    count(&mut body, run.warnings.len());
    for w in &run.warnings {
        put(&mut body, w.as_bytes());
    }
    count(&mut body, run.types);
    count(&mut body, run.operations);
    // Sorted, so the same run writes the same bytes.
    let mut formats: Vec<_> = formats.iter().collect();
    formats.sort_unstable_by_key(|(k, _)| **k);
    count(&mut body, formats.len());
    for (k, text) in formats {
        body.extend_from_slice(k);
        put(&mut body, text.as_bytes());
    }
    let mut out = Vec::with_capacity(body.len() + 200);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(GENERATOR_VERSION.as_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&Sha256::digest(&body));
    out
}

type Decoded = (Option<(Key, Vec<PathBuf>, Run)>, HashMap<Key, String>);

/// The contents of a cache file; `None` for another version's or a corrupt one.
fn decode(bytes: &[u8]) -> Option<Decoded> {
    let rest = bytes.strip_prefix(MAGIC)?.strip_prefix(GENERATOR_VERSION.as_bytes())?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    if rest.len() != len.checked_add(32)? {
        return None;
    }
    let (body, sum) = rest.split_at(len);
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let mut r = Reader(body);
    let key: Key = r.take(32)?.try_into().ok()?;
    let sources = (0..r.count()?).map(|_| r.string().map(PathBuf::from)).collect::<Option<Vec<_>>>()?;
    let files = (0..r.count()?).map(|_| Some((r.string()?, r.string()?))).collect::<Option<Files>>()?;
    let warnings = (0..r.count()?).map(|_| r.string()).collect::<Option<Vec<_>>>()?;
    let (types, operations) = (r.count()?, r.count()?);
    let formats = (0..r.count()?).map(|_| Some((r.take(32)?.try_into().ok()?, r.string()?))).collect::<Option<HashMap<_, _>>>()?;
    if !r.0.is_empty() {
        return None;
    }
    Some((Some((key, sources, Run { files, warnings, types, operations })), formats))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn count(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    fn string(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}
