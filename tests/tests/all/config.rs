//! `codegen.toml` (`generator::config`) and `--report-untyped`, on
//! `tests/config-specs/shop.yaml`: each key changes the generated crate as
//! the README says and the crate still builds clippy-clean; mistakes in the
//! file are errors at its `line:col`; the fragment's crate is unchanged
//! without a file.

use std::process::Command;

use generator::config::CodegenConfig;
use generator::{GenerateError, Generated, Options};
use tests::root;
use tests::scratch::Workspace;

const SPEC: &str = "tests/config-specs/shop.yaml";

/// Generates the shop spec with `toml` as its `codegen.toml` (shown as
/// `codegen.toml`), named as `[package] name` says, else `shop`.
fn generate(toml: &str, report_untyped: bool) -> Result<Generated, GenerateError> {
    let codegen = CodegenConfig::parse("codegen.toml", toml)?;
    let crate_name = codegen.crate_name().unwrap_or("shop").to_owned();
    let path = root().join(SPEC);
    let text = std::fs::read_to_string(&path).expect("the spec is readable");
    let source = generator::SourceFile::new(SPEC, text).with_disk_path(&path);
    let config = generator::Config { spec_display: SPEC.into(), crate_name };
    generator::generate_with(&source, &config, &Options { codegen, report_untyped })
}

fn error(toml: &str) -> String {
    match generate(toml, false) {
        Ok(_) => panic!("`{toml}` should be refused"),
        Err(e) => e.rendered,
    }
}

const EVERY_KEY: &str = r##"
[package]
name = "shop-sdk"
version = "2.3.0"
features = { extras = [] }

[dependencies]
url = { version = "2", features = ["serde"] }

[operations.include]
tags = ["pets"]
[operations.exclude]
ids = ["deletePet"]
paths = ["PATCH /nothing*"]

[types]
"#/components/schemas/Link" = "url::Url"

[derives]
schemas = { Pet = ["Eq", "Hash"] }
"##;

#[test]
fn every_key_changes_the_output_and_the_crate_builds() {
    let generated = generate(EVERY_KEY, false).unwrap_or_else(|e| panic!("{e}"));
    let files = &generated.files;
    let cargo = &files["Cargo.toml"];
    // [package] and [dependencies].
    assert!(cargo.contains("name = \"shop-sdk\"\nversion = \"2.3.0\"\n"), "{cargo}");
    assert!(cargo.contains("# From codegen.toml.\nextras = []\n"), "{cargo}");
    assert!(cargo.contains("\nurl = { features = [\"serde\"], version = \"2\" }\n"), "{cargo}");
    // [operations]: only the pets tag, without deletePet; the store tag's
    // feature goes with its operations.
    let operations: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("operations::")).collect();
    assert_eq!(operations, ["get_pet", "list_pets"]);
    assert!(cargo.contains("default = [\"pets\"]\n") && !cargo.contains("store = []"), "{cargo}");
    // Pruned: what only placeOrder reaches, and what nothing reaches.
    let models: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("models::")).collect();
    assert_eq!(models, ["Kind", "Owner", "Pet"]);
    // [types]: the field is the mapped type, and `Link` has no model.
    let pet = generated.item("models::Pet").expect("Pet");
    assert!(pet.contains("pub photo: ::std::option::Option<::url::Url>,"), "{pet}");
    // [derives]: on Pet, and on the model it holds; the enum has them already.
    assert!(pet.contains("#[derive(Eq, Hash)]\n#[derive(Clone, Debug, PartialEq)]\npub struct Pet"), "{pet}");
    let owner = generated.item("models::Owner").expect("Owner");
    assert!(owner.contains("#[derive(Eq, Hash)]\n"), "{owner}");
    assert!(!generated.item("models::Kind").expect("Kind").contains("#[derive(Eq, Hash)]"));
    // A selector that matches nothing is a warning at its place in the file.
    let warning = generated.warnings.iter().find(|w| w.contains("`PATCH /nothing*` matches no operation"));
    assert!(warning.is_some_and(|w| w.contains("codegen.toml:14:10")), "{:#?}", generated.warnings);

    // The crate builds clippy-clean with every feature and with none, and
    // a user's crate can put a `Pet` in a `HashSet` and read a `Url` off it.
    let mut workspace = Workspace::new("config-every-key");
    workspace.add("shop-sdk", files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())));
    let user_manifest = "[package]\nname = \"shop-user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nshop-sdk = { path = \"../shop-sdk\" }\nserde_json = \"1\"\nurl = \"2\"\n";
    let user_test = r##"
#[test]
fn pets_hash_and_links_are_urls() {
    let text = r#"{"id":"1","name":"Rex","photo":"https://shop.example.com/rex.png","owner":{"name":"Ann"}}"#;
    let pet: shop_sdk::models::Pet = serde_json::from_str(text).unwrap();
    let photo: &url::Url = pet.photo.as_ref().unwrap();
    assert_eq!(photo.host_str(), Some("shop.example.com"));
    let set: std::collections::HashSet<shop_sdk::models::Pet> = [pet.clone(), pet].into_iter().collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn a_mapped_query_parameter_is_sent_as_its_serde_form() {
    let near = url::Url::parse("https://a.example/x?y=1").unwrap();
    let request = shop_sdk::operations::list_pets::Request::default().near(near);
    assert_eq!(request.path_and_query().unwrap(), "/pets?near=https%3A%2F%2Fa.example%2Fx%3Fy%3D1");
}
"##
    .to_owned();
    workspace.add("shop-user", [("Cargo.toml", user_manifest.to_owned()), ("tests/user.rs", user_test), ("src/lib.rs", String::new())]);
    workspace.clippy_clean().unwrap_or_else(|e| panic!("{e}"));
    let none = workspace.cargo(&["clippy", "--quiet", "-p", "shop-sdk", "--all-targets", "--no-default-features"], &["-D", "warnings"]);
    assert!(none.status.success(), "{}", String::from_utf8_lossy(&none.stderr));
    let test = workspace.cargo(&["test", "--quiet", "-p", "shop-user"], &[]);
    assert!(test.status.success(), "{}{}", String::from_utf8_lossy(&test.stdout), String::from_utf8_lossy(&test.stderr));
}

#[test]
fn without_an_operation_filter_every_model_is_kept() {
    let plain = generate("", false).unwrap_or_else(|e| panic!("{e}"));
    let mapped = generate("[types]\nLink = \"url::Url\"\n", false).unwrap_or_else(|e| panic!("{e}"));
    for (generated, link) in [(&plain, true), (&mapped, false)] {
        let models: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("models::")).collect();
        assert!(models.contains(&"Orphan") && models.contains(&"Order"), "{models:?}");
        assert_eq!(models.contains(&"Link"), link, "{models:?}");
    }
    // An exclusion alone prunes too: the store's models go with placeOrder.
    let generated = generate("[operations.exclude]\ntags = [\"store\"]\n", false).unwrap_or_else(|e| panic!("{e}"));
    let models: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("models::")).collect();
    // `Link` is a string: used as one, its alias is reached by nothing.
    assert_eq!(models, ["Kind", "Owner", "Pet"]);
    let operations: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("operations::")).collect();
    assert_eq!(operations, ["delete_pet", "get_pet", "list_pets"]);
}

#[test]
fn a_path_glob_selects_by_method_and_path() {
    let generated =
        generate("[operations.include]\npaths = [\"GET /pets/{petId}\", \"* /store/*\"]\n", false).unwrap_or_else(|e| panic!("{e}"));
    let operations: Vec<&str> = generated.items.keys().filter_map(|p| p.strip_prefix("operations::")).collect();
    assert_eq!(operations, ["get_pet", "place_order"]);
}

#[test]
fn mistakes_in_the_file_are_located_errors() {
    let cases: &[(&str, &[&str])] = &[
        ("[operations.include]\nidz = [\"x\"]\n", &["unknown field `idz`", "codegen.toml:2:1"]),
        ("[pakage]\nname = \"x\"\n", &["unknown field `pakage`", "codegen.toml:1:2"]),
        ("[operations.include]\npaths = [\"GET /pets/[a\"]\n", &["`/pets/[a` is not a valid glob", "codegen.toml:2:10"]),
        ("[operations.exclude]\npaths = [\"FETCH /pets\"]\n", &["`FETCH` in `FETCH /pets` is not an HTTP method", "codegen.toml:2:10"]),
        ("[package]\nversion = \"two\"\n", &["`two` is not a version Cargo takes", "codegen.toml:2:11"]),
        ("[types]\nNope = \"a::B\"\n", &["`[types]` names `Nope`, which is not a schema", "codegen.toml:2:1"]),
        ("[types]\nLink = \"not a path\"\n", &["`not a path` is not a Rust type path", "codegen.toml:2:8"]),
        ("[derives]\nall = [\"Hash\"]\n", &["cannot derive `Hash` on `Order`: `Order` keeps unknown properties", "codegen.toml:2:8"]),
        ("[derives]\nschemas = { Pet = [\"Ord\"] }\n", &["`Ord` needs `Eq` and `PartialOrd` in the same list", "codegen.toml:2:20"]),
        ("[derives]\nall = [\"Clone\"]\n", &["every model has `Clone` already", "codegen.toml:2:8"]),
        ("[package]\nfeatures = { client = [] }\n", &["the generated crate has a feature `client` itself", "codegen.toml:2:14"]),
        ("[dependencies]\nserde = \"1\"\n", &["the generated crate depends on `serde` itself", "codegen.toml:2:1"]),
        ("[derives]\nall = [", &["codegen.toml:2:8"]),
    ];
    for (toml, wanted) in cases {
        let rendered = error(toml);
        for w in *wanted {
            assert!(rendered.contains(w), "`{toml}` should give `{w}`:\n{rendered}");
        }
    }
    // A float field cannot be `Eq`: named with the model that holds it.
    let spec = "[derives]\nschemas = { Pet = [\"Eq\"] }\n";
    assert!(generate(spec, false).is_ok(), "Pet has no float");
    let floats = r##"
openapi: 3.0.3
info: { title: Floats, version: "1" }
paths: {}
components:
  schemas:
    Outer:
      type: object
      additionalProperties: false
      properties:
        inner: { $ref: "#/components/schemas/Inner" }
    Inner:
      type: object
      additionalProperties: false
      properties:
        weight: { type: number }
"##;
    let codegen = CodegenConfig::parse("codegen.toml", "[derives]\nschemas = { Outer = [\"Eq\"] }\n").expect("parses");
    let source = generator::SourceFile::new("floats.yaml", floats);
    let config = generator::Config { spec_display: "floats.yaml".into(), crate_name: "floats".into() };
    let rendered = generator::generate_with(&source, &config, &Options { codegen, report_untyped: false }).expect_err("refused").rendered;
    assert!(
        rendered.contains("cannot derive `Eq` on `Outer`: `Inner.weight` is a number (`f64`) (it holds `Inner` through `Outer.inner`)"),
        "{rendered}"
    );
}

#[test]
fn the_fragment_is_unchanged_without_a_config() {
    // No codegen.toml beside the spec, and the default options give the
    // checked-in crate byte for byte.
    assert_eq!(generator::config::beside(&tests::spec_path()), None);
    let generated =
        generator::generate_from_path_with(&tests::spec_path(), &tests::config(), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let freshness = generator::output::Freshness::compare(&generated.files, &root().join("generated"));
    assert!(freshness.is_fresh(), "{:#?}", freshness.report(&root().join("generated")));
}

#[test]
fn report_untyped_lists_every_free_form_place() {
    let generated = generate("", true).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<String> = generated.untyped.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "tests/config-specs/shop.yaml:127:9: models::Order.extras{} is serde_json::Value: an object with no properties and no `additionalProperties` schema (#/components/schemas/Order/properties/extras)",
            "tests/config-specs/shop.yaml:129:9: models::Order.items[] is serde_json::Value: an array without an `items` schema (#/components/schemas/Order/properties/items)",
            "tests/config-specs/shop.yaml:126:9: models::Order.notes is serde_json::Value: no `type` or shape: any JSON value (#/components/schemas/Order/properties/notes)",
            "tests/config-specs/shop.yaml:19:7: operations::list_pets::Request.filter is serde_json::Value: no `type` or shape: any JSON value (#/paths/~1pets/get/parameters)",
        ]
    );
    // Without the flag, nothing is computed; a mapped or pruned schema is
    // not listed.
    assert!(generate("", false).expect("generates").untyped.is_empty());
    let kept = generate("[operations.include]\ntags = [\"pets\"]\n", true).expect("generates");
    assert_eq!(kept.untyped.len(), 1, "{:#?}", kept.untyped);
}

#[test]
fn xtask_reads_codegen_toml_beside_the_spec_or_given() {
    let dir = root().join("target/config-xtask");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(root().join(SPEC), dir.join("shop.yaml")).expect("copy the spec");
    std::fs::write(dir.join("codegen.toml"), "[package]\nname = \"beside\"\n[operations.include]\nids = [\"getPet\"]\n").expect("write");
    std::fs::write(dir.join("other.toml"), "[package]\nname = \"given\"\n").expect("write");
    let run = |extra: &[&str]| {
        let out = dir.join("out");
        let output = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--spec"])
            .arg(dir.join("shop.yaml"))
            .arg("--out")
            .arg(&out)
            .args(extra)
            .current_dir(root())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (std::fs::read_to_string(out.join("Cargo.toml")).expect("written"), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (cargo, _) = run(&[]);
    assert!(cargo.contains("name = \"beside\""), "{cargo}");
    let (cargo, stdout) = run(&["--config", dir.join("other.toml").to_str().expect("utf-8"), "--report-untyped"]);
    assert!(cargo.contains("name = \"given\""), "{cargo}");
    assert!(stdout.contains("untyped: 4 places hold serde_json::Value"), "{stdout}");
    let (cargo, _) = run(&["--crate-name", "flag"]);
    assert!(cargo.contains("name = \"flag\""), "{cargo}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_untyped_on_the_constructs_spec_points_into_all_of_parts() {
    let display = "tests/coverage-specs/constructs.yaml";
    let path = root().join(display);
    let options = Options { report_untyped: true, ..Options::default() };
    let config = generator::Config { spec_display: display.into(), crate_name: "constructs".into() };
    let source = generator::SourceFile::new(display, std::fs::read_to_string(&path).expect("readable")).with_disk_path(&path);
    let generated = generator::generate_with(&source, &config, &options).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<String> =
        generated.untyped.iter().map(|u| format!("{}:{:?} {} #{}", u.file, u.location, u.rust_path, u.pointer)).collect();
    assert_eq!(
        lines,
        [
            "tests/coverage-specs/constructs.yaml:Some(Location { line: 167, column: 13 }) models::Item.anything #/components/schemas/Item/allOf/1/properties/anything",
            "tests/coverage-specs/constructs.yaml:Some(Location { line: 147, column: 13 }) models::Item.extra{} #/components/schemas/Item/allOf/1/properties/extra",
        ]
    );
}
