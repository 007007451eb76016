//! Constraints from the spec (`minItems`, `minimum`, `exclusiveMinimum`)
//! checked by `Request::validate` and `Validate::validate`, with errors that
//! name the value's path.

use generated::operations::delete_llm_obs_annotation_queue_interactions as delete;
use generated::operations::get_llm_obs_annotated_interactions_by_trace_ids as by_ids;
use generated::Validate;
use serde_json::json;
use tests::fixture_json;

fn delete_request(ids: &[&str]) -> delete::Request {
    let body = serde_json::from_value(json!({
        "data": {"attributes": {"interaction_ids": ids}, "type": "interactions"}
    }))
    .unwrap();
    delete::Request::new("queue-1", body)
}

#[test]
fn interaction_ids_need_at_least_one() {
    assert_eq!(delete_request(&["a"]).validate(), Ok(()));
    let e = delete_request(&[]).validate().unwrap_err();
    assert_eq!(e.path(), "body.data.attributes.interaction_ids");
    assert_eq!(e.to_string(), "body.data.attributes.interaction_ids: has 0 item(s); at least 1 required");
}

#[test]
fn content_ids_offset_and_limit_are_checked_by_wire_name() {
    let ok = by_ids::Request::new(vec!["trace-1".into()]);
    assert_eq!(ok.clone().offset(0).limit(1).validate(), Ok(()));

    let e = by_ids::Request::new(vec![]).validate().unwrap_err();
    assert_eq!(e.to_string(), "contentIds: has 0 item(s); at least 1 required");

    let e = ok.clone().offset(-1).validate().unwrap_err();
    assert_eq!(e.to_string(), "offset: is -1; must be at least 0");

    // `limit` is exclusive: 0 is refused, 1 is the smallest page.
    let e = ok.clone().limit(0).validate().unwrap_err();
    assert_eq!(e.to_string(), "limit: is 0; must be greater than 0");
}

#[test]
fn models_check_nested_values_on_demand() {
    let mut page: generated::models::LlmObsAnnotatedInteractionsByTraceResponse =
        serde_json::from_value(fixture_json("by_content_ids_200.json")).unwrap();
    assert_eq!(page.validate(), Ok(()));

    // A response is read as sent, even when it breaks a constraint; the
    // check is there for those who want it.
    let mut value = fixture_json("by_content_ids_200.json");
    value["data"]["attributes"]["annotated_interactions"][0]["display_block"][0]["height"] = json!(0);
    page = serde_json::from_value(value).unwrap();
    let e = page.validate().unwrap_err();
    assert_eq!(e.path(), "data.attributes.annotated_interactions[0].display_block[0].height");
    assert_eq!(e.message(), "is 0; must be greater than 0");
}
