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
use generator::output::Freshness;
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
        Outcome::Unchanged(_) | Outcome::Patched { .. } => None,
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

/// A run as `cargo xtask codegen` makes it: through the cache in `cache`,
/// into the output folder `out`, which it brings up to date, the cache
/// kept for the next run.
fn into_folder(cache: &Path, spec: &Path, out: &Path) -> Outcome {
    let options = Options::default();
    let c = Cache::open(cache, spec, &config(), &options);
    let outcome = c.generate_into(spec, &config(), &options, Some(out)).unwrap_or_else(|e| panic!("does not generate:\n{e}"));
    match &outcome {
        Outcome::Generated { generated, .. } => c.save(spec, &config(), &options, generated).expect("the cache is written"),
        Outcome::Patched { .. } => c.save_patched().expect("the patch's state is written"),
        Outcome::Unchanged(_) => {}
    }
    let freshness = match outcome.on_disk() {
        Some(known) => Freshness::compare_known(outcome.files(), out, known),
        None => Freshness::compare(outcome.files(), out),
    };
    freshness.update(outcome.files(), out).expect("the output is written");
    outcome
}

/// The files and warnings of a run without a cache.
fn cold_with_warnings(spec: &Path) -> (Files, Vec<String>) {
    let generated = generator::generate_from_path(spec, &config()).unwrap_or_else(|e| panic!("does not generate:\n{e}"));
    (generated.files, generated.warnings)
}

/// What a folder holds, as files by path.
fn folder(dir: &Path) -> Files {
    fn walk(root: &Path, dir: &Path, files: &mut Files) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).expect("text"));
            }
        }
    }
    let mut files = Files::new();
    walk(dir, dir, &mut files);
    files
}

/// A spec with descriptions written every way YAML writes a string, and
/// warnings before and after them (unions whose options overlap).
const NOTES: &str = r#"openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The note.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
components:
  schemas:
    Early:
      oneOf:
        - {type: object, properties: {a: {type: string}}}
        - {type: object, properties: {b: {type: string}}}
    Note:
      type: object
      description: A note.
      required: [text]
      properties:
        text:
          type: string
          description: |
            The text.

            In Markdown.
        author: {$ref: '#/components/schemas/Author'}
        tags:
          type: array
          items:
            type: string
            description: "A tag, quoted."
    Author:
      description: Who wrote
        the note.
      allOf:
        - description: The person.
          type: object
          properties:
            name: {type: string}
    Late:
      oneOf:
        - {type: object, properties: {c: {type: string}}}
        - {type: object, properties: {d: {type: string}}}
"#;

/// One edit of [`NOTES`] (the first `from`, replaced), and whether the
/// run after it is patched.
struct Patch {
    what: &'static str,
    from: &'static str,
    to: &'static str,
    patched: bool,
}

/// Applies `edits` in turn; after each, the run into the output folder is
/// patched (or not) as said, and gives the cold run's files and warnings
/// byte for byte, as does the run after it (unchanged).
fn patches_keep_the_cold_output(spec: &Path, cache: &Path, out: &Path, edits: &[Patch]) {
    let (want, _) = cold_with_warnings(spec);
    assert!(matches!(into_folder(cache, spec, out), Outcome::Generated { .. }));
    assert_same("the first run", &folder(out), &want);
    assert!(matches!(into_folder(cache, spec, out), Outcome::Unchanged(_)), "the same spec again is the cached run");
    for edit in edits {
        let text = std::fs::read_to_string(spec).expect("read");
        let edited = text.replacen(edit.from, edit.to, 1);
        assert_ne!(edited, text, "{}: the edit applies", edit.what);
        std::fs::write(spec, edited).expect("write");
        let (want, warnings) = cold_with_warnings(spec);
        let run = into_folder(cache, spec, out);
        assert_eq!(matches!(run, Outcome::Patched { .. }), edit.patched, "{}: patched is {}", edit.what, edit.patched);
        assert_same(edit.what, run.files(), &want);
        assert_same(edit.what, &folder(out), &want);
        assert_eq!(run.warnings(), warnings.as_slice(), "{}: the warnings are the cold run's", edit.what);
        let again = into_folder(cache, spec, out);
        assert!(matches!(again, Outcome::Unchanged(_)), "{}: the same spec again is the cached run", edit.what);
        assert_eq!(again.warnings(), warnings.as_slice(), "{}: the cached run's warnings", edit.what);
    }
}

#[test]
fn a_description_edit_is_patched_into_the_cached_run_and_gives_the_cold_output() {
    let dir = tests::root().join("target/scratch/cache-patch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = dir.join("notes.yaml");
    std::fs::write(&spec, NOTES).expect("write");
    let (_, warnings) = cold_with_warnings(&spec);
    assert!(warnings.len() >= 2 && warnings.iter().any(|w| w.contains("Late")), "warnings before and after the edits: {warnings:#?}");
    patches_keep_the_cold_output(
        &spec,
        &dir.join("cache"),
        &dir.join("out"),
        &[
            Patch { what: "a plain description", from: "description: A note.", to: "description: A note, edited.", patched: true },
            Patch {
                what: "a block scalar two lines longer (the later warning moves)",
                from: "            In Markdown.\n",
                to: "            In Markdown.\n\n            With a second paragraph.\n",
                patched: true,
            },
            Patch { what: "a quoted description", from: "\"A tag, quoted.\"", to: "\"A tag: quoted, \\\"really\\\".\"", patched: true },
            Patch { what: "a description over two lines", from: "the note.", to: "the note,\n        and its tags.", patched: true },
            Patch {
                what: "a description in a list item",
                from: "- description: The person.",
                to: "- description: A person.",
                patched: true,
            },
            Patch { what: "a description made blank", from: "description: A note, edited.", to: "description: ' '", patched: false },
            Patch { what: "a description given back", from: "description: ' '", to: "description: A note again.", patched: false },
            Patch {
                what: "a description that says `nullable` (parsed another way)",
                from: "A note again.",
                to: "A note, never nullable.",
                patched: false,
            },
            Patch { what: "a constraint", from: "name: {type: string}", to: "name: {type: string, maxLength: 3}", patched: false },
            Patch { what: "a description after other edits", from: "A person.", to: "The author.", patched: true },
        ],
    );
}

#[test]
fn an_edit_inside_one_schema_is_patched_into_the_cached_run_and_gives_the_cold_output() {
    let dir = tests::root().join("target/scratch/cache-patch-structure");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = dir.join("notes.yaml");
    std::fs::write(&spec, NOTES).expect("write");
    patches_keep_the_cold_output(
        &spec,
        &dir.join("cache"),
        &dir.join("out"),
        &[
            Patch {
                what: "a property added (the later warning moves)",
                from: "        tags:\n",
                to: "        pinned:\n          type: boolean\n        tags:\n",
                patched: true,
            },
            Patch {
                what: "a property with a description added",
                from: "        pinned:\n",
                to: "        colour:\n          type: string\n          description: Its colour.\n        pinned:\n",
                patched: true,
            },
            Patch { what: "a property made required", from: "required: [text]", to: "required: [text, pinned]", patched: true },
            Patch { what: "a property's type changed", from: "          type: boolean", to: "          type: integer", patched: true },
            Patch { what: "the new description edited", from: "Its colour.", to: "The colour it is shown in.", patched: true },
            Patch {
                what: "a property with a description removed",
                from: "        colour:\n          type: string\n          description: The colour it is shown in.\n",
                to: "",
                patched: true,
            },
            Patch {
                what: "a property of a type it already names",
                from: "        pinned:\n",
                to: "        editor: {$ref: '#/components/schemas/Author'}\n        pinned:\n",
                patched: true,
            },
            Patch {
                what: "a property of a type it did not name",
                from: "        pinned:\n",
                to: "        before: {$ref: '#/components/schemas/Early'}\n        pinned:\n",
                patched: false,
            },
            Patch {
                what: "a property of an inline object (a new type)",
                from: "        pinned:\n",
                to: "        place:\n          type: object\n          properties:\n            x: {type: number}\n        pinned:\n",
                patched: false,
            },
            Patch {
                what: "a union's option",
                from: "{type: object, properties: {a: {type: string}}}",
                to: "{type: object, properties: {a: {type: string}, a2: {type: string}}}",
                patched: false,
            },
            Patch {
                what: "an `allOf` part",
                from: "            name: {type: string}",
                to: "            name: {type: string}\n            email: {type: string}",
                patched: false,
            },
            Patch { what: "the schema's own description", from: "description: A note.", to: "description: The note.", patched: true },
            Patch {
                what: "a property added after all that",
                from: "        pinned:\n",
                to: "        done: {type: boolean}\n        pinned:\n",
                patched: true,
            },
        ],
    );
}

#[test]
fn edits_in_json_are_patched_too() {
    let dir = tests::root().join("target/scratch/cache-patch-json");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = dir.join("notes.json");
    let value: serde_json::Value = serde_yaml::from_str(NOTES).expect("YAML");
    std::fs::write(&spec, serde_json::to_string_pretty(&value).expect("JSON")).expect("write");
    patches_keep_the_cold_output(
        &spec,
        &dir.join("cache"),
        &dir.join("out"),
        &[
            Patch { what: "a JSON string", from: "\"A note.\"", to: "\"A note with \\\"quotes\\\" and a\\nline break.\"", patched: true },
            Patch { what: "another", from: "\"A tag, quoted.\"", to: "\"A tag.\"", patched: true },
            Patch { what: "a string that is no description", from: "\"The note.\"", to: "\"The note, edited.\"", patched: false },
            Patch {
                what: "a property added",
                from: "\"tags\": {",
                to: "\"pinned\": {\n          \"type\": \"boolean\",\n          \"description\": \"Pinned.\"\n        },\n        \"tags\": {",
                patched: true,
            },
            Patch { what: "its description edited", from: "\"Pinned.\"", to: "\"Pinned to the top.\"", patched: true },
        ],
    );
}

#[test]
fn an_output_folder_edited_by_hand_is_written_again_not_patched() {
    let dir = tests::root().join("target/scratch/cache-patch-hand");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (spec, cache, out) = (dir.join("notes.yaml"), dir.join("cache"), dir.join("out"));
    std::fs::write(&spec, NOTES).expect("write");
    into_folder(&cache, &spec, &out);
    let model = out.join("src/models/n.rs");
    let text = std::fs::read_to_string(&model).expect("the note's file");
    std::fs::write(&model, text.replacen("pub struct Note", "pub struct Nope", 1)).expect("write");
    // Unchanged spec: the folder is brought back.
    let run = into_folder(&cache, &spec, &out);
    assert!(!matches!(run, Outcome::Patched { .. }));
    assert_same("after a hand edit", &folder(&out), &cold(&spec));
    // A description edit, with a hand-edited file: not patched, and right.
    std::fs::write(&model, text.replacen("pub struct Note", "pub struct Nope", 1)).expect("write");
    let edited = NOTES.replacen("description: A note.", "description: A note, edited.", 1);
    std::fs::write(&spec, edited).expect("write");
    let run = into_folder(&cache, &spec, &out);
    assert!(matches!(run, Outcome::Generated { .. }), "a folder that is not the last run's output is not patched");
    assert_same("a description edit after a hand edit", &folder(&out), &cold(&spec));
}

#[test]
fn edits_of_a_real_spec_are_patched() {
    let dir = tests::root().join("target/scratch/cache-patch-real");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (spec, cache, out) = (dir.join("datadog-v1.yaml"), dir.join("cache"), dir.join("out"));
    let text = std::fs::read_to_string(tests::root().join("tests/real-specs/datadog-v1.yaml")).expect("read");
    std::fs::write(&spec, &text).expect("write");
    into_folder(&cache, &spec, &out);
    // A schema every widget reaches, so that many files are built again.
    let from = "      description: Returns the AWS account associated with this integration.";
    assert!(text.contains(from));
    std::fs::write(&spec, text.replacen(from, "      description: |-\n        Returns the AWS account\n        of this integration.", 1))
        .expect("write");
    let (want, warnings) = cold_with_warnings(&spec);
    let run = into_folder(&cache, &spec, &out);
    let Outcome::Patched { rebuilt, .. } = run else { panic!("a description edit is patched") };
    assert!(rebuilt > 0 && rebuilt < 100, "{rebuilt} files built again");
    assert_same("Datadog v1 after a description edit", &folder(&out), &want);
    assert_eq!(run.warnings(), warnings.as_slice(), "the warnings (their lines moved) are the cold run's");
    // A property added to the same schema (the first of two with this
    // property).
    let text = std::fs::read_to_string(&spec).expect("read");
    let from = "        access_key_id:\n";
    std::fs::write(
        &spec,
        text.replacen(from, &format!("        account_label:\n          type: string\n          description: A label.\n{from}"), 1),
    )
    .expect("write");
    let (want, warnings) = cold_with_warnings(&spec);
    let run = into_folder(&cache, &spec, &out);
    let Outcome::Patched { rebuilt, .. } = run else { panic!("a property added is patched") };
    assert!(rebuilt > 0 && rebuilt < 100, "{rebuilt} files built again");
    assert_same("Datadog v1 after a property is added", &folder(&out), &want);
    assert_eq!(run.warnings(), warnings.as_slice(), "the warnings (their lines moved) are the cold run's");
}

#[test]
fn many_edits_in_a_row_are_each_patched_and_right() {
    let dir = tests::root().join("target/scratch/cache-patch-many");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (spec, cache, out) = (dir.join("notes.yaml"), dir.join("cache"), dir.join("out"));
    std::fs::write(&spec, NOTES).expect("write");
    into_folder(&cache, &spec, &out);
    // More edits than the deltas kept before the state is written whole,
    // each growing the block scalar by a line, or adding a property with a
    // description (so the later warning moves).
    let mut text = NOTES.to_owned();
    for i in 0..20 {
        text = match i % 2 {
            0 => text.replacen("            In Markdown.\n", &format!("            In Markdown.\n            Line {i}.\n"), 1),
            _ => text.replacen(
                "        tags:\n",
                &format!("        p{i}:\n          type: string\n          description: P {i}.\n        tags:\n"),
                1,
            ),
        };
        std::fs::write(&spec, &text).expect("write");
        let (want, warnings) = cold_with_warnings(&spec);
        let run = into_folder(&cache, &spec, &out);
        assert!(matches!(run, Outcome::Patched { .. }), "edit {i} is patched");
        assert_same(&format!("edit {i}"), &folder(&out), &want);
        assert_eq!(run.warnings(), warnings.as_slice(), "edit {i}: the warnings");
    }
    assert!(matches!(into_folder(&cache, &spec, &out), Outcome::Unchanged(_)));
}

/// A property added to each schema of a spec that uses most constructs,
/// one after the other: each run, patched or generated, is the cold run's
/// byte for byte, and the edits the patch takes are patched.
#[test]
fn a_property_added_to_each_schema_in_turn_gives_the_cold_output() {
    let dir = tests::root().join("target/scratch/cache-patch-each");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (spec, cache, out) = (dir.join("requests.yaml"), dir.join("cache"), dir.join("out"));
    let mut text = std::fs::read_to_string(tests::root().join("tests/coverage-specs/requests.yaml")).expect("read");
    std::fs::write(&spec, &text).expect("write");
    into_folder(&cache, &spec, &out);
    // Each schema (`    Name:` under `components.schemas`) whose block
    // has its own `properties:`.
    let schemas = &text[text.find("\n  schemas:\n").expect("schemas")..];
    let keys: Vec<String> = schemas
        .lines()
        .filter(|l| l.len() > 4 && l.starts_with("    ") && !l.starts_with("     ") && l.trim_end().ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':').to_owned())
        .collect();
    let (mut patched, mut tried) = (0, 0);
    for key in keys {
        let Some(at) = text.find(&format!("\n    {key}:\n")) else { continue };
        let block_end = text[at + 1..].find("\n    ").map_or(text.len(), |e| {
            // The next line as far in as the keys, or less.
            let rest = &text[at + 1..];
            let mut end = e;
            while rest[end + 1..].starts_with("     ") {
                match rest[end + 1..].find("\n    ") {
                    Some(n) => end += 1 + n,
                    None => return text.len(),
                }
            }
            at + 1 + end
        });
        let Some(p) = text[at..block_end].find("\n      properties:\n") else { continue };
        let insert = at + p + "\n      properties:\n".len();
        text.insert_str(insert, &format!("        added_to_{}:\n          type: string\n", key.to_lowercase()));
        std::fs::write(&spec, &text).expect("write");
        let (want, warnings) = cold_with_warnings(&spec);
        let run = into_folder(&cache, &spec, &out);
        patched += usize::from(matches!(run, Outcome::Patched { .. }));
        tried += 1;
        assert_same(&format!("a property added to {key}"), &folder(&out), &want);
        assert_eq!(run.warnings(), warnings.as_slice(), "{key}: the warnings are the cold run's");
    }
    assert!(tried >= 10 && patched * 2 >= tried, "{patched} of {tried} edits patched");
}
