//! The output cache (`generator::cache`, what `cargo xtask codegen` keeps
//! under `target/codegen-cache/`) never changes the output: a cached run, and
//! a run after an edit that reuses the cache's files and formatting, give the
//! cold run's files byte for byte, whatever the edit (a description, a
//! rename of a type others use, a change to a type that changes the files
//! of the types and operations using it, an operation added or removed),
//! on small specs and real ones; a cache from another generator version, or
//! a corrupt one, is not trusted.

use std::path::{Path, PathBuf};

use generator::cache::{Cache, Outcome, GENERATOR_VERSION};
use generator::{Config, Files, Options};

/// A copy of `spec` (and its folder, for specs of several files) in a
/// scratch folder of its own, with an empty cache folder beside it.
fn scratch(name: &str, spec: &str) -> (PathBuf, PathBuf) {
    let dir = tests::root().join("target/scratch").join(format!("cache-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let from = tests::root().join(spec);
    copy_dir(from.parent().expect("the spec is in a folder"), &dir.join("spec"));
    (dir.join("spec").join(from.file_name().expect("a file")), dir.join("cache"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

fn config() -> Config {
    Config { spec_display: "spec.yaml".into(), crate_name: "cached".into() }
}

/// Generation without a cache.
fn cold(spec: &Path) -> Files {
    generator::generate_from_path(spec, &config()).unwrap_or_else(|e| panic!("does not generate:\n{e}")).files
}

/// A run through the cache in `cache`, kept for the next one.
fn cached(cache: &Path, spec: &Path) -> Outcome {
    let c = Cache::open(cache, spec, &config(), &Options::default());
    let outcome = c.generate_from_path(spec, &config(), &Options::default()).unwrap_or_else(|e| panic!("does not generate:\n{e}"));
    if let Outcome::Generated { generated, .. } = &outcome {
        c.save(spec, &config(), &Options::default(), generated).expect("the cache is written");
    }
    outcome
}

/// Of the Rust files emitted: how many came whole from the cache, how many
/// were formatted, and how many there are.
fn reused(outcome: &Outcome) -> Option<(usize, usize, usize)> {
    match outcome {
        Outcome::Unchanged(_) => None,
        Outcome::Generated { emitted, reused, formatted, .. } => Some((*reused, *formatted, *emitted)),
    }
}

fn assert_same(what: &str, got: &Files, want: &Files) {
    let differ: Vec<&String> = want.keys().chain(got.keys()).filter(|path| got.get(*path) != want.get(*path)).collect();
    assert!(differ.is_empty(), "{what}: these files differ from the cold run's: {differ:?}");
}

#[test]
fn cached_runs_give_the_cold_output_byte_for_byte_before_and_after_a_one_schema_edit() {
    let (spec, cache) = scratch("edit", "spec/llm-obs.yaml");
    let before = cold(&spec);

    let first = cached(&cache, &spec);
    let (reused_first, formatted, emitted) = reused(&first).expect("an empty cache holds no run");
    assert_eq!(reused_first, 0);
    // The plainest models are written as text, never formatted.
    assert!(formatted > 10 && formatted <= emitted, "the files were formatted: {formatted} of {emitted}");
    assert_same("the first run, into an empty cache", first.files(), &before);

    let again = cached(&cache, &spec);
    assert!(matches!(again, Outcome::Unchanged(_)), "an unchanged spec is the cached run");
    assert_same("the cached run", again.files(), &before);

    // One schema's description changes: one model file does.
    let text = std::fs::read_to_string(&spec).expect("read");
    let edited = text.replacen("      description: API error response.", "      description: An API error response, edited.", 1);
    assert_ne!(edited, text, "the edit applies");
    std::fs::write(&spec, edited).expect("write");
    let after = cold(&spec);
    let changed: Vec<&String> = after.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
    assert_eq!(changed, ["src/models/a.rs"]);

    let edit = cached(&cache, &spec);
    let (reused, formatted, emitted) = reused(&edit).expect("an edited spec is generated again");
    // The edited model is written as text, and the files built again
    // because they use it find their tokens' formatting in the cache.
    assert_eq!(formatted, 0, "every formatting comes from the cache");
    // The files of what uses the schema, and the list of every model, are
    // built again (and their formatting found in the cache); the rest not.
    assert!(reused > emitted * 3 / 4 && reused < emitted, "{reused} of {emitted} files reused");
    assert_same("the run after the edit", edit.files(), &after);
    assert_same("the cached run after the edit", cached(&cache, &spec).files(), &after);
}

#[test]
fn an_edit_to_a_file_the_spec_refers_to_is_not_served_from_the_cache() {
    let (spec, cache) = scratch("multi", "tests/coverage-specs/multi-file/openapi.yaml");
    cached(&cache, &spec);
    assert!(matches!(cached(&cache, &spec), Outcome::Unchanged(_)));
    let pet = spec.parent().expect("folder").join("schemas/pet.yaml");
    let text = std::fs::read_to_string(&pet).expect("read");
    std::fs::write(&pet, text.replacen("  name: {type: string}", "  name: {type: string, description: The pet's name.}", 1))
        .expect("write");
    let after = cold(&spec);
    let edit = cached(&cache, &spec);
    assert!(reused(&edit).is_some(), "a changed referenced file is generated again");
    assert_same("the run after editing a referenced file", edit.files(), &after);
    assert!(after.values().any(|text| text.contains("The pet's name.")), "the edit shows in the output");
}

#[test]
fn a_corrupt_or_stale_cache_is_ignored_not_trusted() {
    let (spec, cache) = scratch("corrupt", "spec/llm-obs.yaml");
    let want = cold(&spec);
    let open = Cache::open(&cache, &spec, &config(), &Options::default());
    let file = open.path().to_path_buf();
    cached(&cache, &spec);
    let good = std::fs::read(&file).expect("the cache was written");

    // The cached text of a model, changed without changing its length: a
    // cache that trusted it would write it out.
    let needle = b"pub struct ApiErrorResponse";
    let at = good.windows(needle.len()).position(|w| w == needle).expect("a model's text is in the cache");
    let mut flipped = good.clone();
    flipped[at + 11] = b'X';
    // Cut short, as by a full disk.
    let truncated = good[..good.len() / 2].to_vec();
    // Written by another version of the generator.
    let version_at = good.windows(GENERATOR_VERSION.len()).position(|w| w == GENERATOR_VERSION.as_bytes()).expect("versioned");
    let mut stale = good.clone();
    stale[version_at..version_at + GENERATOR_VERSION.len()].copy_from_slice("0".repeat(GENERATOR_VERSION.len()).as_bytes());

    for (what, bytes) in
        [("a flipped byte", flipped), ("a truncated file", truncated), ("another version's file", stale), ("garbage", b"garbage".to_vec())]
    {
        std::fs::write(&file, &bytes).expect("write");
        let outcome = cached(&cache, &spec);
        assert_eq!(reused(&outcome).map(|(r, _, _)| r), Some(0), "{what}: nothing is read from the cache");
        assert_same(what, outcome.files(), &want);
        // The run rewrote the cache whole, so the next is served from it.
        assert!(matches!(cached(&cache, &spec), Outcome::Unchanged(_)), "{what}: the cache is rewritten");
    }
}

/// A spec whose types use one another in every way an emitter looks at
/// another type: a struct's field of a struct (`Pet.owner`), of a
/// one-value enum (`Pet.kind`), a union read in one pass whose options'
/// fields it reads (`Shape`), and operations that take and return them.
const PETS: &str = r#"openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
    put:
      operationId: putPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '204': {description: Stored.}
  /shapes:
    post:
      operationId: postShape
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shape'}
      responses:
        '204': {description: Stored.}
components:
  schemas:
    Pet:
      type: object
      required: [name, kind]
      properties:
        name: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
        kind: {$ref: '#/components/schemas/Kind'}
    Owner:
      type: object
      description: Who owns the pet.
      properties:
        nickname: {type: string}
    Kind:
      type: string
      enum: [dog]
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Square'}
      discriminator: {propertyName: shape}
    Circle:
      type: object
      required: [shape, radius]
      properties:
        shape: {type: string, enum: [Circle]}
        radius: {type: number}
    Square:
      type: object
      required: [shape, side]
      properties:
        shape: {type: string, enum: [Square]}
        side: {type: number}
"#;

/// An edit to a spec: the text replaced (everywhere), its replacement, and files
/// of the output besides the edited type's own that it must change, so
/// that the edit reaches a file through another type or operation.
struct Edit {
    what: &'static str,
    from: &'static str,
    to: &'static str,
    changes: &'static [&'static str],
}

/// Applies `edits` to the spec in turn; after each, a run through the cache
/// (which holds the run before) gives the cold run's files byte for byte,
/// and so does the run after it (the cached run).
fn edits_keep_the_cold_output(spec: &Path, cache: &Path, edits: &[Edit]) {
    let mut before = cold(spec);
    assert_same("the first run, into an empty cache", cached(cache, spec).files(), &before);
    for edit in edits {
        let text = std::fs::read_to_string(spec).expect("read");
        let edited = text.replace(edit.from, edit.to);
        assert_ne!(edited, text, "{}: the edit applies", edit.what);
        std::fs::write(spec, edited).expect("write");
        let after = cold(spec);
        let changed: Vec<&String> = after.keys().chain(before.keys()).filter(|p| before.get(*p) != after.get(*p)).collect();
        for file in edit.changes {
            assert!(changed.iter().any(|c| c == file), "{}: the edit changes {file} (changed: {changed:?})", edit.what);
        }
        let run = cached(cache, spec);
        let (reused, _, emitted) = reused(&run).unwrap_or_else(|| panic!("{}: an edited spec is generated again", edit.what));
        assert!(reused > 0 && reused < emitted, "{}: {reused} of {emitted} files reused", edit.what);
        assert_same(edit.what, run.files(), &after);
        let again = cached(cache, spec);
        assert!(matches!(again, Outcome::Unchanged(_)), "{}: the same spec again is the cached run", edit.what);
        assert_same(edit.what, again.files(), &after);
        before = after;
    }
}

#[test]
fn every_kind_of_edit_gives_the_cold_output_on_a_small_spec() {
    let dir = tests::root().join("target/scratch/cache-pets");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = dir.join("pets.yaml");
    std::fs::write(&spec, PETS).expect("write");
    const PET: &str = "src/models/p.rs";
    edits_keep_the_cold_output(
        &spec,
        &dir.join("cache"),
        &[
            Edit { what: "a description", from: "description: Who owns the pet.", to: "description: Who owns it.", changes: &[] },
            Edit {
                what: "a constraint on a type another uses (it needs validation now)",
                from: "nickname: {type: string}",
                to: "nickname: {type: string, maxLength: 10}",
                changes: &[PET, "src/operations/p.rs"],
            },
            Edit {
                what: "a type another uses deprecated",
                from: "      description: Who owns it.",
                to: "      description: Who owns it.\n      deprecated: true",
                changes: &[PET],
            },
            Edit { what: "a one-value enum gets a second value", from: "enum: [dog]", to: "enum: [dog, cat]", changes: &[PET] },
            Edit {
                what: "an option of a union read in one pass gets a property",
                from: "        side: {type: number}",
                to: "        side: {type: number}\n        color: {type: string}",
                changes: &["src/models/s.rs"],
            },
            Edit {
                what: "a type another uses becomes another kind",
                from: "    Owner:\n      type: object",
                to: "    Owner:\n      type: string\n      enum: [alice, bob]\n    OldOwner:\n      type: object",
                changes: &[PET],
            },
            Edit {
                what: "a type others use is renamed",
                from: "Owner",
                to: "Person",
                changes: &[PET, "src/models/o.rs"],
            },
            Edit {
                what: "an operation is added",
                from: "  /shapes:\n",
                to: "  /owners:\n    get:\n      operationId: listOwners\n      responses:\n        '200':\n          description: Owners.\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Person'}}\n  /shapes:\n",
                changes: &["src/operations/l.rs", "src/client/mod.rs"],
            },
            Edit {
                what: "an operation is removed",
                from: "  /shapes:\n    post:",
                to: "  /shapes:\n    x-post:",
                changes: &["src/client/mod.rs"],
            },
        ],
    );
}
