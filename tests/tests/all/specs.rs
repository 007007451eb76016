//! The generator on specs it was not written for: every public example spec
//! in `tests/public-specs/` (the team's `shared/specs/`), and our coverage specs in `tests/coverage-specs/`
//! (recursion, allOf, anyOf, nullable, formats, maps, enums of every kind,
//! media types, `default`/`2XX` responses, header parameters, ...), either
//! generates a crate that builds clippy-clean, or fails with a located
//! diagnostic naming the unsupported construct.
//!
//! The crates of one test are built with one `cargo clippy` invocation in a
//! scratch workspace (`tests::scratch`).

use std::path::PathBuf;

use tests::root;
use tests::scratch::Workspace;

/// Specs known not to generate, with what their diagnostic must say (none
/// now: uspto's form body is written since forms are supported).
const UNSUPPORTED: &[(&str, &[&str])] = &[];

/// The specs in `dir`: its YAML and JSON files, and its directories that
/// hold an `openapi.yaml` (a spec split over several files).
fn specs_in(dir: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter_map(|p| match p.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml" | "json") => Some(p),
            _ => Some(p.join("openapi.yaml")).filter(|root| root.is_file()),
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_shared_spec_builds_or_fails_with_a_located_diagnostic() {
    let built = build_all("shared", "tests/public-specs", "tests/public-specs");
    assert!(built >= 5, "only {built} shared specs generated");
}

#[test]
fn every_coverage_spec_builds() {
    let built = build_all("coverage", "tests/coverage-specs", "tests/coverage-specs");
    assert_eq!(built, specs_in("tests/coverage-specs").len());
}

/// `tests/coverage-specs/openapi-3.1/`: OpenAPI 3.1 and 3.2 documents (one
/// split over files) build like the others; what reading them into the 3.0
/// model leaves out, or reads as another version would, is a warning at the
/// line written, pinned for each spec.
#[test]
fn every_openapi_3_1_coverage_spec_builds_and_says_what_it_ignored() {
    let dir = "tests/coverage-specs/openapi-3.1";
    for spec in specs_in(dir) {
        let file = spec.strip_prefix(root().join(dir)).expect("in the directory").to_string_lossy().replace('\\', "/");
        let generated = tests::generate(&format!("{dir}/{file}"), "v31").unwrap_or_else(|e| panic!("{file}:\n{e}"));
        let name = file.trim_end_matches("/openapi.yaml").trim_end_matches(".yaml").to_owned();
        insta::assert_snapshot!(format!("openapi_3_1_{name}_warnings"), generated.warnings.join("\n\n"));
    }
    let built = build_all("coverage-3-1", dir, dir);
    assert_eq!(built, specs_in(dir).len());
}

/// `v31-absent-null.yaml` and `v31-integer-tags.yaml` (which
/// `every_openapi_3_1_coverage_spec_builds_and_says_what_it_ignored` builds
/// clippy-clean): the generated crates run tests of their own that read and
/// write values, so absent, `null` and a value are shown to stay apart,
/// integer tags to pick the option and be written back as numbers, and an
/// integer enum to keep any value.
#[test]
fn absent_null_and_integer_tags_round_trip_through_the_generated_types() {
    let mut scratch = Workspace::new("wire-states");
    for (spec, crate_name, test) in [
        ("v31-absent-null.yaml", "absent_null", ABSENT_NULL_ROUND_TRIP),
        ("v31-integer-tags.yaml", "integer_tags", INTEGER_TAGS_ROUND_TRIP),
    ] {
        let generated =
            tests::generate(&format!("tests/coverage-specs/openapi-3.1/{spec}"), crate_name).unwrap_or_else(|e| panic!("{spec}:\n{e}"));
        let mut files = generated.files;
        files.insert("tests/round_trip.rs".into(), test.into());
        scratch.add(crate_name, files);
    }
    let output = scratch.cargo(&["test", "--quiet", "--workspace", "--test", "round_trip"], &[]);
    assert!(
        output.status.success(),
        "the values do not round-trip:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The test `v31-absent-null.yaml`'s crate runs.
const ABSENT_NULL_ROUND_TRIP: &str = r##"//! Absent, `null` and a value stay apart, each written back as read.

use absent_null::models::{Address, Contact, Profile, ProfilePatch, ProfileValue};
use absent_null::validate::Validate;

/// Reads `json` and checks that it is written back byte for byte.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
    value
}

#[test]
fn an_optional_nullable_property_has_three_states() {
    let absent: ProfilePatch = round_trip("{}");
    assert_eq!((absent.nickname, absent.age, absent.address), (None, None, None));

    let null: ProfilePatch = round_trip(r#"{"nickname":null,"age":null,"address":null}"#);
    assert_eq!((null.nickname, null.age, null.address), (Some(None), Some(None), Some(None)));

    let set: ProfilePatch = round_trip(r#"{"nickname":"ada","age":36,"address":{"city":"Paris"}}"#);
    assert_eq!(set.nickname, Some(Some("ada".to_owned())));
    assert_eq!(set.age, Some(Some(36)));
    assert_eq!(set.address, Some(Some(Address::new("Paris".to_owned()))));
}

#[test]
fn a_patch_that_clears_a_field_sends_null() {
    let mut patch = ProfilePatch::default();
    patch.nickname = Some(None);
    patch.age = Some(Some(40));
    assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"nickname":null,"age":40}"#);
}

#[test]
fn null_is_absent_where_it_is_not_allowed() {
    let patch: ProfilePatch = serde_json::from_str(r#"{"bio":null}"#).unwrap();
    assert_eq!(patch.bio, None);
    assert_eq!(serde_json::to_string(&patch).unwrap(), "{}");
}

#[test]
fn a_required_nullable_property_is_always_written() {
    let profile: Profile = round_trip(r#"{"id":"1","nickname":null}"#);
    assert_eq!(profile.nickname, None);
    let profile: Profile = round_trip(r#"{"id":"1","nickname":"ada","age":null,"address":null}"#);
    assert_eq!((profile.age, profile.address), (Some(None), Some(None)));
    assert!(serde_json::from_str::<Profile>(r#"{"id":"1"}"#).is_err(), "nickname is required");
}

#[test]
fn a_union_with_its_types_and_null_listed_beside_it_is_nullable() {
    let profile: Profile = round_trip(r#"{"id":"1","nickname":null,"value":null}"#);
    assert_eq!(profile.value, Some(None));
    let profile: Profile = round_trip(r#"{"id":"1","nickname":null,"value":"a"}"#);
    assert_eq!(profile.value, Some(Some(ProfileValue::String("a".into()))));
    let profile: Profile = round_trip(r#"{"id":"1","nickname":null,"value":["a","b"]}"#);
    assert_eq!(profile.value, Some(Some(ProfileValue::StringList(vec!["a".into(), "b".into()]))));
}

#[test]
fn constraints_apply_to_a_value_not_to_null() {
    let mut patch = ProfilePatch::default();
    patch.age = Some(None);
    assert!(patch.validate().is_ok());
    patch.age = Some(Some(12));
    assert!(patch.validate().is_err(), "age has a minimum of 13");
}

#[test]
fn a_union_read_in_one_pass_keeps_null_too() {
    for json in [
        r#"{"id":"1","nickname":null,"contact":{"kind":"email","email":"a@b.c","label":null}}"#,
        r#"{"id":"1","nickname":null,"contact":{"kind":"phone","phone":"555","label":"home"}}"#,
        r#"{"id":"1","nickname":null,"contact":{"kind":"phone","phone":"555"}}"#,
    ] {
        let profile: Profile = round_trip(json);
        match profile.contact {
            Some(Contact::Email(email)) => assert_eq!(email.label, Some(None)),
            Some(Contact::Phone(phone)) => assert_ne!(phone.label, Some(None)),
            other => panic!("{other:?}"),
        }
    }
}
"##;

/// The test `v31-integer-tags.yaml`'s crate runs.
const INTEGER_TAGS_ROUND_TRIP: &str = r##"//! Integer tags pick the option and are written back as numbers.

use integer_tags::models::{Channel, ChannelTypes, DmChannel, TextChannel, User, VoiceChannel, VoiceChannelType};

#[test]
fn an_integer_tag_picks_the_option() {
    let text = r#"{"type":0,"id":"1","topic":null}"#;
    let channel: Channel = serde_json::from_str(text).unwrap();
    let Channel::Text(TextChannel { type_, .. }) = &channel else { panic!("{channel:?}") };
    // One value of an integer enum, beside its `allOf`, is that enum.
    assert_eq!(*type_, ChannelTypes::GUILD_TEXT);
    assert_eq!(serde_json::to_string(&channel).unwrap(), text);

    let dm = r#"{"type":1,"id":"2","recipient":{"id":"3"}}"#;
    let channel: Channel = serde_json::from_str(dm).unwrap();
    // A `$ref` with a description beside it is the type itself.
    let Channel::Dm(DmChannel { recipient: Some(User { id, .. }), .. }) = &channel else { panic!("{channel:?}") };
    assert_eq!(id, "3");
    assert_eq!(serde_json::to_string(&channel).unwrap(), dm);

    let voice = r#"{"type":2,"id":"4","bitrate":64000}"#;
    let channel: Channel = serde_json::from_str(voice).unwrap();
    assert!(matches!(channel, Channel::Voice(_)), "{channel:?}");
    assert_eq!(serde_json::to_string(&channel).unwrap(), voice);
}

#[test]
fn other_tags_are_kept_as_received() {
    // A value no option lists, and a string or a number that looks like
    // one, are not options: kept as they came (as JSON values, whose keys
    // serde_json writes sorted).
    for json in [r#"{"id":"5","type":15}"#, r#"{"id":"6","type":"1"}"#, r#"{"id":"7","type":1.5}"#] {
        let channel: Channel = serde_json::from_str(json).unwrap();
        assert!(matches!(channel, Channel::Unknown(_)), "{json}: {channel:?}");
        assert_eq!(serde_json::to_string(&channel).unwrap(), json);
    }
}

#[test]
fn an_integer_enum_has_a_constant_per_value_and_keeps_any_other() {
    // Named by the options' titles, in the integer its `format` names (none:
    // `i64`).
    assert_eq!(ChannelTypes::GUILD_VOICE, ChannelTypes(2));
    assert_eq!(i64::from(ChannelTypes::DM), 1);
    assert_eq!(ChannelTypes::from(0), ChannelTypes::GUILD_TEXT);
    assert_eq!(format!("{:?}", ChannelTypes::DM), "ChannelTypes::DM");
    assert_eq!(ChannelTypes::DM.to_string(), "1");
    assert_eq!("2".parse::<ChannelTypes>(), Ok(ChannelTypes::GUILD_VOICE));
    assert!("two".parse::<ChannelTypes>().is_err());
    // A value the spec does not list reads, and is written back, unchanged.
    let other: ChannelTypes = serde_json::from_str("15").unwrap();
    assert_eq!(other, ChannelTypes(15));
    assert_eq!(format!("{other:?}"), "ChannelTypes(15)");
    assert_eq!(serde_json::to_string(&other).unwrap(), "15");
    // The constants are patterns.
    let kind = |t: ChannelTypes| match t {
        ChannelTypes::GUILD_TEXT | ChannelTypes::GUILD_VOICE => "guild",
        ChannelTypes::DM => "direct",
        _ => "other",
    };
    assert_eq!([kind(ChannelTypes::DM), kind(ChannelTypes(2)), kind(other)], ["direct", "guild", "other"]);
    // Not a number of another kind, nor text.
    assert!(serde_json::from_str::<ChannelTypes>("1.5").is_err());
    assert!(serde_json::from_str::<ChannelTypes>(r#""1""#).is_err());
}

#[test]
fn a_one_value_integer_enum_is_its_default_so_constructors_never_ask() {
    // `type: {const: 2}`, required.
    assert_eq!(VoiceChannelType::default(), VoiceChannelType::V2);
    let channel = VoiceChannel::new("4".into());
    assert_eq!(serde_json::to_string(&channel).unwrap(), r#"{"type":2,"id":"4"}"#);
}

#[test]
fn an_option_that_does_not_fit_its_tag_is_an_error_with_its_path() {
    let error = serde_json::from_str::<Channel>(r#"{"type":2,"id":"4","bitrate":"fast"}"#).unwrap_err();
    assert!(error.to_string().contains("bitrate"), "{error}");
}
"##;

/// Cookie parameters, required and optional, plain and arrays, go in one
/// `Cookie` header; a header array is joined. (The crate builds in
/// `every_coverage_spec_builds`; the runtime's encoding is tested in
/// `operations.rs`.)
#[test]
fn cookie_parameters_are_sent_in_one_cookie_header() {
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let code = generated.item("operations::get_items_item_id").expect("the operation");
    let start = code.find("        pub fn to_http_request").expect("a to_http_request");
    let end = code[start..].find("\n        }\n").map_or(code.len(), |i| start + i + 10);
    insta::assert_snapshot!("cookie_request", &code[start..end]);
}

/// `items` beside a union or beside `properties` does not make a schema
/// two things at once: `type` (or the union) says which counts.
#[test]
fn items_beside_a_union_or_properties_is_read_as_the_type_says() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let kind = |name: &str| &generated.api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no {name}")).kind;
    assert!(matches!(kind("Command"), TypeKind::Union(u) if u.variants.len() == 2), "{:?}", kind("Command"));
    assert_eq!(kind("Messages"), &TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::String))));
    assert!(matches!(kind("Product"), TypeKind::Struct(s) if s.fields.len() == 1), "{:?}", kind("Product"));
}

/// `x-ms-enum` names and documents the values it lists, string or integer;
/// `x-enumNames` names them.
#[test]
fn enum_extensions_name_and_document_values() {
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let battery = generated.item("models::Battery").expect("Battery");
    assert!(battery.contains("    pub const UNKNOWN: Self = Self(0);\n    /// `1`\n    pub const BATTERY: Self = Self(1);\n"), "{battery}");
    let sku = generated.item("models::SkuName").expect("SkuName");
    assert!(sku.contains("    /// `Standard_LRS`: Three copies in one place.\n    StandardLocal,\n"), "{sku}");
    assert!(sku.contains("    /// `premium`: Fast disks.\n    Premium,\n"), "{sku}");
    let tier = generated.item("models::Tier").expect("Tier");
    assert!(tier.contains("    /// `0`: The cheapest.\n    pub const BASIC: Self = Self(0);\n"), "{tier}");
    assert!(tier.contains("    /// `1`\n    pub const PRO: Self = Self(1);\n"), "{tier}");
}

/// An `allOf` of a `$ref` and parts with only annotations is the `$ref`'s
/// type, documented by those parts (how AWS's specs write every property).
#[test]
fn a_ref_documented_in_an_all_of_part_is_that_type() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let documented = generated.api.types.iter().find(|t| t.name == "Documented").expect("a Documented type");
    let TypeKind::Struct(s) = &documented.kind else { panic!("not a struct: {:?}", documented.kind) };
    assert_eq!(s.fields[0].ty, TypeRef::Named("Mode".into()));
    assert_eq!(s.fields[0].docs.as_deref(), Some("How fast, documented in a part beside the `$ref`."));
    // An inline part that is not an object is the type, named after the
    // property as any inline schema is.
    assert_eq!(s.fields[1].ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(s.fields[1].docs.as_deref(), Some("Tags, in an inline part."));
    assert_eq!(s.fields[2].ty, TypeRef::Named("DocumentedEvent".into()));
    assert_eq!(s.fields[2].docs.as_deref(), Some("What happened."));
    let event = generated.api.types.iter().find(|t| t.name == "DocumentedEvent").expect("the inline enum");
    assert!(matches!(event.kind, TypeKind::StringEnum(_)), "{:?}", event.kind);
}

/// A later `allOf` part that names a property again with no type
/// (`{nullable: true}`) constrains nothing: the earlier part's type stays.
#[test]
fn an_all_of_part_that_only_annotates_a_property_keeps_its_type() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let dog = generated.api.types.iter().find(|t| t.name == "Dog").expect("a Dog type");
    let TypeKind::Struct(s) = &dog.kind else { panic!("not a struct: {:?}", dog.kind) };
    let name = s.fields.iter().find(|f| f.wire_name == "name").expect("Pet's name");
    assert_eq!((&name.ty, name.required, name.nullable), (&TypeRef::String, true, false));
}

#[test]
fn a_nullable_ref_in_3_0_allows_null() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let assignment = generated.api.types.iter().find(|t| t.name == "Assignment").expect("an Assignment type");
    let TypeKind::Struct(s) = &assignment.kind else { panic!("not a struct: {:?}", assignment.kind) };
    let owner = &s.fields[0];
    assert_eq!(
        (owner.wire_name.as_str(), &owner.ty, owner.required, owner.nullable),
        ("owner", &TypeRef::Named("Mode".into()), true, true)
    );
    assert_eq!(owner.docs.as_deref(), Some("How fast, `null` when nobody has said."));
    let backup = &s.fields[1];
    assert_eq!((backup.wire_name.as_str(), &backup.ty, backup.nullable), ("backup", &TypeRef::Named("Mode".into()), false));
    assert_ne!(backup.docs.as_deref(), Some("Ignored, as 3.0 says."));
    // Read as a tree for it, the document gives the same warnings.
    assert!(generated.warnings.iter().all(|w| !w.contains("Assignment")), "{:?}", generated.warnings);
}

/// `tests/coverage-specs/all-of-scalars.yaml` (which
/// `every_coverage_spec_builds` builds clippy-clean): an `allOf` of scalars
/// is one value, the type its one `$ref` names or the scalar its parts
/// describe together; the constraints of its parts are checked on a
/// property or parameter, and a warning names each one that is not.
#[test]
fn an_all_of_of_scalars_is_one_value() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/all-of-scalars.yaml", "all_of_scalars").unwrap_or_else(|e| panic!("{e}"));
    let api = &generated.api;
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Address", "Icons", "ResourceId", "ShortId"], "no type of its own for any property");
    let kind = |name: &str| &api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no {name}")).kind;
    assert_eq!(kind("ShortId"), &TypeKind::Alias(TypeRef::String));
    let TypeKind::Struct(s) = kind("Address") else { panic!("not a struct: {:?}", kind("Address")) };
    let field = |wire: &str| s.fields.iter().find(|f| f.wire_name == wire).unwrap_or_else(|| panic!("no {wire}"));
    let icons = TypeRef::Named("Icons".into());
    let types: Vec<(&str, &TypeRef)> = s.fields.iter().map(|f| (f.wire_name.as_str(), &f.ty)).collect();
    assert_eq!(
        types,
        [
            ("addressId", &TypeRef::String),
            ("icon", &icons),
            ("label", &TypeRef::String),
            ("uuid", &TypeRef::String),
            ("seen", &TypeRef::DateTime),
            ("kind", &icons),
            ("floor", &TypeRef::Integer { bits: 32, signed: true }),
            ("code", &TypeRef::String),
            ("grade", &TypeRef::String),
            ("short", &TypeRef::Named("ShortId".into())),
            ("aliases", &TypeRef::Array(Box::new(TypeRef::String))),
        ]
    );
    assert_eq!(field("icon").docs.as_deref(), Some("The icon shown beside the address."));
    // The `$ref`ed string's `maxLength`, as a `$ref` alone would carry it.
    assert_eq!(field("addressId").constraints.max_length, Some(36));
    // The stricter of the `$ref`'s and the part's.
    assert_eq!((field("label").constraints.min_length, field("label").constraints.max_length), (Some(2), Some(20)));
    assert_eq!(field("floor").constraints.minimum, Some((0.0, true)));
    assert!(field("floor").nullable && !field("label").nullable);
    assert!(field("kind").constraints.is_empty(), "an enum's `maxLength` has no check");
    let limit = &api.operations[0].params[0];
    assert_eq!(limit.ty, TypeRef::Integer { bits: 32, signed: true });
    assert_eq!((limit.constraints.minimum, limit.constraints.maximum), (Some((1.0, false)), Some((100.0, false))));
    let warned: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.lines().find_map(|l| l.trim().strip_prefix("= at: ")).unwrap_or_else(|| panic!("unlocated: {w}")))
        .collect();
    assert_eq!(
        warned,
        [
            "#/components/schemas/Address/properties/aliases/items/allOf/1/maxLength",
            "#/components/schemas/Address/properties/grade/allOf/1/enum",
            "#/components/schemas/Address/properties/kind/allOf/1/maxLength",
            "#/components/schemas/ShortId/allOf/1/maxLength",
        ],
        "{:#?}",
        generated.warnings
    );
    assert!(generated.warnings[0].contains("`maxLength` in this `allOf` of scalars is not checked"), "{}", generated.warnings[0]);
}

/// A string whose `enum` lists only `null` is a nullable string, not an
/// enum of no value (which was no valid Rust).
#[test]
fn a_string_enum_of_only_null_is_a_nullable_string() {
    use generator::ir::{TypeKind, TypeRef};
    let generated = tests::generate("tests/coverage-specs/constructs.yaml", "constructs").unwrap_or_else(|e| panic!("{e}"));
    let phone = generated.api.types.iter().find(|t| t.name == "InvalidPhone").expect("an InvalidPhone type");
    let TypeKind::Struct(s) = &phone.kind else { panic!("not a struct: {:?}", phone.kind) };
    let field = |wire: &str| s.fields.iter().find(|f| f.wire_name == wire).unwrap_or_else(|| panic!("no {wire}"));
    assert_eq!(field("country").ty, TypeRef::String);
    assert!(field("country").nullable && field("country").required);
    assert_eq!(field("carrier").ty, TypeRef::String);
    assert!(!generated.api.types.iter().any(|t| t.name.starts_with("InvalidPhoneCountry")), "no enum type for `country`");
}

/// `tests/coverage-specs/pagination.yaml` (which `every_coverage_spec_builds`
/// builds): Datadog's `x-pagination` each way, an offset moved past the
/// items received, a page number from 0 over a body that is the array (its
/// `int32` page size widened) and from 1 over items behind an alias, a
/// cursor read through optional properties beside a required page size, an
/// unsigned offset and page size, and a cursor and page size in the request
/// body. A walk through a body with nothing to fill in an unset one with
/// gives its operation no walker, and a warning says why. The page walk
/// itself runs against a server in `pages.rs`.
#[test]
fn each_way_of_paging_gets_its_page_walker() {
    let generated = tests::generate("tests/coverage-specs/pagination.yaml", "pagination").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let warning = &generated.warnings[0];
    assert!(
        warning
            .contains("no page walker for `SearchSpans`: `body.page.limit`: the body is optional, and its type has no default to fill in"),
        "{warning}"
    );
    assert!(warning.contains("= at: #/paths/~1spans~1search/post/x-pagination/limitParam"), "{warning}");
    let op = |id: &str| generated.api.operations.iter().find(|o| o.operation_id == id).unwrap_or_else(|| panic!("{id} is generated"));
    assert!(op("SearchSpans").pagination.is_none());
    assert!(op("SearchLogs").pagination.is_some());
    let code = &generated.files["src/client/mod.rs"];
    let start = code.find("    /// Every page of [`list_cases`]").expect("a page walker");
    let end = code.find("    async fn send(").expect("the send method");
    insta::assert_snapshot!("page_walkers", &code[start..end]);
}

/// `tests/coverage-specs/multi-file/`: the schemas of other files are named
/// after their file or their key (or the root component that refers to
/// them), a path item in a file of its own is that path's operations, and a
/// warning about either points into its own file.
#[test]
fn a_spec_split_over_files_generates_one_crate() {
    let generated = tests::generate("tests/coverage-specs/multi-file/openapi.yaml", "multi").unwrap_or_else(|e| panic!("{e}"));
    let types: Vec<&str> = generated.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Address", "Color", "DeletePetConflictBody", "Error", "Id", "Marking", "Owner", "Pet", "Tag"]);
    let ops: Vec<&str> = generated.api.operations.iter().map(|o| o.rust_name.as_str()).collect();
    assert_eq!(ops, ["add_pet", "delete_pet", "get_owner", "get_pet", "list_pets"]);
    // `paths/pet.yaml`'s `$ref`s, relative to it: the whole-file schema,
    // and the root's `Id` for the path-level parameter.
    let get_pet = generated.item("operations::get_pet").expect("get_pet");
    assert!(get_pet.contains("Ok(crate::models::Pet)") && get_pet.contains("pub pet_id: ::std::string::String,"), "{get_pet}");
    assert_eq!(generated.warnings.len(), 2, "{:?}", generated.warnings);
    let warning = &generated.warnings[0];
    assert!(warning.contains("--> tests/coverage-specs/multi-file/common.yaml:12:5"), "{warning}");
    assert!(warning.contains("= at: #/components/schemas/Marking"), "{warning}");
    let warning = &generated.warnings[1];
    assert!(warning.contains("--> tests/coverage-specs/multi-file/paths/pet.yaml:23:11"), "{warning}");
    assert!(warning.contains("= at: #/delete/responses/409/content/application~1json/schema"), "{warning}");
    // The same files, the same bytes.
    let again = tests::generate("tests/coverage-specs/multi-file/openapi.yaml", "multi").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.files, again.files);
}

/// A path item that is a `$ref` to a node outside `paths` of the same
/// document is that node's operations, and a diagnostic inside it points
/// where it is written.
#[test]
fn a_path_item_ref_within_the_document_is_read_where_it_points() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets: {$ref: '#/components/x-path-items/Pets'}\ncomponents:\n  x-path-items:\n    Pets:\n      get:\n        operationId: listPets\n        responses:\n          '200':\n            description: OK\n            content:\n              application/json:\n                schema: {oneOf: [{type: string}, {type: string, format: email}]}\n";
    let config = generator::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
    let g = generator::generate(&generator::SourceFile::new("t.yaml", text), &config).unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<(&str, &str)> = g.api.operations.iter().map(|o| (o.rust_name.as_str(), o.path.as_str())).collect();
    assert_eq!(ops, [("list_pets", "/pets")]);
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    let warning = &g.warnings[0];
    assert!(warning.contains("--> t.yaml:15:17"), "{warning}");
    assert!(warning.contains("= at: #/components/x-path-items/Pets/get/responses/200/content/application~1json/schema"), "{warning}");
}

/// An operation's callbacks, inline or a `$ref` into `components.callbacks`
/// (which `openapiv3` cannot read), are left out with a located warning
/// naming them; the operation and the payload's component schema are
/// generated.
#[test]
fn callbacks_are_left_out_with_a_warning_each() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /subscribe:\n    post:\n      operationId: subscribe\n      responses:\n        '201': {description: Subscribed}\n      callbacks:\n        onEvent: {$ref: '#/components/callbacks/Event'}\n        onData:\n          '{$request.query.url}':\n            post:\n              requestBody:\n                content:\n                  application/json:\n                    schema: {type: object}\n              responses:\n                '200': {description: OK}\ncomponents:\n  schemas:\n    Event: {type: object, properties: {id: {type: string}}}\n  callbacks:\n    Event:\n      '{$request.query.url}':\n        post:\n          requestBody:\n            content:\n              application/json:\n                schema: {$ref: '#/components/schemas/Event'}\n          responses:\n            '200': {description: OK}\n";
    let config = generator::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
    let g = generator::generate(&generator::SourceFile::new("t.yaml", text), &config).unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<&str> = g.api.operations.iter().map(|o| o.rust_name.as_str()).collect();
    assert_eq!(ops, ["subscribe"]);
    let types: Vec<&str> = g.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Event"]);
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    let warning = &g.warnings[0];
    assert!(warning.contains("callbacks `onEvent`, `onData` are requests the API sends"), "{warning}");
    assert!(warning.contains("t.yaml:9:7") && warning.contains("= at: #/paths/~1subscribe/post/callbacks\n"), "{warning}");
}

/// A 3.0 document of shared components without `paths` (which 3.0
/// requires) generates its models, with a warning saying why there are no
/// operations.
#[test]
fn a_3_0_document_without_paths_generates_its_models() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n";
    let config = generator::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
    let g = generator::generate(&generator::SourceFile::new("t.yaml", text), &config).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.api.operations.is_empty());
    let types: Vec<&str> = g.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["Pet"]);
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    assert!(
        g.warnings[0].contains("the document has no `paths`, which OpenAPI 3.0 requires") && g.warnings[0].contains("t.yaml:1:1"),
        "{}",
        g.warnings[0]
    );
}

/// Generates every spec in `dir` (shown as `shown`) and builds them together;
/// returns how many generated.
fn build_all(name: &str, dir: &str, shown: &str) -> usize {
    let mut workspace = Workspace::new(name);
    for spec in specs_in(dir) {
        // `petstore.yaml`, or `multi-file/openapi.yaml`, named `multi-file`.
        let file = spec.strip_prefix(root().join(dir)).expect("in the directory").to_string_lossy().replace('\\', "/");
        let stem = match file.split_once('/') {
            Some((dir, _)) => dir.to_owned(),
            None => file.rsplit_once('.').map(|(s, _)| s).unwrap_or(&file).to_owned(),
        };
        let display = format!("{shown}/{file}");
        match (tests::generate_at(&spec, &display, &stem.replace('-', "_")), UNSUPPORTED.iter().find(|(f, _)| *f == file)) {
            (Ok(generated), None) => workspace.add(&stem, generated.files),
            (Err(e), Some((_, needles))) => {
                for needle in *needles {
                    assert!(e.rendered.contains(needle), "{file}: the diagnostic lacks {needle:?}:\n{}", e.rendered);
                }
            }
            (Ok(_), Some(_)) => panic!("{file} generates now: move it out of UNSUPPORTED and let it build"),
            (Err(e), None) => panic!("{file} does not generate:\n{}", e.rendered),
        }
    }
    if let Err(complaints) = workspace.clippy_clean() {
        panic!("the generated crates do not build clean:\n{complaints}");
    }
    workspace.members().len()
}

/// `tests/coverage-specs/name-collision/`: schemas a `$ref` brings in whose
/// own names are taken get the longer name their place gives them, with a
/// warning at the `$ref` (the crate builds in `every_coverage_spec_builds`).
#[test]
fn a_schema_brought_in_under_a_taken_name_gets_a_longer_one() {
    let generated = tests::generate("tests/coverage-specs/name-collision/openapi.yaml", "collide").unwrap_or_else(|e| panic!("{e}"));
    let types: Vec<&str> = generated.api.types.iter().map(|t| t.name.as_str()).collect();
    // (The property keeps an inline type of its own too, `RequestModel2`:
    // the copy and the node it was copied from are lowered apart.)
    for name in ["CommonError", "Error", "Model", "Request", "RequestModel"] {
        assert!(types.contains(&name), "no {name} in {types:?}");
    }
    assert_eq!(generated.warnings.len(), 2, "{:?}", generated.warnings);
    assert!(
        generated.warnings[0].contains("brings in a schema generated as `RequestModel`: `Model` is the name of"),
        "{}",
        generated.warnings[0]
    );
    assert!(
        generated.warnings[1].contains("brings in a schema generated as `CommonError`: `Error` is the name of"),
        "{}",
        generated.warnings[1]
    );
}

/// A `oneOf` of string enums is one string enum only when every option's
/// values are strings: an option whose untyped `enum` mixes in a number
/// keeps the union (the number would have no variant).
#[test]
fn an_untyped_enum_of_mixed_values_is_not_merged_into_a_string_enum() {
    use generator::ir::TypeKind;
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Choice:
      oneOf:
        - {type: string, enum: ["on"]}
        - {enum: ["off", 0]}
    Blank:
      nullable: true
      oneOf:
        - {type: string, enum: ["on"]}
        - {enum: [""]}
        - {enum: [null]}
"#;
    let config = generator::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
    let source = generator::SourceFile::new("t.yaml", spec.to_owned());
    let generated = generator::generate(&source, &config).unwrap_or_else(|e| panic!("{e}"));
    let kind = |n: &str| &generated.api.types.iter().find(|t| t.name == n).unwrap_or_else(|| panic!("no {n}")).kind;
    assert!(matches!(kind("Choice"), TypeKind::Union(_)), "{:?}", kind("Choice"));
    assert!(matches!(kind("Blank"), TypeKind::StringEnum(e) if e.values.len() == 2), "{:?}", kind("Blank"));
}
