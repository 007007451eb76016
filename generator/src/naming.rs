//! Every Rust name the generator mints comes from here.
//!
//! Names follow the Rust API Guidelines (C-CASE): acronyms are one word
//! (`LLMObs` -> `LlmObs`, `IDs` -> `ids`), keywords get a readable escape
//! (`type` -> `type_`), and values that are not identifiers at all (`>=`, `1`,
//! the empty string) get a spelled-out name. Splitting a name into words is
//! ours (heck would turn `TraceIDs` into `trace_i_ds`), and so is joining
//! them: the words are lowercase ASCII letters and digits, so a case
//! conversion library would only split them again.

use std::collections::{HashMap, HashSet};

/// Words that mix upper and lower case but are one word all the same.
const MIXED_CASE_WORDS: &[&str] = &["OAuth", "ETag", "eTag", "iOS", "macOS", "GitHub", "IPv4", "IPv6"];

/// Acronyms written together that are two words: no rule can see the seam.
const JOINED_ACRONYMS: &[(&str, &[&str])] = &[("JSONAPI", &["json", "api"])];

/// The ASCII characters a word of [`MIXED_CASE_WORDS`] or
/// [`JOINED_ACRONYMS`] starts with: only there are they looked for (trying
/// each at every character was most of splitting's time).
const SPECIAL_STARTS: [bool; 128] = {
    let mut starts = [false; 128];
    let mut i = 0;
    while i < MIXED_CASE_WORDS.len() {
        starts[MIXED_CASE_WORDS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    let mut i = 0;
    while i < JOINED_ACRONYMS.len() {
        starts[JOINED_ACRONYMS[i].0.as_bytes()[0] as usize] = true;
        i += 1;
    }
    starts
};

/// Splits an identifier-ish string into lowercase ASCII words.
///
/// Separators are any non-alphanumeric ASCII character; case changes start a
/// new word; an upper-case run is one word (an acronym), its last letter
/// starting the next word when a lower-case letter follows (`HTTPServer`), and
/// a run followed by a lone `s` is a plural acronym (`IDs`, `URLs`). Digits
/// stick to the word before them (`OAuth2`, `int32`). A Latin letter with a
/// diacritic is its base letter (`Catégorie` -> `categorie`, `Größe` ->
/// `grosse`); any other non-ASCII character becomes a word of its own,
/// spelled `u` and its code point in hex.
pub(crate) fn split_words(input: &str) -> Vec<String> {
    let folded;
    let input = if input.is_ascii() {
        input
    } else {
        folded = input.chars().fold(String::with_capacity(input.len()), |mut out, c| {
            match latin_base(c) {
                Some(base) => out.push_str(&base),
                None => out.push(c),
            }
            out
        });
        folded.as_str()
    };
    let mut words = Vec::new();
    for chunk in input.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
        split_chunk(chunk, &mut words);
    }
    words
}

/// The ASCII letters of a letter of Latin-1 and Latin Extended-A: its base
/// letter without the diacritic (as Unicode decomposes it), or the letters
/// a ligature or a letter with no decomposition is written with; in the
/// letter's case.
fn latin_base(c: char) -> Option<String> {
    if c.is_ascii() {
        return None;
    }
    let base = match c.to_lowercase().next()? {
        // `İ` lower-cases to `i` and a combining dot.
        'i' => "i",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(if c.is_uppercase() { base.to_ascii_uppercase() } else { base.to_owned() })
}

fn split_chunk(chunk: &str, words: &mut Vec<String>) {
    let chars: Vec<char> = chunk.chars().collect();
    let mut current = String::new();
    let mut i = 0;
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            let mut word = std::mem::take(current);
            word.make_ascii_lowercase();
            words.push(word);
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if !c.is_ascii() {
            flush(&mut current, words);
            words.push(format!("u{:x}", c as u32));
            i += 1;
            continue;
        }
        let special = SPECIAL_STARTS[c as usize];
        if let Some((joined, parts)) = JOINED_ACRONYMS.iter().find(|(j, _)| special && starts_with_at(&chars, i, j)) {
            let end = i + joined.len();
            if end == chars.len() || !chars[end].is_ascii_uppercase() || chars.get(end + 1).is_some_and(|c| c.is_ascii_lowercase()) {
                flush(&mut current, words);
                words.extend(parts.iter().map(|p| (*p).to_owned()));
                i = end;
                continue;
            }
        }
        if let Some(word) = MIXED_CASE_WORDS.iter().find(|w| special && starts_with_at(&chars, i, w)) {
            let end = i + word.len();
            // Only a whole word: `OAuthx` is not `OAuth` + `x`.
            if end == chars.len() || !chars[end].is_ascii_lowercase() {
                flush(&mut current, words);
                current.push_str(word);
                i = end;
                continue;
            }
        }
        if c.is_ascii_uppercase() {
            // An upper-case run: an acronym, or the capital of a word.
            let start = i;
            let mut end = i;
            while end < chars.len() && chars[end].is_ascii_uppercase() {
                end += 1;
            }
            let run = end - start;
            let next = chars.get(end).copied();
            let after = chars.get(end + 1).copied();
            flush(&mut current, words);
            if run >= 2 && next == Some('s') && !after.is_some_and(|a| a.is_ascii_lowercase()) {
                // Plural acronym: IDs, URLs.
                current.extend(&chars[start..=end]);
                i = end + 1;
            } else if run >= 2 && next.is_some_and(|n| n.is_ascii_lowercase()) {
                // HTTPServer: HTTP, then Server.
                current.extend(&chars[start..end - 1]);
                flush(&mut current, words);
                current.push(chars[end - 1]);
                i = end;
            } else {
                current.extend(&chars[start..end]);
                i = end;
            }
            continue;
        }
        if c.is_ascii_digit() {
            current.push(c);
            i += 1;
            continue;
        }
        // Lower case: continues the current word unless that word ended in a
        // digit after letters (`v2beta` stays one word; it is rare either way).
        current.push(c);
        i += 1;
    }
    flush(&mut current, words);
}

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    let mut n = 0;
    for (k, w) in word.chars().enumerate() {
        if chars.get(at + k) != Some(&w) {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// Names for values that contain no letter or digit at all.
fn symbol_words(input: &str) -> Vec<String> {
    if input.is_empty() {
        return vec!["empty".into()];
    }
    // Whole-value names first, so `>=` reads as one idea.
    let whole = match input {
        ">=" => Some("greater than or equal"),
        "<=" => Some("less than or equal"),
        "!=" | "<>" => Some("not equal"),
        "==" => Some("equal"),
        "->" => Some("arrow"),
        _ => None,
    };
    if let Some(w) = whole {
        return w.split(' ').map(str::to_owned).collect();
    }
    let mut words = Vec::new();
    for c in input.chars() {
        let name = match c {
            '>' => "greater than",
            '<' => "less than",
            '=' => "equal",
            '!' => "exclamation",
            '-' => "minus",
            '+' => "plus",
            '*' => "asterisk",
            '/' => "slash",
            '\\' => "backslash",
            '.' => "dot",
            ',' => "comma",
            ':' => "colon",
            ';' => "semicolon",
            '_' => "underscore",
            '%' => "percent",
            '&' => "ampersand",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '?' => "question",
            '~' => "tilde",
            '^' => "caret",
            '|' => "pipe",
            '(' => "left paren",
            ')' => "right paren",
            '[' => "left bracket",
            ']' => "right bracket",
            '{' => "left brace",
            '}' => "right brace",
            '\'' => "quote",
            '"' => "double quote",
            '`' => "backtick",
            ' ' => "space",
            _ => "symbol",
        };
        words.extend(name.split(' ').map(str::to_owned));
    }
    words
}

fn words_for(input: &str) -> Vec<String> {
    let words = split_words(input);
    if words.is_empty() {
        symbol_words(input)
    } else {
        words
    }
}

/// Rust keywords, strict and reserved, that cannot name a field or function.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Type names that `Self` or the prelude make unusable or confusing.
const RESERVED_TYPE_NAMES: &[&str] = &["Self"];

/// A `snake_case` name for a field, parameter, function or module.
/// Why `name` cannot be the generated package's name (Cargo's rules: ASCII
/// letters, digits, `-` and `_`, not starting with a digit or `-`, and not a
/// Rust keyword once `-` is `_`), or `None` when it can.
pub fn crate_name_problem(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Some(format!("`{name}` is not a valid package name: it has the character `{c}` (use letters, digits, `-` and `_`)"));
    }
    match name.chars().next() {
        None => Some("the package name is empty".to_owned()),
        Some(c) if c.is_ascii_digit() || c == '-' => Some(format!("`{name}` is not a valid package name: it starts with `{c}`")),
        _ if KEYWORDS.contains(&name.replace('-', "_").as_str()) => {
            Some(format!("`{name}` is not a valid package name: it is a Rust keyword"))
        }
        _ => None,
    }
}

/// A package name for a crate generated into a folder named `folder`: its
/// name with anything Cargo refuses made `-` (`sdk.v2` -> `sdk-v2`), and a
/// leading digit or keyword prefixed.
pub fn crate_name_from(folder: &str) -> String {
    let mut name: String = folder.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    name = name.trim_matches('-').to_owned();
    if crate_name_problem(&name).is_some() {
        name = format!("sdk-{name}").trim_end_matches('-').to_owned();
    }
    name
}

pub(crate) fn snake_name(input: &str) -> String {
    remembered(&SNAKE_NAMES, input, snake_name_afresh)
}

/// What [`snake_name`] and [`pascal_name`] gave for each input on this
/// thread: lowering asks for the same ones many times (a type's name when
/// it is claimed, shortened and made a module; a property name in every
/// schema that has it), and splitting into words was a third of lowering.
type Remembered = std::cell::RefCell<HashMap<String, String>>;

thread_local! {
    static SNAKE_NAMES: Remembered = Remembered::default();
    static PASCAL_NAMES: Remembered = Remembered::default();
}

/// Forgets what this thread remembered of [`snake_name`] and [`pascal_name`].
pub(crate) fn forget_names() {
    SNAKE_NAMES.with(|memory| memory.borrow_mut().clear());
    PASCAL_NAMES.with(|memory| memory.borrow_mut().clear());
}

/// `name(input)`, remembered in `memory`; forgotten all at once past a
/// bound, so a long-lived process does not grow with every spec it reads.
fn remembered(memory: &'static std::thread::LocalKey<Remembered>, input: &str, name: fn(&str) -> String) -> String {
    const BOUND: usize = 1 << 16;
    memory.with(|memory| {
        if let Some(known) = memory.borrow().get(input) {
            return known.clone();
        }
        let named = name(input);
        let mut memory = memory.borrow_mut();
        if memory.len() >= BOUND {
            memory.clear();
        }
        memory.insert(input.to_owned(), named.clone());
        named
    })
}

fn snake_name_afresh(input: &str) -> String {
    let mut name = words_for(input).join("_");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'v');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A `SCREAMING_SNAKE_CASE` name for a constant (`Self` is the only
/// keyword that could be one, and it is not upper case).
pub(crate) fn screaming_name(input: &str) -> String {
    let mut name = words_for(input).join("_").to_uppercase();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// An `UpperCamelCase` name for a type or enum variant.
pub(crate) fn pascal_name(input: &str) -> String {
    remembered(&PASCAL_NAMES, input, pascal_name_afresh)
}

fn pascal_name_afresh(input: &str) -> String {
    let mut name = String::with_capacity(input.len());
    for word in words_for(input) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.push_str(chars.as_str());
        }
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The file (module) of `models` or `operations` that holds the item whose
/// module name is `module`: its first letter (`get_pet` is in `g.rs`), or
/// `other`. A big spec's thousands of types and operations then make a few
/// dozen files: creating a file costs more than formatting what it holds.
pub(crate) fn file_group(module: &str) -> &'static str {
    let name = module.strip_prefix("r#").unwrap_or(module);
    match name.bytes().find(u8::is_ascii_alphabetic) {
        Some(letter) => {
            let i = usize::from(letter.to_ascii_lowercase() - b'a');
            reserved::FILE_GROUPS[i]
        }
        None => "other",
    }
}

/// Names the generated code uses itself, by namespace. A spec name that
/// would take one is renamed like any other collision, with a warning; an
/// emitter that starts using a new name in one of these namespaces adds it
/// here (the `reserved_names_are_what_the_emitters_use` test checks the
/// client's against its code).
pub(crate) mod reserved {
    /// Enum variants: the catch-all of every string enum and union.
    pub(crate) const VARIANTS: &[&str] = &["Unknown"];
    /// An operation's `Response` variants: the catch-all of undocumented statuses.
    pub(crate) const RESPONSE_VARIANTS: &[&str] = &["Undocumented"];
    /// An operation's `Request`: its own methods, beside the setters named
    /// after its optional fields, and the body's field.
    pub(crate) const REQUEST: &[&str] = &["body", "new", "validate", "path_and_query", "to_http_request", "from_http_parts"];
    /// The client module's own items (`transport`, and the modules of each
    /// kind of credential), beside the operation modules it imports;
    /// `operations`, because the operation modules live in the
    /// module of that name (clippy's `module_inception`).
    pub(crate) const CLIENT_MODULE: &[&str] = &["transport", "keys", "basic", "tokens", "env_var", "operations"];
    /// A type's module name (its name in `snake_case`, which picks its file
    /// and keys its cache entry) is never `models`, the module they are in.
    pub(crate) const MODEL_MODULES: &[&str] = &["models"];
    /// An example program's own function, beside one per operation.
    pub(crate) const EXAMPLE_PROGRAM: &[&str] = &["main"];
    /// The modules that group the models' and the operations' items into
    /// files ([`super::file_group`]): a letter each, and `other`. An
    /// operation's module sits beside them in `operations`, so none takes
    /// one of these names.
    pub(crate) const FILE_GROUPS: &[&str] = &[
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
        "other",
    ];
    /// `ClientBuilder`'s own fields and methods, beside the setters named
    /// after server variables and keys; `default`, `clone` and `fmt`
    /// because an inherent method of the same name would shadow the trait's.
    pub(crate) const CLIENT_BUILDER: &[&str] =
        &["base_url", "timeout", "retry", "reconnect", "from_env", "build", "default", "clone", "fmt"];
    /// `Client`'s own methods, beside one per operation (and page walker);
    /// `new` because a method of that name must return `Self` (clippy's
    /// `new_ret_no_self`, and what a reader expects); `into` and `try_into`
    /// because the prelude's traits take `self` by value, so `client.into(..)`
    /// would find `Into::into` before a method on `&self`.
    pub(crate) const CLIENT: &[&str] = &["builder", "from_env", "base_url", "send", "clone", "fmt", "new", "into", "try_into"];
    /// The generated crate's own cargo features (and dependencies, which
    /// share their namespace), beside one per tag.
    pub(crate) const FEATURES: &[&str] = &[
        "default",
        "client",
        "tracing",
        "unstable",
        "chrono",
        "futures_util",
        "http",
        "multer",
        "reqwest",
        "serde",
        "serde_json",
        "serde_path_to_error",
        "tokio",
        "server",
        // The example program of the operations without a tag.
        "operations",
    ];
    /// The locals of a union's `from_one_pass` and of the visitor of
    /// `json_union!` that reads its slots, beside a slot per property.
    pub(crate) const ONE_PASS: &[&str] = &["tag", "unknown", "object", "value", "map", "key"];
}

/// Hands out names within one namespace (a module's types, a struct's fields,
/// an enum's variants) and never hands out the same one twice.
///
/// A clash after case conversion (`fooBar` and `foo_bar`) is settled by
/// order: the first comes first, the next gets `2`, then `3`. Callers insert
/// in a deterministic order (spec order or sorted), so the result is stable.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    /// Each name taken, with the next number to try after it (hashed: a
    /// big spec's models scope holds tens of thousands of names, whose
    /// common prefixes made an ordered map's comparisons slow).
    taken: HashMap<String, usize>,
    /// The names taken before any was claimed: the generated code's own.
    reserved: HashSet<String>,
}

impl Scope {
    /// An empty scope.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A scope in which `names` are already taken.
    pub(crate) fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut scope = Self::new();
        for name in names {
            scope.taken.insert(name.to_owned(), 1);
            scope.reserved.insert(name.to_owned());
        }
        scope
    }

    /// Whether `name` is one the generated code uses itself.
    pub(crate) fn reserves(&self, name: &str) -> bool {
        self.reserved.contains(name)
    }

    /// Claims `candidate`, or the first free `candidate2`, `candidate3`, ...
    pub(crate) fn claim(&mut self, candidate: String) -> String {
        if !self.taken.contains_key(&candidate) {
            self.taken.insert(candidate.clone(), 1);
            return candidate;
        }
        let mut n = self.taken[&candidate] + 1;
        // A keyword's escape (`Self_`, `type_`) is numbered on its stem:
        // `Self2`, as `Self_2` is not UpperCamelCase.
        let stem = match candidate.trim_end_matches('_') {
            "" => candidate.as_str(),
            stem => stem,
        };
        loop {
            let sep = if stem.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
            let next = format!("{stem}{sep}{n}");
            if !self.taken.contains_key(&next) {
                self.taken.insert(candidate.clone(), n);
                self.taken.insert(next.clone(), 1);
                return next;
            }
            n += 1;
        }
    }
}

/// The longest module (file) name a type gets, in bytes, before `.rs`.
/// File systems allow 255 bytes; names of inline schemas nested deep in
/// HSBC's specs reach more. Nothing in the real specs we test comes near.
pub(crate) const MAX_MODULE_NAME: usize = 120;

/// A type name whose module name would be longer than [`MAX_MODULE_NAME`]
/// cut after its last whole word that fits; any other name as it is.
pub(crate) fn shorten_type_name(name: &str) -> std::borrow::Cow<'_, str> {
    if snake_name(name).len() <= MAX_MODULE_NAME {
        return std::borrow::Cow::Borrowed(name);
    }
    // Words start at upper-case letters (the name is UpperCamelCase); a
    // numbered form adds a few bytes, so leave room for them.
    let mut cut = 0;
    for (i, _) in name.char_indices().filter(|&(i, c)| i > 0 && c.is_ascii_uppercase()) {
        if snake_name(&name[..i]).len() > MAX_MODULE_NAME - 8 {
            break;
        }
        cut = i;
    }
    if cut == 0 {
        // One word longer than the limit: cut it at a character.
        cut = name.char_indices().map(|(i, _)| i).take_while(|&i| snake_name(&name[..i]).len() <= MAX_MODULE_NAME - 8).last().unwrap_or(0);
    }
    std::borrow::Cow::Owned(name[..cut].to_owned())
}

/// The namespace of the generated `models` module: each type gets a name,
/// and a file named after it in `snake_case`, and both must be unique
/// (`LLMObs` and `LlmObs` are two names but one file, `llm_obs.rs`).
#[derive(Clone, Debug)]
pub(crate) struct TypeScope {
    names: Scope,
    modules: HashSet<String>,
}

impl TypeScope {
    /// A scope with no type yet, and the modules of [`reserved::MODEL_MODULES`] taken.
    pub(crate) fn new() -> Self {
        Self { names: Scope::new(), modules: reserved::MODEL_MODULES.iter().map(|m| (*m).to_owned()).collect() }
    }

    /// Claims `candidate` (shortened, see [`shorten_type_name`]), or the
    /// first numbered form of it whose module is free too; with the module
    /// (file) name it takes.
    pub(crate) fn claim_with_module(&mut self, candidate: String) -> (String, String) {
        let candidate = shorten_type_name(&candidate).into_owned();
        loop {
            let name = self.names.claim(candidate.clone());
            let module = snake_name(&name);
            if !self.modules.contains(&module) {
                self.modules.insert(module.clone());
                return (name, module);
            }
        }
    }

    /// The name [`TypeScope::claim_with_module`] claims.
    #[cfg(test)]
    pub(crate) fn claim(&mut self, candidate: String) -> String {
        self.claim_with_module(candidate).0
    }

    /// Takes a name and its module that another scope handed out, as a
    /// claim of the name itself would.
    pub(crate) fn take(&mut self, name: &str, module: &str) {
        self.names.claim(name.to_owned());
        self.modules.insert(module.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, snake_case, UpperCamelCase)
    const TABLE: &[(&str, &str, &str)] = &[
        (
            "GetLLMObsAnnotatedInteractionsByTraceIDs",
            "get_llm_obs_annotated_interactions_by_trace_ids",
            "GetLlmObsAnnotatedInteractionsByTraceIds",
        ),
        (
            "DeleteLLMObsAnnotationQueueInteractions",
            "delete_llm_obs_annotation_queue_interactions",
            "DeleteLlmObsAnnotationQueueInteractions",
        ),
        ("LLMObsAnnotation", "llm_obs_annotation", "LlmObsAnnotation"),
        ("contentIds", "content_ids", "ContentIds"),
        ("content_ids", "content_ids", "ContentIds"),
        ("trace_id", "trace_id", "TraceId"),
        ("traceId", "trace_id", "TraceId"),
        ("interactionType", "interaction_type", "InteractionType"),
        ("IDs", "ids", "Ids"),
        ("userIDs", "user_ids", "UserIds"),
        ("URLs", "urls", "Urls"),
        ("imageURLs", "image_urls", "ImageUrls"),
        ("URLsList", "urls_list", "UrlsList"),
        ("OAuth2", "oauth2", "Oauth2"),
        ("OAuth2Token", "oauth2_token", "Oauth2Token"),
        ("eTag", "etag", "Etag"),
        ("ETag", "etag", "Etag"),
        ("HTTPServer", "http_server", "HttpServer"),
        ("HTTPSConnection", "https_connection", "HttpsConnection"),
        ("getHTTPResponseCode", "get_http_response_code", "GetHttpResponseCode"),
        ("XMLHttpRequest", "xml_http_request", "XmlHttpRequest"),
        ("x-request-id", "x_request_id", "XRequestId"),
        ("X-RateLimit-Reset", "x_rate_limit_reset", "XRateLimitReset"),
        ("JSONAPIErrorItem", "json_api_error_item", "JsonApiErrorItem"),
        ("APIErrorResponse", "api_error_response", "ApiErrorResponse"),
        ("api_key", "api_key", "ApiKey"),
        ("apiKeyAuth", "api_key_auth", "ApiKeyAuth"),
        ("int32", "int32", "Int32"),
        ("v2", "v2", "V2"),
        ("ipv4Address", "ipv4_address", "Ipv4Address"),
        ("IPv6", "ipv6", "Ipv6"),
        ("iOS", "ios", "Ios"),
        ("macOSVersion", "macos_version", "MacosVersion"),
        ("GitHubRepo", "github_repo", "GithubRepo"),
        ("2fa", "v2fa", "V2fa"),
        ("1", "v1", "V1"),
        ("type", "type_", "Type"),
        ("self", "self_", "Self_"),
        ("Self", "self_", "Self_"),
        ("match", "match_", "Match"),
        ("async", "async_", "Async"),
        ("a b", "a_b", "AB"),
        ("display_block", "display_block", "DisplayBlock"),
        ("llmobs_trace", "llmobs_trace", "LlmobsTrace"),
        ("experiment_trace", "experiment_trace", "ExperimentTrace"),
        ("annotated_interactions_by_trace", "annotated_interactions_by_trace", "AnnotatedInteractionsByTrace"),
        ("timeFrame", "time_frame", "TimeFrame"),
        ("tileDef", "tile_def", "TileDef"),
        (">=", "greater_than_or_equal", "GreaterThanOrEqual"),
        ("<=", "less_than_or_equal", "LessThanOrEqual"),
        (">", "greater_than", "GreaterThan"),
        ("!=", "not_equal", "NotEqual"),
        ("-", "minus", "Minus"),
        ("+", "plus", "Plus"),
        ("", "empty", "Empty"),
        ("_", "underscore", "Underscore"),
        ("__proto__", "proto", "Proto"),
        ("café", "cafe", "Cafe"),
        ("Größe der Ölfässer", "grosse_der_olfasser", "GrosseDerOlfasser"),
        ("ÉtatCivil", "etat_civil", "EtatCivil"),
        ("İstanbul", "istanbul", "Istanbul"),
        ("Thïngs 🚀", "things_u1f680", "ThingsU1f680"),
        ("日本", "u65e5_u672c", "U65e5U672c"),
        ("datadoghq.com", "datadoghq_com", "DatadoghqCom"),
        ("us3.datadoghq.com", "us3_datadoghq_com", "Us3DatadoghqCom"),
        ("ddog-gov.com", "ddog_gov_com", "DdogGovCom"),
        ("ALL_CAPS_VALUE", "all_caps_value", "AllCapsValue"),
        ("Too Many Requests", "too_many_requests", "TooManyRequests"),
        ("OK", "ok", "Ok"),
        ("Non-Authoritative Information", "non_authoritative_information", "NonAuthoritativeInformation"),
    ];

    #[test]
    fn naming_table() {
        let mut failures = Vec::new();
        for (input, snake, pascal) in TABLE {
            let (got_snake, got_pascal) = (snake_name(input), pascal_name(input));
            if got_snake != *snake || got_pascal != *pascal {
                failures.push(format!("{input:?}: got ({got_snake}, {got_pascal}), want ({snake}, {pascal})"));
            }
        }
        assert!(failures.is_empty(), "{} of {} names differ:\n{}", failures.len(), TABLE.len(), failures.join("\n"));
    }

    #[test]
    fn every_name_is_a_valid_identifier() {
        for (input, _, _) in TABLE {
            for name in [snake_name(input), pascal_name(input)] {
                assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{input:?} -> {name:?}");
            }
        }
    }

    #[test]
    fn names_that_clash_after_case_conversion_are_told_apart_in_order() {
        let mut scope = Scope::new();
        let names: Vec<String> = ["fooBar", "foo_bar", "FOO_BAR", "foo-bar"].iter().map(|n| scope.claim(pascal_name(n))).collect();
        assert_eq!(names, ["FooBar", "FooBar2", "FooBar3", "FooBar4"]);
    }

    #[test]
    fn scope_settles_clashes_in_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("FooBar".into()), "FooBar");
        assert_eq!(scope.claim("FooBar".into()), "FooBar2");
        assert_eq!(scope.claim("FooBar".into()), "FooBar3");
        assert_eq!(scope.claim("V1".into()), "V1");
        assert_eq!(scope.claim("V1".into()), "V1_2");
        assert_eq!(scope.claim("Self_".into()), "Self_");
        assert_eq!(scope.claim("Self_".into()), "Self2");
        assert_eq!(scope.claim("type_".into()), "type_");
        assert_eq!(scope.claim("type_".into()), "type2");
    }

    #[test]
    fn type_names_are_unique_as_modules_too() {
        let mut scope = TypeScope::new();
        assert_eq!(scope.claim("LlmObsType".into()), "LlmObsType");
        assert_eq!(scope.claim("LLMObsType".into()), "LLMObsType2");
        // `LlmObsType2` is free as a name, but `llm_obs_type2.rs` is taken.
        assert_eq!(scope.claim("LlmObsType".into()), "LlmObsType3");
        // `models.rs` would be the module `models::models`.
        assert_eq!(scope.claim("Models".into()), "Models2");
    }

    /// The names the generated client module, `ClientBuilder`, `Client`
    /// and each `Request` define are the reserved ones or minted from the
    /// spec: an emitter that starts using a new name must reserve it.
    #[test]
    fn reserved_names_are_what_the_emitters_use() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/llm-obs.yaml");
        let config = crate::Config { spec_display: "spec/llm-obs.yaml".into(), crate_name: "generated".into() };
        let generated = crate::generate_from_path(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
        let api = &generated.api;
        let parse = |path: &str| syn::parse_file(&generated.files[path]).unwrap_or_else(|e| panic!("{path}: {e}"));
        let check = |what: &str, used: Vec<String>, reserved: &[&str], minted: Vec<&str>| {
            let stray: Vec<&String> = used.iter().filter(|n| !reserved.contains(&n.as_str()) && !minted.contains(&n.as_str())).collect();
            assert!(stray.is_empty(), "{what} uses {stray:?}, which are neither reserved nor minted from the spec");
        };
        let client = parse("src/client/mod.rs");
        let (mut builder, mut methods, mut module) = (Vec::new(), Vec::new(), Vec::new());
        for item in &client.items {
            match item {
                syn::Item::Struct(s) if s.ident == "ClientBuilder" => {
                    builder.extend(s.fields.iter().filter_map(|f| f.ident.as_ref()).map(|i| i.to_string()))
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let names = i.items.iter().filter_map(|it| match it {
                        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    });
                    match &*i.self_ty {
                        syn::Type::Path(p) if p.path.is_ident("ClientBuilder") => builder.extend(names),
                        _ => methods.extend(names),
                    }
                }
                syn::Item::Fn(f) => module.push(f.sig.ident.to_string()),
                syn::Item::Mod(m) => module.push(m.ident.to_string()),
                _ => {}
            }
        }
        let variables = api.servers.first().map(|s| s.variables.iter().map(|v| v.field.as_str()).collect::<Vec<_>>()).unwrap_or_default();
        let setters = api.security_schemes.iter().flat_map(|s| [Some(s.setter.as_str()), s.provider_setter.as_deref()]).flatten();
        check("ClientBuilder", builder, reserved::CLIENT_BUILDER, variables.into_iter().chain(setters).collect());
        let pages = api.operations.iter().filter_map(|o| o.pagination.as_ref()).map(|p| p.client_method.as_str());
        let streams = api
            .operations
            .iter()
            .flat_map(|o| [o.events_method.as_deref(), o.bytes_method.as_deref(), o.lines_method.as_deref()])
            .flatten();
        let pages = pages.chain(streams);
        check("Client", methods, reserved::CLIENT, api.operations.iter().map(|o| o.client_method.as_str()).chain(pages).collect());
        check("the client module", module, reserved::CLIENT_MODULE, Vec::new());
        for op in &api.operations {
            let file = parse(&format!("src/operations/{}.rs", file_group(&op.rust_name)));
            let module = file.items.iter().find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == op.rust_name => m.content.as_ref().map(|(_, items)| items),
                _ => None,
            });
            let mut used = Vec::new();
            for item in module.unwrap_or_else(|| panic!("no module {}", op.rust_name)) {
                match item {
                    syn::Item::Struct(s) if s.ident == "Request" => {
                        used.extend(s.fields.iter().filter_map(|f| f.ident.as_ref()).map(|i| i.to_string()))
                    }
                    syn::Item::Impl(i) if i.trait_.is_none() && matches!(&*i.self_ty, syn::Type::Path(p) if p.path.is_ident("Request")) => {
                        used.extend(i.items.iter().filter_map(|it| match it {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        }))
                    }
                    _ => {}
                }
            }
            check(&format!("{}::Request", op.rust_name), used, reserved::REQUEST, op.params.iter().map(|p| p.rust_name.as_str()).collect());
        }
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let mut scope = Scope::with_reserved(["Unknown"]);
        assert_eq!(scope.claim("Unknown".into()), "Unknown2");
    }

    #[test]
    fn a_type_whose_file_name_would_be_too_long_is_cut_at_a_word_and_numbered_apart() {
        // HSBC's inline schemas nest this deep.
        let long = "SmeLendingDefinitionBrandItem".repeat(8);
        let short = shorten_type_name(&long);
        assert!(snake_name(&short).len() <= MAX_MODULE_NAME - 8, "{short}");
        assert!(long.starts_with(short.as_ref()), "{short}");
        assert!(long[short.len()..].starts_with(|c: char| c.is_ascii_uppercase()), "cut after a whole word: {short}");
        let mut scope = TypeScope::new();
        let first = scope.claim(long.clone());
        let second = scope.claim(format!("{long}Other"));
        assert_eq!(first, short);
        assert_eq!(second, format!("{short}2"));
        assert!(snake_name(&second).len() <= MAX_MODULE_NAME);
        // Names that fit are left alone.
        assert_eq!(shorten_type_name("LlmObsAnnotation"), "LlmObsAnnotation");
        assert_eq!(shorten_type_name(&"A".repeat(300)).len(), MAX_MODULE_NAME - 8);
    }
}
