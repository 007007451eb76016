//! Request building and response parsing for every operation and every
//! documented status, through `http` types only (no server needed).

use generated::models::{
    LlmObsAnnotatedInteractionItem, LlmObsDeleteAnnotationQueueInteractionsDataAttributesRequest,
    LlmObsDeleteAnnotationQueueInteractionsDataRequest, LlmObsDeleteAnnotationQueueInteractionsRequest,
};
use generated::operations::{
    delete_llm_obs_annotation_queue_interactions as delete, get_llm_obs_annotated_interactions as queue,
    get_llm_obs_annotated_interactions_by_trace_ids as by_ids,
};
use generated::servers::{self, Site};
use generated::RequestError;
use tests::{fixture, fixture_json, response};

const BASE: &str = "https://api.datadoghq.com";

fn delete_body() -> LlmObsDeleteAnnotationQueueInteractionsRequest {
    LlmObsDeleteAnnotationQueueInteractionsRequest::new(LlmObsDeleteAnnotationQueueInteractionsDataRequest::new(
        LlmObsDeleteAnnotationQueueInteractionsDataAttributesRequest::new(vec![
            "00000000-0000-0000-0000-000000000000".into(),
            "00000000-0000-0000-0000-000000000001".into(),
        ]),
    ))
}

// ----- requests ------------------------------------------------------------------

#[test]
fn delete_request_is_a_json_post() {
    let request = delete::Request::new("00000000-0000-0000-0000-000000000001", delete_body()).to_http_request(BASE).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://api.datadoghq.com/api/v2/llm-obs/v1/annotation-queues/00000000-0000-0000-0000-000000000001/interactions/delete"
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["accept"], "application/json");
    // The body built with the constructors is the docs' example, byte for byte as JSON.
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, fixture_json("delete_request.json"));
}

#[test]
fn queue_request_is_a_bodiless_get() {
    let request = queue::Request::new("q-1").to_http_request(BASE).unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "https://api.datadoghq.com/api/v2/llm-obs/v1/annotation-queues/q-1/annotated-interactions");
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
}

#[test]
fn by_content_ids_request_explodes_the_array_and_sends_only_what_is_set() {
    let request = by_ids::Request::new(vec!["trace-abc-123".into(), "a b&c=d".into()]).to_http_request(BASE).unwrap();
    assert_eq!(
        request.uri(),
        "https://api.datadoghq.com/api/v2/llm-obs/v1/annotated-interactions?contentIds=trace-abc-123&contentIds=a%20b%26c%3Dd"
    );
    let request = by_ids::Request::new(vec!["x".into()]).offset(0).limit(100).to_http_request(BASE).unwrap();
    assert_eq!(request.uri().query(), Some("contentIds=x&offset=0&limit=100"));
}

#[test]
fn path_parameters_cannot_escape_their_segment() {
    let request = queue::Request::new("a/../b?x#y").to_http_request(BASE).unwrap();
    assert_eq!(request.uri().path(), "/api/v2/llm-obs/v1/annotation-queues/a%2F..%2Fb%3Fx%23y/annotated-interactions");
    assert_eq!(request.uri().query(), None);
    let request = queue::Request::new("100%/é").to_http_request(BASE).unwrap();
    assert_eq!(request.uri().path(), "/api/v2/llm-obs/v1/annotation-queues/100%25%2F%C3%A9/annotated-interactions");
    for bad in ["", ".", ".."] {
        let err = queue::Request::new(bad).to_http_request(BASE).unwrap_err();
        assert!(matches!(err, RequestError::InvalidPathParam { name: "queue_id", .. }), "{bad:?}: {err}");
    }
}

#[test]
fn base_urls_keep_their_prefix_and_bad_ones_are_refused() {
    let request = queue::Request::new("q").to_http_request("http://127.0.0.1:8080/proxy/").unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:8080/proxy/api/v2/llm-obs/v1/annotation-queues/q/annotated-interactions");
    for bad in ["api.datadoghq.com", "ftp://x", "https://x/?a=b", ""] {
        assert!(matches!(queue::Request::new("q").to_http_request(bad), Err(RequestError::InvalidBaseUrl { .. })), "{bad}");
    }
}

/// The runtime every generated crate carries: cookie parameters go in one
/// `Cookie` header (the coverage spec's operations emit these calls; see
/// `specs.rs`), header arrays in the `simple` style.
#[test]
fn cookies_share_one_header_and_cannot_break_out_of_their_pair() {
    use generated::runtime::{header_value_joined, Cookies};
    assert_eq!(Cookies::default().into_header_value().unwrap(), None);
    let mut cookies = Cookies::default();
    cookies.push("session", &"abc123");
    cookies.push("note", &"a b;c=d,\"e\"\\é");
    cookies.push_joined("ids", &[3, 4, 5]);
    let value = cookies.into_header_value().unwrap().expect("cookies were added");
    assert_eq!(value, "session=abc123; note=a%20b%3Bc%3Dd%2C%22e%22%5C%C3%A9; ids=3,4,5");
    assert_eq!(header_value_joined("X-Tags", &["a", "b c"]).unwrap(), "a,b c");
    assert!(header_value_joined("X-Tags", &["a\nb"]).is_err());
}

#[test]
fn servers_cover_the_eight_sites() {
    assert_eq!(Site::ALL.len(), 8);
    assert_eq!(servers::DEFAULT_BASE_URL, "https://api.datadoghq.com");
    assert_eq!(servers::base_url(Site::default()), servers::DEFAULT_BASE_URL);
    assert_eq!(servers::base_url("ap1.datadoghq.com".parse().unwrap()), "https://api.ap1.datadoghq.com");
    assert_eq!(servers::base_url("datadoghq.eu".parse().unwrap()), "https://api.datadoghq.eu");
    assert_eq!(servers::base_url(Site::Us2DdogGovCom), "https://api.us2.ddog-gov.com");
    let err = "datadoghq.con".parse::<Site>().unwrap_err();
    assert!(err.to_string().contains("unknown value `datadoghq.con`"), "{err}");
    use generated::runtime::SentAs;
    assert_eq!(generated::security::API_KEY_AUTH.sent_as, SentAs::Header("DD-API-KEY"));
    assert_eq!(generated::security::APP_KEY_AUTH.sent_as, SentAs::Header("DD-APPLICATION-KEY"));
    assert_eq!(generated::security::API_KEY_AUTH.name, "apiKeyAuth");
}

// ----- responses -----------------------------------------------------------------

#[test]
fn delete_parses_every_documented_status() {
    let parse = |status, body: &str| delete::Response::from_http_response(&response(status, body)).unwrap();
    assert_eq!(parse(204, ""), delete::Response::NoContent);
    assert!(matches!(parse(400, &fixture("delete_400.json")), delete::Response::BadRequest(b) if b.errors.len() == 1));
    assert!(matches!(parse(401, &fixture("delete_401.json")), delete::Response::Unauthorized(_)));
    assert!(matches!(parse(403, &fixture("delete_403.json")), delete::Response::Forbidden(_)));
    assert!(matches!(parse(404, &fixture("delete_404.json")), delete::Response::NotFound(_)));
    assert!(
        matches!(parse(429, &fixture("delete_429.json")), delete::Response::TooManyRequests { body, .. } if body.errors == ["Bad Request"])
    );
    for (status, r) in [(204, parse(204, "")), (404, parse(404, &fixture("delete_404.json")))] {
        assert_eq!(r.status(), status);
    }
}

#[test]
fn queue_parses_every_documented_status() {
    let parse = |status, body: &str| queue::Response::from_http_response(&response(status, body)).unwrap();
    match parse(200, &fixture("queue_200.json")) {
        queue::Response::Ok(body) => {
            assert!(matches!(body.data.attributes.annotated_interactions[0], LlmObsAnnotatedInteractionItem::Upstream(_)))
        }
        other => panic!("expected Ok, got {other:?}"),
    }
    assert!(matches!(parse(400, &fixture("queue_400.json")), queue::Response::BadRequest(_)));
    assert!(matches!(parse(401, &fixture("queue_401.json")), queue::Response::Unauthorized(_)));
    assert!(matches!(parse(403, &fixture("queue_403.json")), queue::Response::Forbidden(_)));
    assert!(matches!(parse(404, &fixture("queue_404.json")), queue::Response::NotFound(_)));
    assert!(matches!(parse(429, &fixture("queue_429.json")), queue::Response::TooManyRequests { .. }));
}

#[test]
fn by_content_ids_parses_every_documented_status() {
    let parse = |status, body: &str| by_ids::Response::from_http_response(&response(status, body)).unwrap();
    assert!(matches!(parse(200, &fixture("by_content_ids_200.json")), by_ids::Response::Ok(b) if b.data.attributes.total_count == 1));
    assert!(matches!(parse(400, &fixture("by_content_ids_400.json")), by_ids::Response::BadRequest(_)));
    assert!(matches!(parse(401, &fixture("by_content_ids_401.json")), by_ids::Response::Unauthorized(_)));
    assert!(matches!(parse(403, &fixture("by_content_ids_403.json")), by_ids::Response::Forbidden(_)));
    assert!(matches!(parse(429, &fixture("by_content_ids_429.json")), by_ids::Response::TooManyRequests { .. }));
    assert!(matches!(parse(500, &fixture("by_content_ids_500.json")), by_ids::Response::InternalServerError(_)));
}

#[test]
fn undocumented_statuses_keep_status_and_body() {
    let r = delete::Response::from_http_response(&response(418, "teapot")).unwrap();
    assert_eq!(r, delete::Response::Undocumented { status: http::StatusCode::IM_A_TEAPOT, body: b"teapot".to_vec() });
    assert_eq!(r.status(), 418);
}

#[test]
fn a_body_that_does_not_match_is_an_error_naming_status_and_path() {
    let err = by_ids::Response::from_http_response(&response(
        200,
        r#"{"data":{"attributes":{"annotated_interactions":[],"total_count":"one"},"id":"x","type":"annotated_interactions_by_trace"}}"#,
    ))
    .unwrap_err();
    assert_eq!(err.status, 200);
    assert_eq!(err.path, "data.attributes.total_count");
    assert!(err.message.starts_with("invalid type: string \"one\", expected i32"), "{}", err.message);
    assert!(err.to_string().contains("200 OK"), "{err}");

    let err = queue::Response::from_http_response(&response(404, "<html>not json</html>")).unwrap_err();
    assert_eq!(err.status, 404);
    assert_eq!(err.body, b"<html>not json</html>");

    let err = queue::Response::from_http_response(&response(429, r#"{"errors":[{"detail":"x"}]}"#)).unwrap_err();
    assert_eq!(err.path, "errors[0]");
}

#[test]
fn errors_inside_a_union_variant_carry_the_whole_path() {
    let mut body = tests::fixture_json("queue_200.json");
    let item = &mut body["data"]["attributes"]["annotated_interactions"];
    let display = serde_json::json!({
        "annotations": [], "content_id": "c", "id": "i", "type": "display_block",
        "display_block": [{"type": "markdown", "timeFrame": {"start": 1, "end": "later"}}]
    });
    item.as_array_mut().unwrap().push(display);
    let err = queue::Response::from_http_response(&response(200, body.to_string())).unwrap_err();
    assert_eq!(err.path, "data.attributes.annotated_interactions[1].display_block[0].timeFrame.end");
    assert!(err.message.starts_with("invalid type: string \"later\", expected i64"), "{}", err.message);
}
