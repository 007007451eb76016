//! The decisions written next to the docs' contradictions in `spec/llm-obs.yaml`,
//! and the spec's examples against the docs' own (the fixtures).

use generated::models::{LlmObsAnnotatedInteractionType, LlmObsAnnotatedInteractionsByTraceResponse, LlmObsAnnotation};
use generated::operations::get_llm_obs_annotated_interactions_by_trace_ids as by_ids;
use serde_json::json;
use tests::{fixture_json, response, spec_json};

fn annotation(label_values: serde_json::Value) -> serde_json::Value {
    json!({
        "created_at": "2024-01-15T10:30:00Z", "created_by": "u", "id": "a", "interaction_id": "i",
        "label_values": label_values, "modified_at": "2024-01-15T10:30:00Z", "modified_by": "u"
    })
}

/// DECISION: `label_values` is documented as an object, but one example sends `[{}]`.
#[test]
fn label_values_accepts_the_documented_object_and_the_example_array() {
    for value in [json!({"quality": "good"}), json!([{}]), json!({})] {
        let parsed: LlmObsAnnotation = serde_json::from_value(annotation(value.clone())).unwrap();
        assert_eq!(parsed.label_values, value);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), annotation(value));
    }
}

/// DECISION: `display_block` is optional on every cross-queue interaction,
/// whatever its `type` (the example sends it on a `trace`).
#[test]
fn display_block_is_optional_whatever_the_type() {
    let body: LlmObsAnnotatedInteractionsByTraceResponse = serde_json::from_value(fixture_json("by_content_ids_200.json")).unwrap();
    let item = &body.data.attributes.annotated_interactions[0];
    assert_eq!(item.type_, LlmObsAnnotatedInteractionType::Trace);
    assert_eq!(item.display_block.as_ref().map(Vec::len), Some(1));
    let mut without = fixture_json("by_content_ids_200.json");
    without["data"]["attributes"]["annotated_interactions"][0].as_object_mut().unwrap().remove("display_block");
    let body: LlmObsAnnotatedInteractionsByTraceResponse = serde_json::from_value(without).unwrap();
    assert!(body.data.attributes.annotated_interactions[0].display_block.is_none());
}

/// DECISION: the cross-queue page documents no 404 but a 500; each operation
/// has exactly its page's statuses, and any other still parses.
#[test]
fn cross_queue_statuses_are_exactly_the_documented_ones() {
    let r = by_ids::Response::from_http_response(&response(404, r#"{"errors":[]}"#)).unwrap();
    assert!(matches!(r, by_ids::Response::Undocumented { status, .. } if status == 404));
    let r = by_ids::Response::from_http_response(&response(500, &*tests::fixture("by_content_ids_500.json"))).unwrap();
    assert!(matches!(r, by_ids::Response::InternalServerError(_)));
}

/// DECISION: 429 bodies are `errors: [string]`, the other errors `errors: [object]`.
#[test]
fn too_many_requests_and_other_errors_have_their_own_bodies() {
    let r = by_ids::Response::from_http_response(&response(429, r#"{"errors":["slow down"]}"#)).unwrap();
    assert!(matches!(r, by_ids::Response::TooManyRequests { body, .. } if body.errors == ["slow down"]));
    // An object-shaped error under 429 does not match the documented schema.
    assert!(by_ids::Response::from_http_response(&response(429, r#"{"errors":[{"title":"x"}]}"#)).is_err());
}

/// DECISION: the rate-limit headers of Datadog's "Rate Limits" page are
/// documented on the 429 and typed there; a missing or malformed one is `None`
/// rather than a failure to read the response.
#[test]
fn too_many_requests_exposes_the_rate_limit_headers() {
    let mut r = response(429, r#"{"errors":["slow down"]}"#);
    for (name, value) in [
        ("x-ratelimit-limit", "100"),
        ("X-RateLimit-Period", "60"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", " 17 "),
        ("X-RateLimit-Name", "llm_obs_annotations"),
    ] {
        r.headers_mut().insert(name, http::HeaderValue::from_static(value));
    }
    let by_ids::Response::TooManyRequests { headers, .. } = by_ids::Response::from_http_response(&r).unwrap() else { panic!("not a 429") };
    assert_eq!(headers.x_rate_limit_limit, Some(100));
    assert_eq!(headers.x_rate_limit_period, Some(60));
    assert_eq!(headers.x_rate_limit_remaining, Some(0));
    assert_eq!(headers.x_rate_limit_reset, Some(17));
    assert_eq!(headers.x_rate_limit_name.as_deref(), Some("llm_obs_annotations"));

    let mut r = response(429, r#"{"errors":["slow down"]}"#);
    r.headers_mut().insert("X-RateLimit-Reset", http::HeaderValue::from_static("soon"));
    let by_ids::Response::TooManyRequests { headers, .. } = by_ids::Response::from_http_response(&r).unwrap() else { panic!("not a 429") };
    assert_eq!(headers, generated::models::TooManyRequestsResponseHeaders::default());
}

/// DECISION: conditionally required content-block fields stay optional: a
/// block with nothing but its `type` is valid.
#[test]
fn a_content_block_needs_only_its_type() {
    let block: generated::models::LlmObsContentBlock = serde_json::from_value(json!({"type": "image"})).unwrap();
    assert_eq!(block.type_, generated::models::LlmObsContentBlockType::Image);
    assert!(block.url.is_none() && block.tile_def.is_none() && block.trace_id.is_none());
}

/// DECISION: `contentIds` is exploded (`contentIds=a&contentIds=b`) and
/// `offset`/`limit` are unsized integers.
#[test]
fn content_ids_are_exploded_and_offsets_are_i64() {
    let request = by_ids::Request::new(vec!["a".into(), "b".into()]).offset(i64::MAX).to_http_request("https://x").unwrap();
    assert_eq!(request.uri().query(), Some(&*format!("contentIds=a&contentIds=b&offset={}", i64::MAX)));
}

/// The spec's examples are the docs' examples: a transcription slip fails here.
#[test]
fn spec_examples_are_the_docs_examples() {
    let spec = spec_json();
    let paths = &spec["paths"];
    let resolve = |r: &serde_json::Value| -> serde_json::Value {
        match r.get("$ref").and_then(|v| v.as_str()) {
            Some(reference) => {
                let key = reference.rsplit('/').next().unwrap();
                spec["components"]["responses"][key].clone()
            }
            None => r.clone(),
        }
    };
    let cases = [
        ("/api/v2/llm-obs/v1/annotation-queues/{queue_id}/interactions/delete", "post", "delete", &["400", "401", "403", "404", "429"][..]),
        (
            "/api/v2/llm-obs/v1/annotation-queues/{queue_id}/annotated-interactions",
            "get",
            "queue",
            &["200", "400", "401", "403", "404", "429"][..],
        ),
        ("/api/v2/llm-obs/v1/annotated-interactions", "get", "by_content_ids", &["200", "400", "401", "403", "429", "500"][..]),
    ];
    for (path, method, prefix, statuses) in cases {
        let op = &paths[path][method];
        let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().filter(|k| *k != "204").collect();
        assert_eq!(documented, statuses.to_vec(), "{path}: statuses");
        for status in statuses {
            let response = resolve(&op["responses"][status]);
            let example = &response["content"]["application/json"]["example"];
            assert_eq!(*example, fixture_json(&format!("{prefix}_{status}.json")), "{path} {status}");
        }
    }
    let delete = &paths[cases[0].0]["post"];
    assert_eq!(delete["requestBody"]["content"]["application/json"]["example"], fixture_json("delete_request.json"));
    assert!(delete["responses"]["204"].is_object());
}
