//! Union strategies a-d and enum naming on small specs: what lowering decided
//! (the union or enum in the intermediate model) and the code it emits.

use generator::ir::{TypeKind, UnionStrategy};
use tests::scratch::Workspace;

fn generate(name: &str) -> generator::Generated {
    tests::generate(&format!("tests/union-specs/{name}"), "unions").unwrap_or_else(|e| panic!("{name} does not generate:\n{e}"))
}

fn type_def<'a>(generated: &'a generator::Generated, name: &str) -> &'a generator::ir::TypeDef {
    generated.api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"))
}

fn strategy(generated: &generator::Generated, name: &str) -> UnionStrategy {
    match &type_def(generated, name).kind {
        TypeKind::Union(u) => u.strategy.clone(),
        other => panic!("{name} is not a union: {other:?}"),
    }
}

#[test]
fn a_explicit_discriminator() {
    let g = generate("a-discriminator.yaml");
    assert_eq!(strategy(&g, "Pet"), UnionStrategy::Tag { property: "petType".into(), explicit: true });
    insta::assert_debug_snapshot!("a_ir", type_def(&g, "Pet"));
    insta::assert_snapshot!("a_code", g.files["src/models/pet.rs"]);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn b_inferred_discriminator() {
    let g = generate("b-inferred.yaml");
    assert_eq!(strategy(&g, "Shape"), UnionStrategy::Tag { property: "kind".into(), explicit: false });
    insta::assert_debug_snapshot!("b_ir", type_def(&g, "Shape"));
    insta::assert_snapshot!("b_code", g.files["src/models/shape.rs"]);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn c_distinguishing_keys() {
    let g = generate("c-keys.yaml");
    assert_eq!(strategy(&g, "PaymentMethod"), UnionStrategy::Keys);
    insta::assert_debug_snapshot!("c_ir", type_def(&g, "PaymentMethod"));
    insta::assert_snapshot!("c_code", g.files["src/models/payment_method.rs"]);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn d_untagged_with_a_warning_naming_the_union() {
    let g = generate("d-untagged.yaml");
    assert_eq!(strategy(&g, "Setting"), UnionStrategy::Untagged);
    insta::assert_debug_snapshot!("d_ir", type_def(&g, "Setting"));
    insta::assert_snapshot!("d_code", g.files["src/models/setting.rs"]);
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    insta::assert_snapshot!("d_warning", g.warnings[0]);
}

#[test]
fn enum_values_that_are_not_identifiers_get_readable_unique_names() {
    let g = generate("enums.yaml");
    let names = |ty: &str| match &type_def(&g, ty).kind {
        TypeKind::StringEnum(e) => e.values.iter().map(|v| (v.wire.clone(), v.rust_name.clone())).collect::<Vec<_>>(),
        other => panic!("{ty}: {other:?}"),
    };
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        names("Comparator"),
        pairs(&[
            (">", "GreaterThan"),
            (">=", "GreaterThanOrEqual"),
            ("<", "LessThan"),
            ("<=", "LessThanOrEqual"),
            ("=", "Equal"),
            ("!=", "NotEqual")
        ])
    );
    assert_eq!(
        names("Odd"),
        pairs(&[
            ("1", "V1"),
            ("a b", "AB"),
            ("-", "Minus"),
            ("", "Empty"),
            ("café", "CafUe9"),
            ("fooBar", "FooBar"),
            ("foo_bar", "FooBar2"),
            ("unknown", "Unknown2")
        ])
    );
    assert_eq!(names("Named"), pairs(&[("a", "FirstChoice"), ("b", "Second")]));
    insta::assert_snapshot!("enum_odd_code", g.files["src/models/odd.rs"]);
    // A value named `unknown` must not collide with the catch-all variant.
    assert!(syn::parse_file(&g.files["src/models/odd.rs"]).is_ok());
}

/// The code for strategies a-d does what the snapshots say: the four small
/// specs are generated into a scratch workspace (`tests::scratch`), built once
/// and run against values of every option, an unknown one and a bad one.
#[test]
fn strategies_work_at_run_time() {
    let mut workspace = Workspace::new("union-check");
    let specs =
        [("a-discriminator.yaml", "pets"), ("b-inferred.yaml", "shapes"), ("c-keys.yaml", "payments"), ("d-untagged.yaml", "settings")];
    for (spec, crate_name) in specs {
        let generated = tests::generate(&format!("tests/union-specs/{spec}"), crate_name).expect("generates");
        workspace.add(crate_name, generated.files);
    }
    let manifest = "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\npets = { path = \"../pets\" }\nshapes = { path = \"../shapes\" }\npayments = { path = \"../payments\" }\nsettings = { path = \"../settings\" }\n";
    workspace.add("check", [("Cargo.toml", manifest), ("src/main.rs", RUN_TIME_CHECKS)]);
    let output = workspace.cargo(&["run", "--quiet", "--package", "check"], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the check failed:\n{stdout}\n{stderr}");
    assert_eq!(stdout.trim(), "all union checks passed");
}

const RUN_TIME_CHECKS: &str = r#"
use serde_json::{from_value, json, to_value, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(v: Value) -> T {
    let parsed: T = from_value(v.clone()).unwrap_or_else(|e| panic!("{v} does not parse: {e}"));
    assert_eq!(to_value(&parsed).unwrap(), v);
    parsed
}

fn main() {
    use pets::models::Pet;
    assert!(matches!(round_trip::<Pet>(json!({"petType": "kitten", "lives": 9})), Pet::Cat(c) if c.lives == Some(9)));
    assert!(matches!(round_trip::<Pet>(json!({"petType": "cat"})), Pet::Cat(_)));
    assert!(matches!(round_trip::<Pet>(json!({"petType": "dog", "goodBoy": true})), Pet::Dog(d) if d.good_boy == Some(true)));
    assert!(matches!(round_trip::<Pet>(json!({"petType": "fish", "fins": 2})), Pet::Unknown(_)));
    let err = from_value::<Pet>(json!({"petType": "dog", "goodBoy": "yes"})).unwrap_err().to_string();
    assert!(err.contains("expected a boolean"), "{err}");
    // The buffered path (the second chance responses take) agrees on known options.
    let bytes = serde_json::to_vec(&json!({"petType": "dog", "goodBoy": true})).unwrap();
    assert!(matches!(pets::runtime::from_json_slice::<Pet>(&bytes).unwrap(), Pet::Dog(_)));

    use shapes::models::Shape;
    assert!(matches!(round_trip::<Shape>(json!({"kind": "circle", "radius": 1.5})), Shape::Circle(c) if c.radius == 1.5));
    assert!(matches!(round_trip::<Shape>(json!({"kind": "square", "sides": 4})), Shape::Polygon(p) if p.sides == 4));
    assert!(matches!(round_trip::<Shape>(json!({"kind": "hexagon", "sides": 6})), Shape::Unknown(_)));

    use payments::models::PaymentMethod;
    assert!(matches!(round_trip::<PaymentMethod>(json!({"cardNumber": "4111", "holder": "A"})), PaymentMethod::Card(_)));
    assert!(matches!(round_trip::<PaymentMethod>(json!({"iban": "DE89", "holder": "B"})), PaymentMethod::BankAccount(_)));
    assert!(matches!(round_trip::<PaymentMethod>(json!({"holder": "C"})), PaymentMethod::Unknown(_)));

    use settings::models::Setting;
    assert!(matches!(round_trip::<Setting>(json!("x")), Setting::String(s) if s == "x"));
    assert!(matches!(round_trip::<Setting>(json!(5)), Setting::Integer(5)));
    assert!(matches!(round_trip::<Setting>(json!({"low": 1, "high": 9})), Setting::Range(r) if r.high == Some(9)));
    assert!(matches!(round_trip::<Setting>(json!(true)), Setting::Unknown(_)));

    println!("all union checks passed");
}
"#;
