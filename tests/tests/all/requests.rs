//! Request bodies of every media type, sent by the client of
//! `tests/generated-requests/` (from `tests/coverage-specs/requests.yaml`) to
//! a server on 127.0.0.1 that records what it receives: form bodies are
//! decoded with a standard decoder, multipart bodies are parsed part by part
//! (name, file name, media type, bytes), and the exact bytes are pinned.
//! Then parameters of every schema that serializes: `$ref`s to enums and
//! formatted strings, documented enums, unions of primitives, objects,
//! arrays of them, with their exact query strings, and parameters sent as
//! JSON text (described by `content` in a JSON media type).

use generated_requests::client::Client;
use generated_requests::models::{
    Article, ArticleStatus, CreateMessageBody, GetReportWindow, Level, Limit, LogItem, Plan, Settings, Signup, SortMode,
};
use generated_requests::operations::{
    add_attachment, attach_log, create_message, delete_report, detect_language, get_report, get_roles_by_ids, patch_settings,
    post_anything, post_event, put_avatar, submit_form, submit_logs, upload,
};
use generated_requests::runtime::{File, RequestError};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with `status`, and a client of it.
async fn server(status: u16) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("a client");
    (server, client)
}

/// The only request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "expected exactly one request, got {}", received.len());
    received.remove(0)
}

fn content_type(request: &Request) -> Option<&str> {
    request.headers.get("content-type").map(|v| v.to_str().expect("ASCII"))
}

/// The pairs of a form body, as a standard decoder reads them.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

pub(crate) fn signup() -> Signup {
    serde_json::from_value(json!({
        "email": "ada@example.com",
        "plan": "pro",
        "age": 36,
        "newsletter": true,
        "tags": ["math", "poetry & engines"],
        "labels": ["a,b", "c"],
        "address": {"city": "London", "geo": {"lat": 51.5, "lon": -0.12}},
        "meta": {"source": "ad"},
    }))
    .expect("a Signup")
}

// ----- application/x-www-form-urlencoded ------------------------------------------

#[tokio::test]
async fn a_form_body_follows_its_encoding() {
    let (server, client) = server(201).await;
    let response = client.submit_form(&submit_form::Request::new("f 1", signup())).await.expect("sent");
    assert_eq!(response, submit_form::Response::Created);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/forms/f%201");
    assert_eq!(content_type(&request), Some("application/x-www-form-urlencoded"));
    // Properties in spec order; arrays repeated unless `explode: false`
    // (items' own commas encoded, the separators not); `address` as a deep
    // object; `meta` as JSON.
    let expected = "email=ada%40example.com&plan=pro&age=36&newsletter=true&tags=math&tags=poetry%20%26%20engines&labels=a%2Cb,c\
                    &address%5Bcity%5D=London&address%5Bgeo%5D%5Blat%5D=51.5&address%5Bgeo%5D%5Blon%5D=-0.12\
                    &meta=%7B%22source%22%3A%22ad%22%7D";
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), expected);
    assert_eq!(
        form_pairs(&request.body),
        pairs(&[
            ("email", "ada@example.com"),
            ("plan", "pro"),
            ("age", "36"),
            ("newsletter", "true"),
            ("tags", "math"),
            ("tags", "poetry & engines"),
            ("labels", "a,b,c"),
            ("address[city]", "London"),
            ("address[geo][lat]", "51.5"),
            ("address[geo][lon]", "-0.12"),
            ("meta", r#"{"source":"ad"}"#),
        ])
    );
}

/// What the form style leaves undefined: `null` is an empty value (apart
/// from a property left out), and a value nested deeper than the style goes
/// is written as JSON text.
#[test]
fn a_form_writes_null_as_empty_and_deeper_values_as_json() {
    let body = json!({"a": null, "b": [1, [2, 3]], "c": {"d": {"e": 1}, "f": "g"}});
    let bytes = generated_requests::runtime::form_body(&body, &[]).unwrap();
    assert_eq!(std::str::from_utf8(&bytes).unwrap(), "a=&b=1&b=%5B2%2C3%5D&d=%7B%22e%22%3A1%7D&f=g");
    let error = generated_requests::runtime::form_body(&json!([1, 2]), &[]).expect_err("not an object");
    assert_eq!(error.to_string(), "the request body cannot be written: a form body must serialize to an object");
}

#[tokio::test]
async fn an_inline_form_body_repeats_array_items_and_writes_dates_as_rfc_3339() {
    let (server, client) = server(201).await;
    let mut body = CreateMessageBody::new("+15551234567".into(), "Hi there, 100% sure?".into());
    body.media_url = Some(vec!["https://example.com/a.png".into(), "https://example.com/b.png?x=1&y=2".into()]);
    body.send_at = Some("2026-01-02T03:04:05Z".parse().unwrap());
    let request = create_message::Request::default().body(body);
    client.create_message(&request).await.expect("sent");
    let received = only_request(&server).await;
    assert_eq!(content_type(&received), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        std::str::from_utf8(&received.body).unwrap(),
        "To=%2B15551234567&Body=Hi%20there%2C%20100%25%20sure%3F&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fb.png%3Fx%3D1%26y%3D2&SendAt=2026-01-02T03%3A04%3A05Z"
    );
    assert_eq!(form_pairs(&received.body)[1], ("Body".to_owned(), "Hi there, 100% sure?".to_owned()));
}

#[tokio::test]
async fn an_optional_body_left_out_sends_nothing() {
    let (server, client) = server(204).await;
    client.create_message(&create_message::Request::default()).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(content_type(&request), None);
    assert!(request.body.is_empty());
}

// ----- multipart/form-data -------------------------------------------------------------

/// One part of a multipart body, as parsed.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    content: Vec<u8>,
}

/// Parses a `multipart/form-data` body (RFC 7578, RFC 2046 section 5.1)
/// strictly: every delimiter, header line and CRLF where it belongs.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary parameter");
    assert!((1..=70).contains(&boundary.len()), "boundary length");
    let delimiter = format!("--{boundary}");
    let mut rest = body.strip_prefix(delimiter.as_bytes()).expect("the body starts with the first delimiter");
    let mut parts = Vec::new();
    loop {
        if rest == b"--\r\n" {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let end_of_headers = find(rest, b"\r\n\r\n").expect("headers end with an empty line");
        let headers = std::str::from_utf8(&rest[..end_of_headers]).expect("headers are text");
        rest = &rest[end_of_headers + 4..];
        let next = find(rest, format!("\r\n{delimiter}").as_bytes()).expect("a part ends with a delimiter");
        let content = rest[..next].to_vec();
        rest = &rest[next + 2 + delimiter.len()..];
        let mut part = Part { name: String::new(), filename: None, content_type: None, content };
        for line in headers.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("a header line");
            match name.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    let mut params = value.split("; ");
                    assert_eq!(params.next(), Some("form-data"));
                    for param in params {
                        let (key, quoted) = param.split_once('=').expect("key=value");
                        let value = quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).expect("quoted").to_owned();
                        match key {
                            "name" => part.name = value,
                            "filename" => part.filename = Some(value),
                            other => panic!("unexpected parameter {other}"),
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.to_owned()),
                other => panic!("unexpected header {other}"),
            }
        }
        parts.push(part);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn part(name: &str, filename: Option<&str>, content_type: Option<&str>, content: &[u8]) -> Part {
    Part { name: name.into(), filename: filename.map(Into::into), content_type: content_type.map(Into::into), content: content.to_vec() }
}

pub(crate) fn upload_body() -> upload::Multipart {
    // Bytes that are not UTF-8, with a CRLF and dashes inside.
    let document = File::new(b"%PDF\xff\x00\r\n--not-a-boundary\r\n".to_vec())
        .with_filename("report \"final\".pdf")
        .with_content_type("application/pdf");
    let mut body = upload::Multipart::new(document, "Q3 report".into());
    body.pages = Some(12);
    body.plan = Some(Plan::Free);
    body.address = Some(serde_json::from_value(json!({"city": "Paris"})).unwrap());
    body.attachments = vec![File::new(b"a".to_vec()), File::new(b"b".to_vec()).with_filename("b.txt")];
    body.keywords = vec!["x".into(), "y z".into()];
    body.thumbnail = Some(File::new(vec![0x89, b'P', b'N', b'G']));
    body
}

#[tokio::test]
async fn a_multipart_body_has_text_json_and_file_parts() {
    let (server, client) = server(200).await;
    let response = client.upload(&upload::Request::new(7, upload_body())).await.expect("sent");
    assert_eq!(response, upload::Response::Ok);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/uploads/7");
    let parts = parse_multipart(content_type(&request).expect("a content type"), &request.body);
    assert_eq!(
        parts,
        [
            part("document", Some("report %22final%22.pdf"), Some("application/pdf"), b"%PDF\xff\x00\r\n--not-a-boundary\r\n"),
            part("title", None, None, b"Q3 report"),
            part("pages", None, None, b"12"),
            part("plan", None, None, b"free"),
            part("address", None, Some("application/json"), br#"{"city":"Paris"}"#),
            // A file without a name is named after its part; without a media
            // type it is `application/octet-stream`, or the spec's `encoding`.
            part("attachments", Some("attachments"), Some("application/octet-stream"), b"a"),
            part("attachments", Some("b.txt"), Some("application/octet-stream"), b"b"),
            part("keywords", None, None, b"x"),
            part("keywords", None, None, b"y z"),
            part("thumbnail", Some("thumbnail"), Some("image/png"), b"\x89PNG"),
        ]
    );
}

#[tokio::test]
async fn an_all_of_of_objects_is_one_multipart_body_whose_parts_are_all_their_properties() {
    let (server, client) = server(204).await;
    // `message` is required by the first member, `file` by the second; the
    // first `message` (a string) is the part, not the second (an integer).
    let mut body = attach_log::Multipart::new("disk full".to_owned(), File::new(b"log".to_vec()).with_filename("a.log"));
    body.service = Some("db".to_owned());
    let response = client.attach_log(&attach_log::Request::new(body)).await.expect("sent");
    assert_eq!(response, attach_log::Response::NoContent);
    let request = only_request(&server).await;
    let parts = parse_multipart(content_type(&request).expect("a content type"), &request.body);
    assert_eq!(
        parts,
        [
            part("message", None, None, b"disk full"),
            part("service", None, None, b"db"),
            part("file", Some("a.log"), Some("application/octet-stream"), b"log"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_body_that_names_no_parts_is_the_callers_bytes_and_media_type() {
    let (server, client) = server(204).await;
    // What the caller writes with the runtime's own writer.
    let mut form = generated_requests::runtime::MultipartWriter::new("b0undary");
    form.file("file", &File::new(b"shot".to_vec()).with_filename("s.png"), Some("image/png")).expect("written");
    let body = File::new(form.finish()).with_content_type("multipart/form-data; boundary=b0undary");
    let response = client.add_attachment(&add_attachment::Request::new("PRJ-1".to_owned(), body)).await.expect("sent");
    assert_eq!(response, add_attachment::Response::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/issues/PRJ-1/attachments");
    let parts = parse_multipart(content_type(&request).expect("a content type"), &request.body);
    assert_eq!(parts, [part("file", Some("s.png"), Some("image/png"), b"shot")]);
}

#[tokio::test]
async fn a_form_body_that_is_a_string_is_sent_as_written_and_a_form_response_is_its_text() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(200).set_body_raw("lang=fr&confidence=0.9", "application/x-www-form-urlencoded");
    Mock::given(any()).respond_with(answer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("a client");
    let request = detect_language::Request::new("q=bonjour%20%C3%A0%20tous&x=1".to_owned());
    let response = client.detect_language(&request).await.expect("sent");
    assert_eq!(response, detect_language::Response::Ok("lang=fr&confidence=0.9".to_owned()));
    let request = only_request(&server).await;
    assert_eq!(content_type(&request), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.body, b"q=bonjour%20%C3%A0%20tous&x=1");
}

#[tokio::test]
async fn scalar_parameters_described_by_content_are_written_as_with_a_schema() {
    let (server, client) = server(204).await;
    let mut request = delete_report::Request::new("0b6f6c1e-5d1a-4c57-9d8e-1f2a3b4c5d6e".to_owned());
    request.reason = Some("no longer \"needed\"".to_owned());
    let response = client.delete_report(&request).await.expect("sent");
    assert_eq!(response, delete_report::Response::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/reports/0b6f6c1e-5d1a-4c57-9d8e-1f2a3b4c5d6e");
    // The string itself, not JSON text with quotes around it.
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs, [("reason".to_owned(), "no longer \"needed\"".to_owned())]);
}

pub(crate) fn roles_request() -> get_roles_by_ids::Request {
    let mut request = get_roles_by_ids::Request::new(vec!["a".into(), "b/c d".into()], vec![1, 2]);
    request.filter = Some(serde_json::from_value(json!({"status": "open", "owner": "ada lovelace"})).unwrap());
    request.x_range = Some(serde_json::from_value(json!({"from": 1, "to": 5})).unwrap());
    request.prefs = Some(vec![Plan::Free, Plan::Pro]);
    request
}

#[tokio::test]
async fn structured_parameters_described_by_json_content_are_sent_as_json_text() {
    // The JSON text percent-encoded as one path segment or query value, as
    // it is in a header, percent-encoded in a cookie.
    let expected = "/roles/microsoft.graph.getByIds(ids=%5B%22a%22%2C%22b%2Fc%20d%22%5D)\
                    ?filter=%7B%22status%22%3A%22open%22%2C%22owner%22%3A%22ada%20lovelace%22%7D\
                    &pages=%5B1%2C2%5D";
    assert_eq!(roles_request().path_and_query().unwrap(), expected);
    let only_required = get_roles_by_ids::Request::new(vec![], vec![]);
    assert_eq!(only_required.path_and_query().unwrap(), "/roles/microsoft.graph.getByIds(ids=%5B%5D)?pages=%5B%5D");

    let (server, client) = server(204).await;
    assert_eq!(client.get_roles_by_ids(&roles_request()).await.expect("sent"), get_roles_by_ids::Response::NoContent);
    let request = only_request(&server).await;
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(format!("{}?{}", request.url.path(), request.url.query().unwrap()), expected);
    // A standard decoder reads JSON text back.
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(
        pairs,
        [("filter".to_owned(), r#"{"status":"open","owner":"ada lovelace"}"#.to_owned()), ("pages".to_owned(), "[1,2]".to_owned())]
    );
    assert_eq!(header("x-range").as_deref(), Some(r#"{"from":1,"to":5}"#));
    assert_eq!(header("cookie").as_deref(), Some("prefs=%5B%22free%22%2C%22pro%22%5D"));
}

#[test]
fn a_multipart_body_has_these_exact_bytes_with_a_given_boundary() {
    let mut body = upload::Multipart::new(File::new(b"<xml/>".to_vec()).with_filename("idp.xml"), "IdP".into());
    body.pages = Some(1);
    let bytes = body.to_bytes("XyZ").expect("written");
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"idp.xml\"\r\nContent-Type: application/octet-stream\r\n\r\n<xml/>\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nIdP\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"pages\"\r\n\r\n1\r\n\
         --XyZ--\r\n"
    );
}

#[test]
fn a_part_that_contains_the_boundary_is_refused() {
    let body = upload::Multipart::new(File::new(b"...XyZ...".to_vec()), "t".into());
    let error = body.to_bytes("XyZ").expect_err("refused");
    assert!(matches!(&error, RequestError::InvalidBody { .. }), "{error:?}");
    assert_eq!(error.to_string(), "the request body cannot be written: part `document` contains the multipart boundary");
}

#[test]
fn every_request_draws_another_boundary() {
    let request = upload::Request::new(1, upload_body());
    let boundaries: std::collections::BTreeSet<String> = (0..50)
        .map(|_| {
            let http = request.to_http_request("https://api.example.com").expect("built");
            http.headers()["content-type"].to_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(boundaries.len(), 50);
}

// ----- several media types: the caller picks ------------------------------------------

#[tokio::test]
async fn the_caller_picks_the_media_type() {
    let item = LogItem::new("hello".into());
    let cases: [(submit_logs::Body, &str, &[u8]); 4] = [
        (
            submit_logs::Body::Json(vec![item.clone(), LogItem::new("world".into())]),
            "application/json",
            br#"[{"message":"hello"},{"message":"world"}]"#,
        ),
        (submit_logs::Body::JsonSimple(item), "application/json;simple", br#"{"message":"hello"}"#),
        (submit_logs::Body::Logplex1(b"raw\nlines".to_vec()), "application/logplex-1", b"raw\nlines"),
        (submit_logs::Body::Text("hello world".into()), "text/plain", b"hello world"),
    ];
    for (body, expected_type, expected_body) in cases {
        let (server, client) = server(202).await;
        let response = client.submit_logs(&submit_logs::Request::new(body)).await.expect("sent");
        assert_eq!(response, submit_logs::Response::Accepted);
        let request = only_request(&server).await;
        assert_eq!(content_type(&request), Some(expected_type));
        assert_eq!(request.body, expected_body);
    }
}

#[tokio::test]
async fn an_optional_body_in_one_of_two_media_types() {
    let settings: Settings = serde_json::from_value(json!({"theme": "dark", "volume": 3})).unwrap();
    let cases = [
        (
            Some(patch_settings::Body::MergePatchJson(settings.clone())),
            Some("application/merge-patch+json"),
            r#"{"theme":"dark","volume":3}"#,
        ),
        (Some(patch_settings::Body::Form(settings)), Some("application/x-www-form-urlencoded"), "theme=dark&volume=3"),
        (None, None, ""),
    ];
    for (body, expected_type, expected_body) in cases {
        let (server, client) = server(204).await;
        let request = patch_settings::Request { body };
        client.patch_settings(&request).await.expect("sent");
        let received = only_request(&server).await;
        assert_eq!(content_type(&received), expected_type);
        assert_eq!(std::str::from_utf8(&received.body).unwrap(), expected_body);
    }
}

#[tokio::test]
async fn a_choice_of_bodies_is_validated_by_the_variant_sent() {
    let (server, client) = server(202).await;
    let long = LogItem::new("x".repeat(101));
    let error = client.submit_logs(&submit_logs::Request::new(submit_logs::Body::JsonSimple(long))).await.expect_err("refused");
    assert!(error.to_string().contains("body.message"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ----- JSON variants, media ranges ----------------------------------------------------

#[tokio::test]
async fn text_json_is_json() {
    let (server, client) = server(202).await;
    client.post_event(&post_event::Request::new(LogItem::new("up".into()))).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(content_type(&request), Some("text/json"));
    assert_eq!(request.body, br#"{"message":"up"}"#);
}

#[tokio::test]
async fn any_media_type_with_a_structured_schema_is_sent_as_json() {
    let (server, client) = server(204).await;
    let settings: Settings = serde_json::from_value(json!({"volume": 11})).unwrap();
    client.post_anything(&post_anything::Request::new(settings)).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(content_type(&request), Some("application/json"));
    assert_eq!(request.body, br#"{"volume":11}"#);
}

#[tokio::test]
async fn a_media_range_sends_the_files_media_type() {
    for (file, expected_type) in [
        (File::new(b"\x89PNG".to_vec()).with_content_type("image/png"), "image/png"),
        (File::new(b"GIF89a".to_vec()), "application/octet-stream"),
    ] {
        let (server, client) = server(204).await;
        client.put_avatar(&put_avatar::Request::new(file.clone())).await.expect("sent");
        let request = only_request(&server).await;
        assert_eq!(content_type(&request), Some(expected_type));
        assert_eq!(request.body, file.bytes);
    }
}

// ----- parameters of any schema ----------------------------------------------------------

pub(crate) fn report_request() -> get_report::Request {
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let mut request = get_report::Request::new(Limit::Integer(42), "2026-03-01".parse().unwrap(), SortMode::ByName);
    request.since = Some(at("2026-01-02T03:04:05Z"));
    request.plan = Some(Plan::Pro);
    request.limit = Some(Limit::String("all".into()));
    request.window = Some(GetReportWindow::Integer(7));
    request.filter = Some(serde_json::from_value(json!({"status": "open", "owner": "ada lovelace"})).unwrap());
    request.range = Some(serde_json::from_value(json!({"from": 1, "to": 5})).unwrap());
    request.tags = Some(vec!["a".into(), "b c".into()]);
    request.plans = Some(vec![Plan::Free, Plan::Pro]);
    request.sorts = Some(vec![SortMode::Newest, SortMode::Oldest]);
    request.limits = Some(vec![Limit::Integer(1), Limit::String("x,y".into())]);
    request.instants = Some(vec![at("2026-01-02T03:04:05Z"), at("2026-01-03T00:00:00Z")]);
    request.level = Some(Level::HIGH);
    // A value the spec does not list is sent as it is.
    request.levels = Some(vec![Level::LOW, Level(9)]);
    request.x_sort = Some(SortMode::Newest);
    request.x_limit = Some(Limit::Integer(5));
    request.x_filter = Some(serde_json::from_value(json!({"status": "open", "owner": "ada"})).unwrap());
    request.tier = Some(Limit::String("gold".into()));
    request
}

#[test]
fn parameters_of_every_schema_have_these_exact_query_strings() {
    assert_eq!(
        report_request().path_and_query().unwrap(),
        "/reports/42/2026-03-01\
         ?sort=by-name\
         &since=2026-01-02T03%3A04%3A05Z\
         &plan=pro\
         &limit=all\
         &window=7\
         &status=open&owner=ada%20lovelace\
         &range=from,1,to,5\
         &tags=a&tags=b%20c\
         &plans=free&plans=pro\
         &sorts=newest,oldest\
         &limits=1&limits=x%2Cy\
         &instants=2026-01-02T03%3A04%3A05Z,2026-01-03T00%3A00%3A00Z\
         &level=3\
         &levels=1,9"
    );
    // Only the required ones.
    let request = get_report::Request::new(Limit::String("r/1".into()), "2026-03-01".parse().unwrap(), SortMode::Oldest);
    assert_eq!(request.path_and_query().unwrap(), "/reports/r%2F1/2026-03-01?sort=oldest");
}

#[tokio::test]
async fn parameters_of_every_schema_reach_the_server() {
    let (server, client) = server(200).await;
    assert_eq!(client.get_report(&report_request()).await.expect("sent"), get_report::Response::Ok);
    let request = only_request(&server).await;
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(request.url.path(), "/reports/42/2026-03-01");
    assert!(request.url.query().unwrap().starts_with("sort=by-name&since=2026-01-02T03%3A04%3A05Z&plan=pro"));
    assert_eq!(header("x-sort").as_deref(), Some("newest"));
    assert_eq!(header("x-limit").as_deref(), Some("5"));
    assert_eq!(header("x-filter").as_deref(), Some("status=open,owner=ada"));
    assert_eq!(header("cookie").as_deref(), Some("tier=gold"));
}

#[test]
fn a_drf_spectacular_choice_field_is_one_enum_and_null() {
    let cases = [
        (r#"{"status":"draft"}"#, Some(Some(ArticleStatus::Draft))),
        (r#"{"status":""}"#, Some(Some(ArticleStatus::Empty))),
        (r#"{"status":null}"#, Some(None)),
        ("{}", None),
        (r#"{"status":"archived"}"#, Some(Some(ArticleStatus::Unknown("archived".into())))),
    ];
    for (json, status) in cases {
        let article: Article = serde_json::from_str(json).unwrap();
        assert_eq!(article.status, status, "{json}");
        assert_eq!(serde_json::to_string(&article).unwrap(), json);
    }
}

#[test]
fn a_one_of_of_single_value_enums_is_one_enum_with_a_doc_per_value() {
    assert_eq!(SortMode::ByName.as_str(), "by-name");
    assert_eq!("oldest".parse::<SortMode>().unwrap(), SortMode::Oldest);
    assert_eq!(serde_json::to_value(SortMode::Newest).unwrap(), json!("newest"));
    let code = std::fs::read_to_string(tests::root().join("tests/generated-requests/src/models/s.rs")).unwrap();
    assert!(code.contains("/// `newest`: Most recent first.\n    Newest,"), "{code}");
    assert!(code.contains("/// `by-name`: By name, A to Z.\n    ByName,"), "{code}");
}
