//! Rate limits kept in the database, so that every instance counts the same attempts (the
//! login limits: a guesser gains nothing by spreading tries over instances).
//!
//! Each key holds one number, the theoretical arrival time of its next attempt (the generic
//! cell rate algorithm, GCRA): an attempt at `now` is allowed when that time is at most the
//! burst's tolerance ahead of `now`, and moves it one interval on. One statement decides and
//! records, so concurrent attempts on any instance are counted exactly. Keys are hashed: the
//! table holds no address or account.

use sha2::{Digest, Sha256};

use super::{Backend, Db};

/// One attempt per `every_ms`, with up to `burst` at once.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    pub every_ms: i64,
    pub burst: i64,
}

/// The stored key of a budget's name and its parts.
pub fn key(name: &str, parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    format!("{name}:{}", hex::encode(&hash.finalize()[..16]))
}

/// Takes one attempt from `key`'s budget at `now`: `Ok(())`, or how many milliseconds to wait.
pub async fn take(db: &Db, key: &str, rate: Rate, now: i64) -> sqlx::Result<Result<(), i64>> {
    let tolerance = rate.every_ms * (rate.burst.max(1) - 1);
    let max = match db.backend {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    };
    let taken: Option<i64> = sqlx::query_scalar(&format!(
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2 + $3)
         ON CONFLICT (key) DO UPDATE SET tat = {max}(rate_limits.tat, $2) + $3
             WHERE {max}(rate_limits.tat, $2) - $2 <= $4
         RETURNING tat"
    ))
    .bind(key)
    .bind(now)
    .bind(rate.every_ms)
    .bind(tolerance)
    .fetch_optional(&db.pool)
    .await?;
    if taken.is_some() {
        return Ok(Ok(()));
    }
    let tat: Option<i64> = sqlx::query_scalar("SELECT tat FROM rate_limits WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    Ok(Err((tat.unwrap_or(now) - now - tolerance).max(1)))
}

/// Forgets the budgets that have refilled by `now`.
pub async fn sweep(db: &Db, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM rate_limits WHERE tat < $1")
        .bind(now)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_then_one_per_interval() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("r.db").display());
        let db = Db::connect(&url).await.unwrap();
        let rate = Rate {
            every_ms: 1000,
            burst: 3,
        };
        let k = key("login", &["ana@example.kz", "192.0.2.1"]);
        assert_ne!(k, key("login", &["ana@example.kz", "192.0.2.2"]));
        assert!(!k.contains("ana"), "keys are hashed: {k}");
        for _ in 0..3 {
            assert_eq!(take(&db, &k, rate, 10_000).await.unwrap(), Ok(()));
        }
        // The fourth at once waits one interval; after it, one more goes.
        assert_eq!(take(&db, &k, rate, 10_000).await.unwrap(), Err(1000));
        assert_eq!(take(&db, &k, rate, 11_000).await.unwrap(), Ok(()));
        assert!(take(&db, &k, rate, 11_000).await.unwrap().is_err());
        // Refilled after a quiet while, and then forgotten.
        assert_eq!(take(&db, &k, rate, 20_000).await.unwrap(), Ok(()));
        assert_eq!(sweep(&db, 30_000).await.unwrap(), 1);
    }
}
