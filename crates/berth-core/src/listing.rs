//! List-then-describe: the shape of most ECS reads (ListX pages of ARNs, DescribeX in
//! batches). Describes start as soon as each page arrives and run concurrently under a
//! bound, so the total cost sits near the floor of sequential pages plus one describe;
//! each finished batch is handed on at once so a table can fill while the rest arrives.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{mpsc, Semaphore};

use crate::error::{CoreError, Result};

/// Describe calls in flight at once. A ListServices page of 100 makes 10 DescribeServices
/// calls, so fewer than 10 would make the pages wait on the describes; 16 leaves room
/// for a slow call while staying well inside ECS's burst allowance.
pub const DESCRIBE_CONCURRENCY: usize = 16;

/// What one listing cost, for the UI's footer and the benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingStats {
    pub items: usize,
    pub list_calls: usize,
    pub describe_calls: usize,
}

/// `pages` yields the identifiers of each List page; `describe` turns one batch of at most
/// `batch` identifiers into items; `sink` receives the items of each batch as it completes.
pub async fn stream_list_then_describe<T, P, F, Fut>(
    pages: P,
    batch: usize,
    describe: F,
    mut sink: impl FnMut(Vec<T>),
) -> Result<ListingStats>
where
    T: Send + 'static,
    P: Stream<Item = Result<Vec<String>>> + Send + 'static,
    F: Fn(Vec<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<T>>> + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<Result<Vec<T>>>();
    let describe = Arc::new(describe);
    // The pager runs on its own task so the next ListX call is in flight while this task
    // hands finished batches to the sink.
    let pager = tokio::spawn(async move {
        let permits = Arc::new(Semaphore::new(DESCRIBE_CONCURRENCY));
        let mut stats = ListingStats::default();
        let mut pages = std::pin::pin!(pages);
        while let Some(page) = pages.next().await {
            stats.list_calls += 1;
            let ids = match page {
                Ok(ids) => ids,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return stats;
                }
            };
            for chunk in ids.chunks(batch) {
                stats.describe_calls += 1;
                // Each describe waits for its own permit, so the next page is asked for
                // at once even while the describes of this one queue.
                let (tx, describe, chunk, permits) = (tx.clone(), describe.clone(), chunk.to_vec(), permits.clone());
                tokio::spawn(async move {
                    let _permit = permits.acquire_owned().await.expect("semaphore open");
                    let _ = tx.send(with_backoff(|| describe(chunk.clone())).await);
                });
            }
        }
        stats
    });
    let mut items = 0;
    while let Some(result) = rx.recv().await {
        let batch = result?;
        items += batch.len();
        sink(batch);
    }
    let mut stats = pager.await.map_err(|e| CoreError::Client { operation: "list", detail: e.to_string() })?;
    stats.items = items;
    Ok(stats)
}

/// Every item, once all batches are in.
pub async fn list_then_describe<T, P, F, Fut>(pages: P, batch: usize, describe: F) -> Result<Vec<T>>
where
    T: Send + 'static,
    P: Stream<Item = Result<Vec<String>>> + Send + 'static,
    F: Fn(Vec<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<T>>> + Send + 'static,
{
    let mut out = Vec::new();
    stream_list_then_describe(pages, batch, describe, |items| out.extend(items)).await?;
    Ok(out)
}

pub fn is_throttling(e: &CoreError) -> bool {
    matches!(e.code(), "ThrottlingException" | "Throttling" | "TooManyRequestsException" | "RequestLimitExceeded")
}

/// The SDK already retries a throttled call a few times; a listing of thousands of tasks
/// can outlast that, so batches keep backing off (exponentially, with full jitter) a
/// little longer before giving up.
pub async fn with_backoff<T, Fut>(call: impl Fn() -> Fut) -> Result<T>
where
    Fut: Future<Output = Result<T>>,
{
    const ATTEMPTS: u32 = 6;
    let mut attempt = 0;
    loop {
        match call().await {
            Err(e) if is_throttling(&e) && attempt + 1 < ATTEMPTS => {
                let cap = 100u64 << attempt.min(6);
                tokio::time::sleep(Duration::from_millis(jitter(cap))).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn jitter(cap_ms: u64) -> u64 {
    let noise = uuid::Uuid::new_v4().as_u128() as u64;
    noise % (cap_ms + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn batches_every_page_and_counts_calls() {
        let pages = futures::stream::iter((0..3).map(|p| Ok((0..150).map(|i| format!("{p}-{i}")).collect::<Vec<_>>())));
        let mut seen = 0;
        let stats = stream_list_then_describe(pages, 100, |ids| async move { Ok(ids) }, |b| seen += b.len()).await.unwrap();
        assert_eq!(seen, 450);
        assert_eq!(stats, ListingStats { items: 450, list_calls: 3, describe_calls: 6 });
    }

    #[tokio::test]
    async fn throttled_describes_back_off_and_succeed() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let out = with_backoff(|| {
            let n = c.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < 2 {
                    Err(CoreError::Aws { code: "ThrottlingException".into(), message: "Rate exceeded".into(), operation: "DescribeTasks" })
                } else {
                    Ok(n)
                }
            }
        })
        .await
        .unwrap();
        assert_eq!(out, 2);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failed_page_fails_the_listing() {
        let pages = futures::stream::iter(vec![
            Ok(vec!["a".to_string()]),
            Err(CoreError::Aws { code: "AccessDeniedException".into(), message: "no".into(), operation: "ListTasks" }),
        ]);
        let err = list_then_describe(pages, 100, |ids| async move { Ok(ids) }).await.unwrap_err();
        assert_eq!(err.code(), "AccessDeniedException");
    }
}
