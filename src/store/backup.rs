//! A consistent copy of an instance's data while it runs (`circula backup DIR`), and putting
//! it back into an empty data folder (`circula restore DIR`).
//!
//! A backup folder holds `circula.db` (the SQLite database as of one moment, written by
//! `VACUUM INTO`, which reads one snapshot while writers go on), `blobs/` (the stored files)
//! and `backup.json` (what it is and when). The files are copied twice: once before the
//! database's snapshot (everything there by then) and once after (what was added meanwhile),
//! so every file a row of the snapshot names is in the copy. Blobs are never changed, only
//! added and deleted, so a copy of one is always whole. The search indexes are not copied:
//! the server rebuilds them from the database when they are missing.
//!
//! PostgreSQL deployments back up with `pg_dump` and copy `blobs/` (`docs/deployment.md`).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{Backend, Db};

/// What a backup folder says of itself.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Milliseconds since the epoch when the database was read.
    pub taken_at: i64,
    pub files: usize,
}

const FORMAT: u32 = 1;
const DATABASE: &str = "circula.db";
const BLOBS: &str = "blobs";
const MANIFEST: &str = "backup.json";

/// Copies the database and the files of the instance whose data folder is `data` into the
/// new or empty folder `out`.
pub async fn backup(db: &Db, data: &Path, out: &Path) -> anyhow::Result<Manifest> {
    if db.backend != Backend::Sqlite {
        bail!(
            "circula backup copies SQLite databases; for PostgreSQL use pg_dump and copy {} (see docs/deployment.md)",
            data.join(BLOBS).display()
        );
    }
    ensure_empty(out)?;
    let blobs = data.join(BLOBS);
    let copied_blobs = out.join(BLOBS);
    std::fs::create_dir_all(&copied_blobs)?;
    copy_new_files(&blobs, &copied_blobs)?;
    let database = out.join(DATABASE);
    let taken_at = super::now_ms();
    sqlx::query("VACUUM INTO $1")
        .bind(database.to_string_lossy().into_owned())
        .execute(&db.pool)
        .await
        .context("cannot copy the database")?;
    copy_new_files(&blobs, &copied_blobs)?;
    let manifest = Manifest {
        format: FORMAT,
        taken_at,
        files: std::fs::read_dir(&copied_blobs)?.count(),
    };
    std::fs::write(out.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

/// Puts the backup in `from` into the data folder `data`, which must be empty or missing.
pub fn restore(from: &Path, data: &Path) -> anyhow::Result<Manifest> {
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(from.join(MANIFEST)).with_context(|| {
            format!("{} is not a Circula backup (no {MANIFEST})", from.display())
        })?)
        .context("the backup's manifest is unreadable")?;
    if manifest.format != FORMAT {
        bail!(
            "the backup's format {} is not one this version reads",
            manifest.format
        );
    }
    ensure_empty(data)?;
    std::fs::create_dir_all(data.join(BLOBS))?;
    std::fs::copy(from.join(DATABASE), data.join(DATABASE)).context("cannot copy the database")?;
    copy_new_files(&from.join(BLOBS), &data.join(BLOBS))?;
    Ok(manifest)
}

fn ensure_empty(folder: &Path) -> anyhow::Result<()> {
    if folder.exists() && std::fs::read_dir(folder)?.next().is_some() {
        bail!(
            "{} is not empty: give a new or empty folder",
            folder.display()
        );
    }
    std::fs::create_dir_all(folder)?;
    Ok(())
}

/// Copies the files of `from` that `to` does not have yet (unfinished `.tmp` files aside).
fn copy_new_files(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let mut copied = 0;
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let target: PathBuf = to.join(&name);
        if !entry.file_type()?.is_file()
            || name.to_string_lossy().ends_with(".tmp")
            || target.exists()
        {
            continue;
        }
        match std::fs::copy(entry.path(), &target) {
            Ok(_) => copied += 1,
            // Deleted since it was listed, with its row (or, in the moment between the
            // snapshot and the second pass, just after it).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(copied)
}
