//! Every JSON example in the docs (kept verbatim in `tests/fixtures/`)
//! deserializes into its generated type and serializes back to the same JSON.

use generated::models::{
    ApiErrorResponse, JsonApiErrorResponse, LlmObsAnnotatedInteractionsByTraceResponse, LlmObsAnnotatedInteractionsResponse,
    LlmObsDeleteAnnotationQueueInteractionsRequest,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tests::{fixture, fixture_json};

fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let value: T = serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name} does not deserialize: {e}"));
    let back = serde_json::to_value(&value).expect("serializes");
    assert_eq!(back, fixture_json(name), "{name} does not round-trip");
    value
}

#[test]
fn delete_request_example() {
    let body: LlmObsDeleteAnnotationQueueInteractionsRequest = round_trip("delete_request.json");
    assert_eq!(body.data.attributes.interaction_ids.len(), 2);
}

#[test]
fn queue_ok_example() {
    let body: LlmObsAnnotatedInteractionsResponse = round_trip("queue_200.json");
    assert_eq!(body.data.attributes.annotated_interactions.len(), 1);
}

#[test]
fn by_content_ids_ok_example() {
    let body: LlmObsAnnotatedInteractionsByTraceResponse = round_trip("by_content_ids_200.json");
    assert_eq!(body.data.attributes.total_count, 1);
}

#[test]
fn error_examples_with_objects() {
    for name in [
        "delete_400.json",
        "delete_401.json",
        "delete_403.json",
        "delete_404.json",
        "queue_400.json",
        "queue_401.json",
        "queue_403.json",
        "queue_404.json",
        "by_content_ids_400.json",
        "by_content_ids_401.json",
        "by_content_ids_403.json",
        "by_content_ids_500.json",
    ] {
        let body: JsonApiErrorResponse = round_trip(name);
        assert_eq!(body.errors[0].title.as_deref(), Some("Bad Request"), "{name}");
    }
}

#[test]
fn too_many_requests_examples_with_strings() {
    for name in ["delete_429.json", "queue_429.json", "by_content_ids_429.json"] {
        let body: ApiErrorResponse = round_trip(name);
        assert_eq!(body.errors, ["Bad Request"], "{name}");
    }
}
