//! A newer server may send what this version does not know: an unknown union
//! tag, enum value or property. Each deserializes and serializes back to the
//! same JSON, never an error.

use generated::models::{
    LlmObsAnnotatedInteractionItem, LlmObsAnnotatedInteractionsResponse, LlmObsAnnotatedUpstreamInteraction, LlmObsContentBlockLevel,
    LlmObsUpstreamInteractionType,
};
use serde_json::{json, Value};
use tests::fixture_json;

/// Reads a body as a response does, checks it serializes back unchanged.
fn round_trip(value: Value) -> LlmObsAnnotatedInteractionsResponse {
    let bytes = serde_json::to_vec(&value).expect("JSON");
    let parsed: LlmObsAnnotatedInteractionsResponse = generated::runtime::from_json_slice(&bytes).expect("deserializes");
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), value);
    parsed
}

fn with_items(items: Vec<Value>) -> Value {
    let mut body = fixture_json("queue_200.json");
    body["data"]["attributes"]["annotated_interactions"] = Value::Array(items);
    body
}

#[test]
fn an_unknown_union_tag_is_kept_as_received() {
    let item = json!({"type": "agent_run", "id": "x", "annotations": [], "steps": [1, 2]});
    // Plain serde_json, single pass.
    let parsed: LlmObsAnnotatedInteractionItem = serde_json::from_value(item.clone()).unwrap();
    assert_eq!(parsed, LlmObsAnnotatedInteractionItem::Unknown(item.clone()));
    let parsed = round_trip(with_items(vec![item.clone()]));
    assert_eq!(parsed.data.attributes.annotated_interactions[0], LlmObsAnnotatedInteractionItem::Unknown(item));
}

/// The one case the single pass cannot settle: a newer option reusing a
/// known property with another type. Responses parse it anyway, through the
/// buffered second chance.
#[test]
fn an_unknown_option_reusing_a_known_property_differently_is_still_unknown() {
    let item = json!({"type": "agent_run", "id": "x", "annotations": "a newer shape"});
    assert!(serde_json::from_value::<LlmObsAnnotatedInteractionItem>(item.clone()).is_err());
    let parsed = round_trip(with_items(vec![item.clone()]));
    assert_eq!(parsed.data.attributes.annotated_interactions[0], LlmObsAnnotatedInteractionItem::Unknown(item.clone()));
    let body = with_items(vec![item.clone()]).to_string();
    let response = tests::response(200, body);
    match generated::operations::get_llm_obs_annotated_interactions::Response::from_http_response(&response).unwrap() {
        generated::operations::get_llm_obs_annotated_interactions::Response::Ok(b) => {
            assert_eq!(b.data.attributes.annotated_interactions[0], LlmObsAnnotatedInteractionItem::Unknown(item))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn properties_of_the_other_option_are_kept_as_unknown_properties() {
    let blocks = json!([{"type": "markdown", "content": "hi"}]);
    let item = json!({
        "type": "trace", "annotations": [], "content_id": "c", "id": "i",
        "created_at": "2024-01-15T10:30:00Z", "modified_at": "2024-01-15T10:30:00Z", "display_block": blocks
    });
    let parsed: LlmObsAnnotatedInteractionItem = serde_json::from_value(item.clone()).unwrap();
    let LlmObsAnnotatedInteractionItem::Upstream(upstream) = &parsed else { panic!("{parsed:?}") };
    assert_eq!(upstream.additional_properties.get("display_block"), Some(&blocks));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), item);
}

#[test]
fn an_item_without_a_tag_is_unknown_too() {
    let item = json!({"id": "x"});
    let parsed = round_trip(with_items(vec![item.clone(), json!(42)]));
    assert_eq!(parsed.data.attributes.annotated_interactions[0], LlmObsAnnotatedInteractionItem::Unknown(item));
    assert_eq!(parsed.data.attributes.annotated_interactions[1], LlmObsAnnotatedInteractionItem::Unknown(json!(42)));
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut body = fixture_json("queue_200.json");
    body["data"]["type"] = json!("annotated_interactions_v2");
    let blocks = json!([{"type": "video", "level": "xxl", "interactionType": "agent"}]);
    let display = json!({"annotations": [], "content_id": "c", "display_block": blocks, "id": "d", "type": "display_block"});
    body["data"]["attributes"]["annotated_interactions"].as_array_mut().unwrap().push(display);
    body["data"]["attributes"]["annotated_interactions"][0]["type"] = json!("session");
    let parsed = round_trip(body);
    let items = &parsed.data.attributes.annotated_interactions;
    match (&items[0], &items[1]) {
        (LlmObsAnnotatedInteractionItem::Upstream(u), LlmObsAnnotatedInteractionItem::DisplayBlock(d)) => {
            assert_eq!(u.type_, LlmObsUpstreamInteractionType::Session);
            assert_eq!(d.display_block[0].level, Some(LlmObsContentBlockLevel::Unknown("xxl".into())));
            assert_eq!(d.display_block[0].type_.as_str(), "video");
        }
        other => panic!("unexpected variants: {other:?}"),
    }
}

#[test]
fn unknown_fields_are_kept_in_order_and_written_back() {
    let mut body = fixture_json("queue_200.json");
    let item = &mut body["data"]["attributes"]["annotated_interactions"][0];
    item["can_annotate"] = json!(true);
    item["reviewers"] = json!([{"id": "u1"}]);
    item["annotations"][0]["confidence"] = json!(0.93);
    body["data"]["attributes"]["cursor"] = json!(null);
    let parsed = round_trip(body);
    let LlmObsAnnotatedInteractionItem::Upstream(item) = &parsed.data.attributes.annotated_interactions[0] else {
        panic!("expected the upstream option");
    };
    assert_eq!(item.additional_properties.get("can_annotate"), Some(&json!(true)));
    assert_eq!(item.additional_properties.len(), 2);
    assert_eq!(item.annotations[0].additional_properties.get("confidence"), Some(&json!(0.93)));
    assert_eq!(parsed.data.attributes.additional_properties.get("cursor"), Some(&Value::Null));
}

#[test]
fn strings_parse_into_enums_and_unknown_strings_survive() {
    assert_eq!("trace".parse::<LlmObsUpstreamInteractionType>(), Ok(LlmObsUpstreamInteractionType::Trace));
    let newer: LlmObsUpstreamInteractionType = "agent".parse().unwrap();
    assert_eq!(newer.to_string(), "agent");
    assert_eq!(serde_json::to_value(&newer).unwrap(), json!("agent"));
}

#[test]
fn single_value_enums_default_so_users_never_spell_them() {
    use generated::models::{LlmObsAnnotationQueueInteractionsType, LlmObsDeleteAnnotationQueueInteractionsDataRequest};
    assert_eq!(LlmObsAnnotationQueueInteractionsType::default().as_str(), "interactions");
    let data = LlmObsDeleteAnnotationQueueInteractionsDataRequest::new(
        generated::models::LlmObsDeleteAnnotationQueueInteractionsDataAttributesRequest::new(vec!["i".into()]),
    );
    assert_eq!(serde_json::to_value(&data).unwrap()["type"], "interactions");
}

#[test]
fn a_missing_required_field_in_a_known_variant_is_that_variants_error() {
    let item = json!({"type": "trace", "annotations": [], "content_id": "c", "id": "i", "modified_at": "2024-01-15T10:30:00Z"});
    let err = serde_json::from_value::<LlmObsAnnotatedUpstreamInteraction>(item.clone()).unwrap_err();
    assert!(err.to_string().contains("missing field `created_at`"), "{err}");
    let err = serde_json::from_value::<LlmObsAnnotatedInteractionItem>(item).unwrap_err();
    assert!(err.to_string().contains("missing field `created_at`"), "{err}");
    assert!(!err.to_string().contains("did not match any variant"), "{err}");
}
