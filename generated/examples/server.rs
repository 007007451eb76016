//! A small in-memory annotation-queue service on the generated server trait
//! (written by hand, not generated). Run it with
//! `cargo run -p generated --example server --features server,unstable`
//! and call it with the generated client (`.base_url("http://127.0.0.1:8080")`)
//! or curl:
//!
//! ```text
//! curl -H 'DD-API-KEY: k' -H 'DD-APPLICATION-KEY: a' \
//!   http://127.0.0.1:8080/api/v2/llm-obs/v1/annotation-queues/q1/annotated-interactions
//! ```
//!
//! `ADDR` sets the address (default `127.0.0.1:8080`).

#[cfg(all(feature = "server", feature = "unstable"))]
mod service {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use generated::models::{JsonApiErrorItem, JsonApiErrorResponse};
    use generated::operations::{
        delete_llm_obs_annotation_queue_interactions as delete, get_llm_obs_annotated_interactions as queue,
        get_llm_obs_annotated_interactions_by_trace_ids as by_ids,
    };
    use generated::server::{Api, Context, Rejection};
    use serde_json::{json, Value};

    /// Annotation queues in memory: each queue's interactions, as the API
    /// describes them (`LLMObsAnnotatedInteractionItem`).
    pub struct Queues {
        queues: Mutex<BTreeMap<String, Vec<Value>>>,
    }

    fn interaction(id: &str, content_id: &str, label: &str) -> Value {
        json!({
            "id": id,
            "type": "trace",
            "content_id": content_id,
            "created_at": "2026-01-15T10:30:00Z",
            "modified_at": "2026-01-15T10:30:00Z",
            "annotations": [{
                "id": format!("annotation-{id}"),
                "interaction_id": id,
                "label_values": {"quality": label},
                "created_at": "2026-01-15T10:30:00Z",
                "created_by": "00000000-0000-0000-0000-000000000002",
                "modified_at": "2026-01-15T10:30:00Z",
                "modified_by": "00000000-0000-0000-0000-000000000002",
            }],
        })
    }

    fn not_found(what: &str) -> JsonApiErrorResponse {
        let item = JsonApiErrorItem { status: Some("404".into()), title: Some(format!("{what} not found")), ..Default::default() };
        JsonApiErrorResponse::new(vec![item])
    }

    fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Rejection> {
        serde_json::from_value(value).map_err(|e| Rejection::internal(e.to_string()))
    }

    impl Queues {
        /// Two queues with a few interactions.
        pub fn seeded() -> Self {
            let mut queues = BTreeMap::new();
            queues.insert("q1".to_owned(), vec![interaction("i1", "trace-1", "good"), interaction("i2", "trace-2", "bad")]);
            queues.insert("q2".to_owned(), vec![interaction("i3", "trace-1", "good")]);
            Self { queues: Mutex::new(queues) }
        }

        fn queues(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<Value>>> {
            self.queues.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }
    }

    impl Api for Queues {
        async fn get_llm_obs_annotated_interactions(
            &self,
            request: queue::Request,
            _context: Context,
        ) -> Result<queue::Response, Rejection> {
            let queues = self.queues();
            let Some(items) = queues.get(&request.queue_id) else {
                return Ok(queue::Response::NotFound(not_found("queue")));
            };
            let body = json!({
                "data": {
                    "id": request.queue_id,
                    "type": "annotated_interactions",
                    "attributes": {"annotated_interactions": items},
                }
            });
            Ok(queue::Response::Ok(typed(body)?))
        }

        async fn delete_llm_obs_annotation_queue_interactions(
            &self,
            request: delete::Request,
            _context: Context,
        ) -> Result<delete::Response, Rejection> {
            let mut queues = self.queues();
            let Some(items) = queues.get_mut(&request.queue_id) else {
                return Ok(delete::Response::NotFound(not_found("queue")));
            };
            let ids = &request.body.data.attributes.interaction_ids;
            items.retain(|item| !ids.iter().any(|id| item["id"] == id.as_str()));
            Ok(delete::Response::NoContent)
        }

        async fn get_llm_obs_annotated_interactions_by_trace_ids(
            &self,
            request: by_ids::Request,
            _context: Context,
        ) -> Result<by_ids::Response, Rejection> {
            let queues = self.queues();
            let all: Vec<Value> = queues
                .iter()
                .flat_map(|(queue_id, items)| items.iter().map(move |item| (queue_id, item)))
                .filter(|(_, item)| request.content_ids.iter().any(|id| item["content_id"] == id.as_str()))
                .map(|(queue_id, item)| {
                    let mut item = item.clone();
                    item["queue_id"] = json!(queue_id);
                    item["queue_name"] = json!(format!("Queue {queue_id}"));
                    item
                })
                .collect();
            let offset = usize::try_from(request.offset.unwrap_or(0)).unwrap_or(0);
            let limit = usize::try_from(request.limit.unwrap_or(100)).unwrap_or(100);
            let found: Vec<&Value> = all.iter().skip(offset).take(limit).collect();
            let body = json!({
                "data": {
                    "id": "by-content-ids",
                    "type": "annotated_interactions",
                    "attributes": {"annotated_interactions": found, "total_count": all.len()},
                }
            });
            Ok(by_ids::Response::Ok(typed(body)?))
        }
    }
}

#[cfg(all(feature = "server", feature = "unstable"))]
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("annotation queues on http://{}", listener.local_addr()?);
    let router = generated::server::router(service::Queues::seeded());
    axum::serve(listener, router).await?;
    Ok(())
}

#[cfg(not(all(feature = "server", feature = "unstable")))]
fn main() {
    eprintln!("this example needs `--features server,unstable`");
}
