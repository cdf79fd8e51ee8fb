//! Following the change feed into this instance's search index. [`Library`] holds the index
//! and, while there is something to index, a writer; [`Library::sync`] applies the feed's
//! entries the index has not seen (or rebuilds when they were pruned before it saw them),
//! [`follow_changes`] polls the feed for the life of the server and closes the writer once
//! it has been quiet for [`WRITER_QUIET`], and [`refresh`] applies an instance's own write
//! before it answers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use super::files::run_extraction;
use super::index::{IndexDoc, SearchIndex, SearchParams, SearchResults};
use super::{db, model};
use crate::search::Writing;
use crate::state::AppState;
use crate::store::Db;

/// The search index of this instance and how far it has followed the change feed.
pub struct Library {
    index: SearchIndex,
    /// Held while applying changes, so one sync or rebuild runs at a time.
    following: tokio::sync::Mutex<Writing>,
    /// The last change searches see (set once a commit is shown to them): the version of
    /// what pages built on the library show, for the render cache.
    seen: AtomicI64,
    /// Where uploads wait while they are checked.
    pub(super) tmp: PathBuf,
}

/// Indexing threads and memory of the writer (split between the threads). Two threads: one
/// halves the speed of a rebuild (about 1,750 instead of 3,100 documents/s in
/// `bench/library.rs` on the 2-core machine); 24 MB per thread, a little above tantivy's floor
/// of 15 MB, indexes as fast as the 200 MB each that was used before, and a writer sizes its
/// tables by its budget.
pub const WRITER_THREADS: usize = 2;
pub const WRITER_MEMORY: usize = 48_000_000;
/// A writer that has staged nothing for this long is closed, giving its memory back.
pub const WRITER_QUIET: Duration = Duration::from_secs(5);

impl Library {
    /// Opens the index in `data`, rebuilding it from the database when it is new.
    pub async fn open(data: &Path, db: &Db) -> anyhow::Result<Arc<Library>> {
        let tmp = data.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        let (index, fresh) = SearchIndex::open(&data.join("library-index"))?;
        let applied = index.store().applied_change();
        let library = Arc::new(Library {
            index,
            following: tokio::sync::Mutex::new(Writing::new(
                applied.unwrap_or_default(),
                WRITER_THREADS,
                WRITER_MEMORY,
            )),
            seen: AtomicI64::new(applied.unwrap_or_default()),
            tmp,
        });
        if fresh || applied.is_none() {
            library.rebuild(db, |_, _| {}).await?;
        } else {
            library.sync(db).await?;
        }
        Ok(library)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The last change of the feed that searches see; it rises with every change of a
    /// document or a collection, once this instance applied it.
    pub fn position(&self) -> i64 {
        self.seen.load(Ordering::Acquire)
    }

    /// Applies the changes of the feed this index has not seen; returns how many.
    pub async fn sync(&self, db: &Db) -> anyhow::Result<usize> {
        let mut following = self.following.lock().await;
        let mut count = 0;
        loop {
            let changes = db::FEED.after(db, following.applied, 500).await?;
            let Some(&(last, _)) = changes.last() else {
                break;
            };
            if db::FEED.missed(db, following.applied, changes[0].0).await? {
                drop(following);
                tracing::warn!("library index: behind the pruned change feed, rebuilding");
                self.rebuild(db, |_, _| {}).await?;
                return Ok(count + changes.len());
            }
            let mut ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
            ids.sort_unstable();
            ids.dedup();
            let docs = index_docs(db, &ids).await?;
            let removed: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| !docs.iter().any(|d| d.id == *id))
                .collect();
            let staged = following
                .writer(self.index.store())
                .and_then(|writer| self.index.stage(writer, &docs, &removed));
            if let Err(err) = staged {
                following.discard();
                return Err(err);
            }
            following.commit(self.index.store(), last).await?;
            self.seen.store(last, Ordering::Release);
            count += changes.len();
        }
        Ok(count)
    }

    /// Rebuilds the index from the database; `progress(done, total)` is called as it goes.
    pub async fn rebuild(&self, db: &Db, progress: impl Fn(u64, u64)) -> anyhow::Result<u64> {
        let mut following = self.following.lock().await;
        // Read the feed's position first: changes made during the rebuild are applied after.
        let last = db::FEED.last(db).await?;
        let total = db::count_live(db).await? as u64;
        let staged = async {
            following
                .writer(self.index.store())?
                .delete_all_documents()?;
            let mut done = 0u64;
            let mut after = 0;
            progress(0, total);
            loop {
                let ids = db::live_ids_after(db, after, 200).await?;
                let Some(&max) = ids.last() else { break };
                after = max;
                let docs = index_docs(db, &ids).await?;
                self.index
                    .add_new(following.writer(self.index.store())?, &docs)?;
                done += docs.len() as u64;
                progress(done, total);
            }
            anyhow::Ok(done)
        }
        .await;
        match staged {
            Ok(done) => {
                following.commit(self.index.store(), last).await?;
                self.seen.store(last, Ordering::Release);
                Ok(done)
            }
            Err(err) => {
                // Never commit half a rebuild (it starts by deleting everything).
                following.discard();
                Err(err)
            }
        }
    }

    /// Closes the writer when it has staged nothing for `quiet`, once its background merges
    /// are done, and shows searches the merged segments; true when it closed one. The next
    /// change opens a new writer.
    pub async fn rest(&self, quiet: Duration) -> anyhow::Result<bool> {
        let mut following = self.following.lock().await;
        following.rest(self.index.store(), quiet).await
    }

    /// Searches (CPU work, off the async threads).
    pub async fn search(&self, params: SearchParams) -> anyhow::Result<SearchResults> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.search(&params)).await?
    }
}

/// Keeps this instance's index current from the database's change feed; runs until aborted.
/// Also finishes extractions that an instance left unfinished when it stopped.
pub async fn follow_changes(state: AppState) {
    if let Ok(pending) = db::pending_extractions(&state.db).await {
        for (id, version_id) in pending {
            run_extraction(&state, id, version_id).await;
        }
    }
    let library = state.service::<Library>();
    loop {
        if let Err(err) = library.sync(&state.db).await {
            tracing::warn!(error = ?err, "library index: cannot apply changes");
        }
        if let Err(err) = library.rest(WRITER_QUIET).await {
            tracing::warn!(error = ?err, "library index: cannot close the writer");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The index entries of the live documents among `ids`.
async fn index_docs(db: &Db, ids: &[i64]) -> anyhow::Result<Vec<IndexDoc>> {
    let rows = db::documents(db, ids).await?;
    let mut bodies = db::bodies(db, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let body = bodies
                .iter_mut()
                .find(|b| b.0 == row.id)
                .map(|b| std::mem::take(&mut b.1))
                .unwrap_or_default();
            let about = [
                row.description.as_str(),
                row.authors.as_str(),
                &model::split_list(&row.tags).join(" "),
            ]
            .join("\n");
            IndexDoc {
                id: row.id,
                kind: row.kind,
                title: row.title,
                about,
                body,
                doc_type: row.doc_type,
                languages: model::split_list(&row.languages),
                topics: model::split_list(&row.topics),
                year: row.year,
                visibility: row.visibility,
                format: row.format,
                created_at: row.created_at,
            }
        })
        .collect())
}

/// Applies this instance's own write to its index before answering, so the writer finds what
/// it wrote at once. A failure (another process holding the index) only delays it: the change
/// feed brings it in at the next poll.
pub(super) async fn refresh(state: &AppState) {
    if let Err(err) = state.service::<Library>().sync(&state.db).await {
        tracing::warn!(error = ?err, "library index: cannot apply changes yet");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_writer_is_opened_by_a_change_and_closed_when_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("lib.db").display());
        let db = Db::connect(&url).await.unwrap();
        // A new index is built at once, with a writer that stays for a quiet while.
        let library = Library::open(dir.path(), &db).await.unwrap();
        assert!(!library.rest(Duration::from_secs(3600)).await.unwrap());
        assert!(library.rest(Duration::ZERO).await.unwrap());
        assert!(!library.rest(Duration::ZERO).await.unwrap());
        // Closed: the index's lock is free (another writer may open), and nothing to apply
        // opens none.
        drop(library.index().store().writer(1, 15_000_000).unwrap());
        assert_eq!(library.sync(&db).await.unwrap(), 0);
        assert!(!library.rest(Duration::ZERO).await.unwrap());
        // A change opens one again, and is applied.
        sqlx::query("INSERT INTO library_changes (document_id, created_at) VALUES (42, 0)")
            .execute(&db.pool)
            .await
            .unwrap();
        assert_eq!(library.sync(&db).await.unwrap(), 1);
        assert_eq!(library.index().store().applied_change(), Some(1));
        assert!(library.rest(Duration::ZERO).await.unwrap());
    }
}
