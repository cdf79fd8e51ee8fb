//! The one place where uploaded images are decoded (profile photos, event covers).
//!
//! A decoded image costs width × height × bytes per pixel of memory, whatever its file size:
//! an all-black 10000 × 10000 PNG is 290 KB on the wire and 300 MB once decoded. So:
//!
//! - the format is judged by content (JPEG, PNG or WebP only);
//! - the size is read from the header and refused above [`MAX_PIXELS`] (or [`MAX_SIDE`] on a
//!   side) *before* any pixel is decoded, with the 422 code `image_too_large`;
//! - the decoder runs under the `image` crate's own [`Limits`] (the same sides and
//!   [`MAX_ALLOC`]), so a file whose header understates what it holds is stopped too;
//! - decoding runs on a blocking thread, and at most [`DECODES_AT_ONCE`] run at the same time:
//!   further uploads wait for a permit of the [`ImageDecodes`] semaphore in `AppState`.
//!
//! Call [`ImageDecodes::to_jpeg`]; never decode an upload anywhere else.

use std::io::Cursor;
use std::sync::Arc;

use axum::http::StatusCode;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

use super::error::AppError;

/// The most pixels an uploaded image may have (8000 × 5000).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side an uploaded image may have.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory the decoder may allocate for one image.
pub const MAX_ALLOC: u64 = 200 * 1024 * 1024;
/// How many images are decoded at the same time, at most.
pub const DECODES_AT_ONCE: usize = 2;

/// The permits for decoding images; cheap to clone, shared through `AppState`.
#[derive(Clone, Debug)]
pub struct ImageDecodes {
    permits: Arc<Semaphore>,
}

impl Default for ImageDecodes {
    fn default() -> ImageDecodes {
        ImageDecodes::new(DECODES_AT_ONCE)
    }
}

impl ImageDecodes {
    pub fn new(at_once: usize) -> ImageDecodes {
        ImageDecodes {
            permits: Arc::new(Semaphore::new(at_once.max(1))),
        }
    }

    /// Decodes an uploaded image within the limits, crops it to fill `width` × `height` and
    /// encodes it as JPEG (which drops all metadata, such as GPS positions in EXIF). Waits
    /// while [`DECODES_AT_ONCE`] other decodes run.
    pub async fn to_jpeg(
        &self,
        bytes: Vec<u8>,
        width: u32,
        height: u32,
    ) -> Result<Vec<u8>, AppError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(anyhow::Error::from)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            crop_to_jpeg(&bytes, width, height)
        })
        .await
        .map_err(anyhow::Error::from)?
    }
}

fn too_large() -> AppError {
    AppError::invalid("photo", "image_too_large")
}

/// Whether an image of this size may be decoded.
pub fn within_limits(width: u32, height: u32) -> bool {
    width <= MAX_SIDE && height <= MAX_SIDE && u64::from(width) * u64::from(height) <= MAX_PIXELS
}

/// The synchronous part of [`ImageDecodes::to_jpeg`]; call it only through that.
fn crop_to_jpeg(bytes: &[u8], width: u32, height: u32) -> Result<Vec<u8>, AppError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| AppError::invalid("photo", "photo_unreadable"))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        _ => {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "photo_type",
            ));
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let refused = |err: ImageError| match err {
        ImageError::Limits(_) => too_large(),
        _ => AppError::invalid("photo", "photo_unreadable"),
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    // The header's size, before a single pixel is decoded.
    let (w, h) = decoder.dimensions();
    if !within_limits(w, h) {
        return Err(too_large());
    }
    // Re-encoding drops the EXIF orientation, so turn the pixels upright first.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    let cropped = image.resize_to_fill(width, height, image::imageops::FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    cropped
        .to_rgb8()
        .write_to(&mut out, ImageFormat::Jpeg)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::GrayImage::new(width, height);
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn limits() {
        assert!(within_limits(8000, 5000));
        assert!(!within_limits(10_000, 10_000));
        assert!(!within_limits(MAX_SIDE + 1, 10));
    }

    #[test]
    fn images_become_jpegs_of_the_asked_size() {
        let jpeg = crop_to_jpeg(&png(300, 200), 100, 50).unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (100, 50));
    }

    #[test]
    fn too_many_pixels_are_refused_before_decoding() {
        // 12000 × 3400 = 40.8 million pixels: within each side, above the total.
        let err = crop_to_jpeg(&png(MAX_SIDE, 3400), 100, 100).unwrap_err();
        assert_eq!(err.code(), "image_too_large");
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let err = crop_to_jpeg(&png(MAX_SIDE + 1, 1), 100, 100).unwrap_err();
        assert_eq!(err.code(), "image_too_large");
    }

    #[test]
    fn other_files_are_refused() {
        let err = crop_to_jpeg(b"<html>not an image</html>", 10, 10).unwrap_err();
        assert_eq!(err.code(), "photo_type");
        let mut broken = png(50, 50);
        broken.truncate(60);
        assert_eq!(
            crop_to_jpeg(&broken, 10, 10).unwrap_err().code(),
            "photo_unreadable"
        );
    }

    #[tokio::test]
    async fn decodes_wait_for_a_permit() {
        let decodes = ImageDecodes::new(1);
        let held = decodes.permits.clone().acquire_owned().await.unwrap();
        let waiting = tokio::spawn({
            let decodes = decodes.clone();
            async move { decodes.to_jpeg(png(20, 20), 10, 10).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "waits while the only permit is held"
        );
        drop(held);
        assert!(waiting.await.unwrap().is_ok());
    }
}
