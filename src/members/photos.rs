//! Profile photos: checked by content, turned upright, resized, re-encoded (which drops all
//! metadata, such as GPS positions in EXIF), stored as blobs and served with a locked-down policy.

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::app::AppState;
use crate::web::error::AppError;

/// Side of the square stored photo, in pixels.
pub const PHOTO_SIZE: u32 = 400;

/// Decodes an uploaded photo (JPEG, PNG or WebP, judged by content), crops it to a square,
/// resizes it and encodes it as JPEG.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    process_to(bytes, PHOTO_SIZE, PHOTO_SIZE)
}

/// Decodes an uploaded image (JPEG, PNG or WebP, judged by content), crops it to fill
/// `width` × `height`, and encodes it as JPEG. Decoding is bounded in size and memory.
pub fn process_to(bytes: &[u8], width: u32, height: u32) -> Result<Vec<u8>, AppError> {
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
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let unreadable = |_| AppError::invalid("photo", "photo_unreadable");
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    // Re-encoding drops the EXIF orientation, so turn the pixels upright first.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    let square = image.resize_to_fill(width, height, image::imageops::FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    square
        .to_rgb8()
        .write_to(&mut out, ImageFormat::Jpeg)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(out.into_inner())
}

/// Serves the photo of an active member.
pub async fn serve(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if !super::db::photo_exists(&state.db, &id).await? {
        return Err(AppError::not_found());
    }
    let bytes = state
        .blobs
        .get(&id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::web::jpeg_response(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([10, 120, 60]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn photos_become_square_jpegs() {
        let jpeg = process(&png(800, 600)).unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (PHOTO_SIZE, PHOTO_SIZE)
        );
        assert_eq!(image::guess_format(&jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn bad_photos_are_refused() {
        assert_eq!(
            process(b"<html>not an image</html>").unwrap_err().code(),
            "photo_type"
        );
        let mut broken = png(50, 50);
        broken.truncate(60);
        assert_eq!(process(&broken).unwrap_err().code(), "photo_unreadable");
    }
}
