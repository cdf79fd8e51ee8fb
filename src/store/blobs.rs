//! Blob storage: uploaded files under random ids, in a folder outside anything served directly.
//!
//! The database holds what a blob is (a photo of a member, later a library file); this store
//! holds only bytes. Ids are random, never derived from a file name, so a name can neither
//! traverse paths nor collide. With several instances the folder must be shared (a network
//! mount); the library issue decides whether to move blobs into the database or an object store.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::Rng;

#[derive(Clone, Debug)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub fn open(root: impl Into<PathBuf>) -> anyhow::Result<Blobs> {
        let root = root.into();
        std::fs::create_dir_all(&root)
            .with_context(|| format!("cannot create blob folder {}", root.display()))?;
        Ok(Blobs { root })
    }

    /// Stores bytes durably under a new random id and returns the id.
    pub async fn put(&self, bytes: Vec<u8>) -> anyhow::Result<String> {
        let id = new_id();
        let path = self.path(&id).expect("new ids are valid");
        let tmp = path.with_extension("tmp");
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            use std::io::Write;
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            Ok(())
        })
        .await??;
        Ok(id)
    }

    /// The bytes of a blob, or `None` when the id is malformed or unknown.
    pub async fn get(&self, id: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(id) else {
            return Ok(None);
        };
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete(&self, id: &str) -> anyhow::Result<()> {
        if let Some(path) = self.path(id) {
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        Ok(())
    }

    fn path(&self, id: &str) -> Option<PathBuf> {
        valid_id(id).then(|| self.root.join(id))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

fn new_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

fn valid_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex() {
        let a = new_id();
        assert!(valid_id(&a));
        assert_ne!(a, new_id());
        assert!(!valid_id("../../etc/passwd"));
        assert!(!valid_id(&"A".repeat(32)));
    }

    #[tokio::test]
    async fn put_get_delete() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(dir.path()).unwrap();
        let id = blobs.put(b"hello".to_vec()).await.unwrap();
        assert_eq!(blobs.get(&id).await.unwrap().unwrap(), b"hello");
        assert_eq!(blobs.get("../x").await.unwrap(), None);
        blobs.delete(&id).await.unwrap();
        assert_eq!(blobs.get(&id).await.unwrap(), None);
    }
}
