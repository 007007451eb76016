//! Union strategies a-d and enum naming on small specs: what lowering decided
//! (the union or enum in the intermediate model) and the code it emits.

use generator::ir::{TypeKind, UnionStrategy};
use tests::root;

fn generate(name: &str) -> generator::Generated {
    let display = format!("tests/union-specs/{name}");
    let text = std::fs::read_to_string(root().join(&display)).expect("the spec is readable");
    // Shown by its path in the workspace, so that snapshots do not depend on the checkout.
    let source = generator::parse::SourceFile::new(&display, text);
    let config = generator::Config { spec_display: display, crate_name: "unions".into() };
    generator::generate(&source, &config).unwrap_or_else(|e| panic!("{name} does not generate:\n{e}"))
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
        pairs(&[(">", "GreaterThan"), (">=", "GreaterThanOrEqual"), ("<", "LessThan"), ("<=", "LessThanOrEqual"), ("=", "Equal"), ("!=", "NotEqual")])
    );
    assert_eq!(
        names("Odd"),
        pairs(&[("1", "V1"), ("a b", "AB"), ("-", "Minus"), ("", "Empty"), ("café", "CafUe9"), ("fooBar", "FooBar"), ("foo_bar", "FooBar2"), ("unknown", "Unknown2")])
    );
    assert_eq!(names("Named"), pairs(&[("a", "FirstChoice"), ("b", "Second")]));
    insta::assert_snapshot!("enum_odd_code", g.files["src/models/odd.rs"]);
    // A value named `unknown` must not collide with the catch-all variant.
    assert!(syn::parse_file(&g.files["src/models/odd.rs"]).is_ok());
}
