//! A mock of the API for downstream tests (feature `server`): a [`Mock`]
//! answers each operation with the typed response it was given and records
//! every typed request, and [`MockServer::start`] serves any implementation
//! of [`Api`](crate::server::Api) on 127.0.0.1, on a free port, until it is
//! dropped.
//!
//! ```ignore
//! let server = MockServer::start(Mock::new().respond::<get_x::Request>(get_x::Response::Ok(page))).await?;
//! let client = Client::builder().base_url(server.url()).build()?;
//! client.get_x(get_x::Request::new().limit(10)).await?;
//! assert_eq!(server.received::<get_x::Request>()[0].limit, Some(10));
//! ```

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::server::{Operation, Rejection};

mod api;

/// Canned typed responses, one per operation, and the typed requests
/// received. An operation without a response answers 501.
#[derive(Default)]
pub struct Mock {
    responses: Mutex<HashMap<TypeId, Box<dyn Any + Send + Sync>>>,
    received: Mutex<Vec<Box<dyn Any + Send + Sync>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Mock {
    /// A mock with no responses.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers operation `R` (its `Request` type) with `response`.
    pub fn respond<R: Operation>(self, response: R::Response) -> Self {
        self.set_response::<R>(response);
        self
    }

    /// Answers operation `R` with `response` from now on.
    pub fn set_response<R: Operation>(&self, response: R::Response) {
        lock(&self.responses).insert(TypeId::of::<R>(), Box::new(response));
    }

    /// The requests of operation `R` received so far, in order.
    pub fn received<R: Operation>(&self) -> Vec<R> {
        lock(&self.received).iter().filter_map(|r| r.downcast_ref::<R>()).cloned().collect()
    }

    /// How many requests of any operation were received.
    pub fn received_count(&self) -> usize {
        lock(&self.received).len()
    }

    // Unused when every operation is compiled out (previews without `unstable`).
    #[allow(dead_code)]
    fn reply<R: Operation>(&self, request: R) -> Result<R::Response, Rejection> {
        lock(&self.received).push(Box::new(request));
        lock(&self.responses).get(&TypeId::of::<R>()).and_then(|r| r.downcast_ref::<R::Response>()).cloned().ok_or_else(|| {
            Rejection::new(http::StatusCode::NOT_IMPLEMENTED, format!("the mock has no response for `{}`", std::any::type_name::<R>()))
        })
    }
}

/// An implementation of the API served on 127.0.0.1 until dropped; it
/// dereferences to the implementation (a [`Mock`]'s `received`).
pub struct MockServer<S> {
    url: String,
    service: Arc<S>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl<S: crate::server::Api> MockServer<S> {
    /// Serves `service` on 127.0.0.1 on a free port, in a task of the
    /// current tokio runtime.
    pub async fn start(service: S) -> std::io::Result<Self> {
        Self::start_with(service, crate::server::Config::default()).await
    }

    /// [`start`](Self::start) with a router configuration.
    pub async fn start_with(service: S, config: crate::server::Config) -> std::io::Result<Self> {
        let service = Arc::new(service);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = crate::server::router_shared(Arc::clone(&service), config);
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let stopped = async move {
                let _ = stop.await;
            };
            // An accept error ends the server; the test then sees the
            // connection refused.
            let _ = axum::serve(listener, app).with_graceful_shutdown(stopped).await;
        });
        Ok(Self { url, service, shutdown: Some(shutdown) })
    }

    /// The base URL: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl<S> std::ops::Deref for MockServer<S> {
    type Target = S;

    fn deref(&self) -> &S {
        &self.service
    }
}

impl<S> Drop for MockServer<S> {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
