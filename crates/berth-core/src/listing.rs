//! List-then-describe: the shape of most ECS reads (ListX pages of ARNs, DescribeX in
//! batches). Describes start as soon as each page arrives and run concurrently under a
//! bound, so the total cost sits near the floor of sequential pages plus one describe.

use std::future::Future;
use std::sync::Arc;

use futures::{Stream, StreamExt};
use tokio::sync::Semaphore;

use crate::error::{CoreError, Result};

pub const DESCRIBE_CONCURRENCY: usize = 8;

/// `pages` yields the identifiers of each List page; `describe` turns one batch of at most
/// `batch` identifiers into items. Items come back in list order.
pub async fn list_then_describe<T, P, F, Fut>(pages: P, batch: usize, describe: F) -> Result<Vec<T>>
where
    T: Send + 'static,
    P: Stream<Item = Result<Vec<String>>>,
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<Vec<T>>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(DESCRIBE_CONCURRENCY));
    let mut running = Vec::new();
    let mut pages = std::pin::pin!(pages);
    while let Some(page) = pages.next().await {
        for chunk in page?.chunks(batch) {
            let permit = permits.clone().acquire_owned().await.expect("semaphore open");
            let call = describe(chunk.to_vec());
            running.push(tokio::spawn(async move {
                let _permit = permit;
                call.await
            }));
        }
    }
    let mut out = Vec::new();
    for handle in running {
        out.extend(handle.await.map_err(|e| CoreError::Client { operation: "describe", detail: e.to_string() })??);
    }
    Ok(out)
}
