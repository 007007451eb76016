//! Swagger 2.0 documents, read by rewriting them into OpenAPI 3.0.3
//! (`generator/src/upgrade/swagger2.rs`): `tests/coverage-specs/swagger-2-0.yaml`
//! (which `specs.rs` builds clippy-clean, like the split
//! `swagger-2-0-multi-file/`) generates the operations and models its 2.0
//! shape means, its warnings land on the 2.0 lines, and the generated crate
//! sends each request as the 2.0 document says: `csv` arrays joined,
//! `multi` ones repeated, a `type: file` form as multipart, other forms
//! URL-encoded, a body parameter as JSON.

use generator::ir::{BodyKind, ParamLocation, ParamStyle};
use tests::scratch::Workspace;

const SPEC: &str = "tests/coverage-specs/swagger-2-0.yaml";

/// The operations, parameters, bodies and servers of the lowered model,
/// and the warnings, each at the line the 2.0 document has it on.
#[test]
fn a_swagger_2_0_document_generates_what_it_means() {
    let generated = tests::generate(SPEC, "swagger_2_0").unwrap_or_else(|e| panic!("{e}"));
    let api = &generated.api;
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(servers, ["https://shop.example.com/v2", "http://shop.example.com/v2"]);
    let op = |id: &str| api.operations.iter().find(|o| o.operation_id == id).unwrap_or_else(|| panic!("no {id}"));
    let styles: Vec<(&str, ParamLocation, ParamStyle, bool)> =
        op("listPets").params.iter().map(|p| (p.wire_name.as_str(), p.location, p.style, p.explode)).collect();
    assert_eq!(
        styles,
        [
            ("limit", ParamLocation::Query, ParamStyle::Form, true),
            ("tags", ParamLocation::Query, ParamStyle::Form, false),
            ("status", ParamLocation::Query, ParamStyle::Form, true),
            ("X-Request-Id", ParamLocation::Header, ParamStyle::Simple, false),
        ]
    );
    // The path item's `petId` reaches each of its operations.
    for id in ["getPet", "updatePet", "renamePet", "uploadPhoto"] {
        assert!(op(id).params.iter().any(|p| p.wire_name == "petId" && p.location == ParamLocation::Path), "{id}");
    }
    // One media type each: the body's, by what its parameters are.
    let body = |id: &str| -> Vec<(&str, BodyKind)> {
        op(id).body.iter().flat_map(|b| &b.media).map(|m| (m.content_type.as_str(), m.kind.clone())).collect()
    };
    assert!(matches!(&body("createPet")[..], [("application/json", BodyKind::Json(_))]), "{:?}", body("createPet"));
    assert!(matches!(&body("uploadPhoto")[..], [("multipart/form-data", BodyKind::Multipart(_))]), "{:?}", body("uploadPhoto"));
    assert!(matches!(&body("login")[..], [("application/x-www-form-urlencoded", BodyKind::Form(_))]), "{:?}", body("login"));
    assert!(body("getPet").is_empty());
    insta::assert_snapshot!("swagger_2_0_warnings", generated.warnings.join("\n\n"));
}

/// The split document: `common.yaml`'s nodes read as 2.0, its response
/// served as the document's `produces` says, as one of the document's own
/// `responses` would be.
#[test]
fn the_files_a_2_0_document_refers_to_are_read_as_2_0() {
    let generated = tests::generate("tests/coverage-specs/swagger-2-0-multi-file/openapi.yaml", "split").unwrap_or_else(|e| panic!("{e}"));
    let order = generated.item("models::Order").expect("Order");
    assert!(order.contains("note: nullable \"note\""), "{order}");
    let op = &generated.api.operations[0];
    assert_eq!((op.params[0].wire_name.as_str(), op.params[0].style, op.params[0].explode), ("ids", ParamStyle::PipeDelimited, false));
    assert!(generated.item("models::Customer").is_some(), "Order's own `#/definitions/Customer` is followed in common.yaml");
    // Its 200 (here) and its default response (common.yaml's) both.
    let list = generated.item("operations::list_orders").expect("list_orders");
    assert!(list.contains("\"application/vnd.shop+json\"") && !list.contains("\"application/json\""), "{list}");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// The generated crate's requests, built by its own code.
#[test]
fn a_2_0_document_s_requests_are_sent_as_it_says() {
    let generated = tests::generate(SPEC, "swagger_2_0").unwrap_or_else(|e| panic!("{e}"));
    let mut files = generated.files;
    files.insert("tests/requests.rs".into(), REQUESTS.into());
    let mut scratch = Workspace::new("swagger-2-0");
    scratch.add("swagger_2_0", files);
    let output = scratch.cargo(&["test", "--quiet", "--workspace", "--test", "requests"], &[]);
    assert!(
        output.status.success(),
        "the requests are not what the 2.0 document says:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The test the generated crate runs.
const REQUESTS: &str = r##"//! Each request as the Swagger 2.0 document says it is sent.

use swagger_2_0::models::{ListPetsStatusItem, LoginBody, NewPet, Pet, RenamePetFieldsItem};
use swagger_2_0::operations::{create_pet, get_pet, list_pets, login, rename_pet, upload_photo};
use swagger_2_0::runtime::File;
use swagger_2_0::servers::DEFAULT_BASE_URL;

fn header<B>(request: &http::Request<B>, name: &str) -> String {
    request.headers()[name].to_str().unwrap().to_owned()
}

#[test]
fn the_server_is_https_on_the_host_under_the_base_path() {
    assert_eq!(DEFAULT_BASE_URL, "https://shop.example.com/v2");
}

#[test]
fn csv_arrays_are_joined_and_multi_arrays_repeated() {
    let request = list_pets::Request::default()
        .limit(5)
        .tags(vec!["a".into(), "b c".into()])
        .status(vec![ListPetsStatusItem::Available, ListPetsStatusItem::Sold])
        .x_request_id("7f1c".into());
    let http = request.to_http_request(DEFAULT_BASE_URL).unwrap();
    assert_eq!(http.uri(), "https://shop.example.com/v2/pets?limit=5&tags=a,b%20c&status=available&status=sold");
    assert_eq!(header(&http, "x-request-id"), "7f1c");
    // `tsv` has no OpenAPI 3 style: sent as `csv`.
    let mut rename = rename_pet::Request::new(3);
    rename.fields = Some(vec![RenamePetFieldsItem::Name, RenamePetFieldsItem::Tags]);
    let http = rename.to_http_request(DEFAULT_BASE_URL).unwrap();
    assert_eq!(http.uri(), "https://shop.example.com/v2/pets/3?fields=name,tags");
}

#[test]
fn a_body_parameter_is_sent_as_json() {
    let http = create_pet::Request::new(NewPet::new("Rex".into(), "dog".into())).to_http_request(DEFAULT_BASE_URL).unwrap();
    assert_eq!((http.method().as_str(), http.uri().path()), ("POST", "/v2/pets"));
    assert_eq!(header(&http, "content-type"), "application/json");
    assert_eq!(http.body().as_slice(), br#"{"name":"Rex","kind":"dog"}"#);
}

#[test]
fn a_form_with_a_file_is_sent_as_multipart() {
    let mut body = upload_photo::Multipart::new(File::new(b"PNG bytes".to_vec()).with_filename("rex.png"));
    body.caption = Some("Rex".into());
    let http = upload_photo::Request::new(7, body).to_http_request(DEFAULT_BASE_URL).unwrap();
    assert_eq!(http.uri().path(), "/v2/pets/7/photo");
    let content_type = header(&http, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap_or_else(|| panic!("{content_type}"));
    let text = String::from_utf8_lossy(http.body()).into_owned();
    assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
    assert!(text.contains("name=\"file\"; filename=\"rex.png\""), "{text}");
    assert!(text.contains("PNG bytes") && text.contains("name=\"caption\"\r\n\r\nRex\r\n"), "{text}");
}

#[test]
fn a_form_without_a_file_is_sent_url_encoded() {
    let mut body = LoginBody::new("ada".into(), "p&w".into());
    body.scopes = Some(vec!["read".into(), "write".into()]);
    let http = login::Request::new(body).to_http_request(DEFAULT_BASE_URL).unwrap();
    assert_eq!(header(&http, "content-type"), "application/x-www-form-urlencoded");
    // `scopes` is an array without `collectionFormat`: `csv`, one field.
    assert_eq!(http.body().as_slice(), b"username=ada&password=p%26w&scopes=read,write");
}

#[test]
fn x_nullable_lets_a_property_be_null() {
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(br#"{"id":1,"name":"Rex","kind":"dog","owner":null}"#.to_vec())
        .unwrap();
    let get_pet::Response::Ok(pet) = get_pet::Response::from_http_response(&response).unwrap() else { panic!("not 200") };
    assert_eq!(pet.owner, Some(None));
    let mut expected = Pet::new(1, "Rex".into(), "dog".into());
    expected.owner = Some(None);
    assert_eq!(pet, expected);
}
"##;
