//! The pool that builds and formats the files on every core.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::EmitError;

/// Maps `items` with `f` on as many threads as there are cores, keeping
/// the items' order. Token streams cannot cross threads, so each item is
/// built and formatted on one thread from start to end; threads take the
/// next item as they finish one, so a large item does not hold the rest up.
/// When several items fail, the error is the first one's.
pub(super) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Result<R, EmitError> + Sync) -> Result<Vec<R>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16);
    if threads == 1 || items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return done };
            done.push((i, f(item)));
        }
    };
    let per_thread = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().map_err(|_| EmitError { path: "(worker)".into(), message: "a formatting thread panicked".into() }))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let mut done: Vec<(usize, Result<R, EmitError>)> = per_thread.into_iter().flatten().collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}
