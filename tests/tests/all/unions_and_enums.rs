//! Union strategies and enum naming on small specs: what lowering decided
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
    assert_eq!(strategy(&g, "Pet"), UnionStrategy::Tag { property: "petType".into(), explicit: true, integer: false });
    insta::assert_debug_snapshot!("a_ir", type_def(&g, "Pet"));
    insta::assert_snapshot!("a_code", g.item("models::Pet").expect("the model"));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    // Inline options tagged by the values their property lists, though
    // `required` leaves the property out.
    assert_eq!(strategy(&g, "Condition"), UnionStrategy::Tag { property: "condition_type".into(), explicit: true, integer: false });
    let TypeKind::Union(condition) = &type_def(&g, "Condition").kind else { panic!("a union") };
    let tags: Vec<&[String]> = condition.variants.iter().map(|v| v.tags.as_slice()).collect();
    assert_eq!(tags, [["Aim".to_owned()], ["Automation".to_owned()]]);
}

/// A `discriminator` whose inline options give no values of its property
/// is not used, with a warning at it: the options are told apart as if
/// there were none (by their required keys here), and the spec generates.
#[test]
fn a_discriminator_without_values_is_not_used() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Condition:\n      oneOf:\n        - {type: object, required: [op], properties: {kind: {type: string}, op: {type: string}}}\n        - {type: object, required: [workflow], properties: {kind: {type: string}, workflow: {type: string}}}\n      discriminator: {propertyName: kind}\n";
    let config = generator::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
    let g = generator::generate(&generator::SourceFile::new("t.yaml", text), &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(strategy(&g, "Condition"), UnionStrategy::Keys);
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    let warning = &g.warnings[0];
    assert!(warning.contains("the `discriminator` on `kind` does not give every option its values"), "{warning}");
    assert!(warning.contains("t.yaml:10:7") && warning.contains("#/components/schemas/Condition/discriminator"), "{warning}");
}

#[test]
fn b_inferred_discriminator() {
    let g = generate("b-inferred.yaml");
    assert_eq!(strategy(&g, "Shape"), UnionStrategy::Tag { property: "kind".into(), explicit: false, integer: false });
    insta::assert_debug_snapshot!("b_ir", type_def(&g, "Shape"));
    insta::assert_snapshot!("b_code", g.item("models::Shape").expect("the model"));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn c_distinguishing_keys() {
    let g = generate("c-keys.yaml");
    assert_eq!(strategy(&g, "PaymentMethod"), UnionStrategy::Keys);
    insta::assert_debug_snapshot!("c_ir", type_def(&g, "PaymentMethod"));
    insta::assert_snapshot!("c_code", g.item("models::PaymentMethod").expect("the model"));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn d_untagged_with_a_warning_naming_the_union() {
    let g = generate("d-untagged.yaml");
    assert_eq!(strategy(&g, "Setting"), UnionStrategy::Untagged);
    insta::assert_debug_snapshot!("d_ir", type_def(&g, "Setting"));
    insta::assert_snapshot!("d_code", g.item("models::Setting").expect("the model"));
    // Setting's, Amount's (tried integer first) and Cell's (its options
    // share `text`).
    assert_eq!(g.warnings.len(), 3, "{:?}", g.warnings);
    insta::assert_snapshot!("d_warning", g.warnings[0]);
    assert!(g.warnings[1].contains("`Amount`: the options of this anyOf (String, Integer, Number) overlap"), "{}", g.warnings[1]);
    assert!(g.warnings[2].contains("`Cell`: the options of this oneOf (Create, Update) overlap"), "{}", g.warnings[2]);
}

#[test]
fn e_partial_tag_warns_only_about_the_shared_value() {
    let g = generate("e-partial-tag.yaml");
    assert_eq!(strategy(&g, "Processor"), UnionStrategy::PartialTag { property: "type".into(), integer: false });
    let tags: Vec<(&str, Vec<&str>)> = match &type_def(&g, "Processor").kind {
        TypeKind::Union(u) => u.variants.iter().map(|v| (v.rust_name.as_str(), v.tags.iter().map(String::as_str).collect())).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        tags,
        [
            ("GrokParser", vec!["grok-parser"]),
            ("LookupProcessor", vec!["lookup-processor"]),
            ("TableLookupProcessor", vec!["lookup-processor"]),
            // A union of its own, reached through its options' `type`.
            ("TopologyProcessor", vec!["topology"]),
            ("CustomProcessor", vec![]),
        ]
    );
    insta::assert_snapshot!("e_code", g.item("models::Processor").expect("the model"));
    // (The nested union's options share their `type`, but each has a
    // required property of its own: no warning there.)
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    insta::assert_snapshot!("e_warning", g.warnings[0]);
}

#[test]
fn f_different_json_kinds_are_tried_in_order_without_a_warning() {
    let g = generate("f-kinds.yaml");
    assert_eq!(strategy(&g, "Port"), UnionStrategy::JsonKinds);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    let code = g.item("models::Port").expect("the model");
    assert!(code.contains("Port in order {"), "{code}");
    assert!(code.contains("The options are different kinds of JSON value"), "{code}");
}

#[test]
fn g_common_properties_beside_the_options_join_each_option() {
    let g = generate("g-common-parts.yaml");
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    // `properties` beside `oneOf`: the options' own `kind` enums tell them apart.
    assert_eq!(strategy(&g, "Shape"), UnionStrategy::Tag { property: "kind".into(), explicit: false, integer: false });
    let fields = |name: &str| match &type_def(&g, name).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>(),
        other => panic!("{name} is not a struct: {other:?}"),
    };
    assert_eq!(fields("ShapeCircle"), ["name", "kind", "radius"]);
    assert_eq!(fields("ShapeSquare"), ["name", "kind", "side"]);
    // `allOf` beside `oneOf`, with the spec's discriminator.
    assert_eq!(strategy(&g, "Pet"), UnionStrategy::Tag { property: "petType".into(), explicit: true, integer: false });
    assert_eq!(fields("PetCat"), ["id", "petType", "meows"]);
    assert_eq!(fields("PetDog"), ["id", "petType", "barks"]);
    insta::assert_snapshot!("g_code", g.item("models::Pet").expect("the model"));
    insta::assert_snapshot!("g_option_code", g.item("models::PetCat").expect("the model"));
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
            ("café", "Cafe"),
            ("fooBar", "FooBar"),
            ("foo_bar", "FooBar2"),
            ("unknown", "Unknown2")
        ])
    );
    assert_eq!(names("Named"), pairs(&[("a", "FirstChoice"), ("b", "Second")]));
    insta::assert_snapshot!("enum_odd_code", g.item("models::Odd").expect("the model"));
    // A value named `unknown` must not collide with the catch-all variant.
    assert!(syn::parse_file(g.item("models::Odd").expect("the model")).is_ok());
}

/// The code for every strategy does what the snapshots say: the small specs
/// are generated into a scratch workspace (`tests::scratch`), built once and
/// run against values of every option, an unknown one and a bad one.
#[test]
fn strategies_work_at_run_time() {
    let mut workspace = Workspace::new("union-check");
    let specs = [
        ("a-discriminator.yaml", "pets"),
        ("b-inferred.yaml", "shapes"),
        ("c-keys.yaml", "payments"),
        ("d-untagged.yaml", "settings"),
        ("e-partial-tag.yaml", "processors"),
        ("f-kinds.yaml", "ports"),
        ("g-common-parts.yaml", "parts"),
    ];
    for (spec, crate_name) in specs {
        let generated = tests::generate(&format!("tests/union-specs/{spec}"), crate_name).expect("generates");
        workspace.add(crate_name, generated.files);
    }
    let manifest = format!(
        "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{}",
        specs.map(|(_, c)| format!("{c} = {{ path = \"../{c}\" }}\n")).concat()
    );
    workspace.add("check", [("Cargo.toml", manifest.as_str()), ("src/main.rs", RUN_TIME_CHECKS)]);
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
    use pets::models::Condition;
    assert!(matches!(round_trip::<Condition>(json!({"condition_type": "Aim", "op": "open"})), Condition::Option1(c) if c.op.as_deref() == Some("open")));
    assert!(matches!(round_trip::<Condition>(json!({"condition_type": "Automation", "workflow": "w"})), Condition::Option2(_)));
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
    assert!(matches!(round_trip::<Setting>(json!(2.5)), Setting::Number(n) if n == 2.5));
    assert!(matches!(round_trip::<Setting>(json!(true)), Setting::Unknown(_)));
    use settings::models::Amount;
    assert!(matches!(round_trip::<Amount>(json!(5)), Amount::Integer(5)));
    assert!(matches!(round_trip::<Amount>(json!(2.5)), Amount::Number(n) if n == 2.5));
    use settings::models::{Cell, Labels, Point};
    assert!(matches!(round_trip::<Cell>(json!({"text": "a"})), Cell::Create(_)));
    assert!(matches!(round_trip::<Cell>(json!({"id": "1", "text": "a"})), Cell::Update(u) if u.id.as_deref() == Some("1")));
    // A property neither lists: the open option keeps it.
    assert!(matches!(round_trip::<Cell>(json!({"text": "a", "color": 1})), Cell::Update(u) if u.additional_properties.len() == 1));
    let point: Point = round_trip(json!([1.5, null]));
    assert_eq!(point, [Some(1.5), None]);
    let labels: Labels = round_trip(json!({"a": "x", "b": null}));
    assert_eq!(labels.get("b"), Some(&None));

    use processors::models::{Processor, TopologyProcessor};
    assert!(matches!(round_trip::<Processor>(json!({"type": "grok-parser", "grok": "%{word}"})), Processor::GrokParser(_)));
    // Two options list `lookup-processor`: the first that fits wins.
    assert!(matches!(round_trip::<Processor>(json!({"type": "lookup-processor", "lookup_table": ["a,b"]})), Processor::LookupProcessor(_)));
    assert!(matches!(round_trip::<Processor>(json!({"type": "lookup-processor", "table": "t"})), Processor::TableLookupProcessor(t) if t.table == "t"));
    // Neither fits: the first one's error, with its path.
    let err = from_value::<Processor>(json!({"type": "lookup-processor", "lookup_table": "a,b"})).unwrap_err().to_string();
    assert!(err.starts_with("`lookup_table`: invalid type"), "{err}");
    // Read from bytes, the error names the whole path, outside the union too.
    let bytes = serde_json::to_vec(&json!([{"type": "lookup-processor", "lookup_table": "a,b"}])).unwrap();
    let err = processors::runtime::from_json_slice::<Vec<Processor>>(&bytes).unwrap_err().to_string();
    assert!(err.starts_with("[0].lookup_table: invalid type"), "{err}");
    // Through the nested union's own options.
    assert!(matches!(
        round_trip::<Processor>(json!({"type": "topology", "services": 3})),
        Processor::TopologyProcessor(TopologyProcessor::Option2(o)) if o.services == 3
    ));
    // A value the tag selects nothing for: the options without a tag, in order.
    assert!(matches!(round_trip::<Processor>(json!({"script": "x"})), Processor::CustomProcessor(_)));
    assert!(matches!(round_trip::<Processor>(json!({"type": "sampler", "rate": 0.5})), Processor::Unknown(_)));

    use ports::models::Port;
    assert!(matches!(round_trip::<Port>(json!(443)), Port::Integer(443)));
    assert!(matches!(round_trip::<Port>(json!("https")), Port::String(s) if s == "https"));
    assert!(matches!(round_trip::<Port>(json!([80, 443])), Port::IntegerList(l) if l == [80, 443]));
    assert!(matches!(round_trip::<Port>(json!({"low": 1, "high": 9})), Port::PortRange(r) if r.low == Some(1)));
    assert!(matches!(round_trip::<Port>(json!(true)), Port::Unknown(_)));

    {
        // Named like the types above: a block of their own.
        use parts::models::{Pet, Shape};
        assert!(matches!(
            round_trip::<Shape>(json!({"name": "wheel", "kind": "circle", "radius": 1.5, "color": "red"})),
            Shape::Circle(c) if c.name == "wheel" && c.radius == 1.5 && c.additional_properties.len() == 1
        ));
        assert!(matches!(round_trip::<Shape>(json!({"name": "tile", "kind": "square", "side": 2.0})), Shape::Square(s) if s.side == 2.0));
        assert!(matches!(round_trip::<Shape>(json!({"name": "star", "kind": "star", "points": 5})), Shape::Unknown(_)));
        let err = from_value::<Shape>(json!({"kind": "circle", "radius": 1.5})).unwrap_err().to_string();
        assert!(err.contains("name"), "{err}");
        assert!(matches!(round_trip::<Pet>(json!({"id": 1, "petType": "cat", "meows": true})), Pet::Cat(c) if c.id == 1 && c.meows == Some(true)));
        assert!(matches!(round_trip::<Pet>(json!({"petType": "dog", "id": 2})), Pet::Dog(d) if d.id == 2 && d.barks.is_none()));
        assert!(matches!(round_trip::<Pet>(json!({"id": 3, "petType": "fish"})), Pet::Unknown(_)));
    }

    println!("all union checks passed");
}
"#;
