//! The section chart (or any SVG this program draws) as a PNG, for formats that cannot hold
//! SVG (the DOCX). Rasterizes with resvg and the bundled DejaVu Sans subset as the only font,
//! so the pixels are the same on every machine; external images are never fetched. Draws only.

use crate::error::{Error, Result};
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// The fonts every rasterized SVG uses (a subset of DejaVu Sans: Latin-1 and common
/// punctuation; see assets/fonts/README.md for how it was made and its licence).
const FONTS: [&[u8]; 3] = [
    include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf"),
];

/// A rasterized image: PNG bytes and the size in pixels.
#[derive(Debug, Clone)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Rasterizes `svg` at `scale` pixels per SVG user unit. The SVG's own width (`100%` in the
/// HTML chart) is replaced by its viewBox, so the image has the drawing's proportions.
pub fn png(svg: &str, scale: f32) -> Result<Png> {
    let mut opt = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    // Nothing outside the SVG is ever read: no file, no data URL.
    opt.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    };
    let db = Arc::make_mut(&mut opt.fontdb);
    for f in FONTS {
        db.load_font_data(f.to_vec());
    }
    db.set_sans_serif_family("DejaVu Sans");
    let svg = svg.replacen(r#" width="100%""#, "", 1).replacen(
        r#"font-family="inherit""#,
        r#"font-family="DejaVu Sans""#,
        1,
    );
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| internal(&e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| internal("empty chart"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap.encode_png().map_err(|e| internal(&e.to_string()))?;
    Ok(Png {
        bytes,
        width,
        height,
    })
}

fn internal(what: &str) -> Error {
    Error::Usage(format!("cannot draw the chart as an image: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_becomes_a_png_of_its_viewbox_size_with_text_drawn() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" width="100%" font-family="inherit"><text x="5" y="25" font-size="20" fill="#000">A.6 80</text></svg>"##;
        let p = png(svg, 2.0).unwrap();
        assert_eq!((p.width, p.height), (200, 80));
        assert!(p.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        // The text was drawn: the image is not a blank white page.
        let blank = png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" width="100%" font-family="inherit"></svg>"#,
            2.0,
        )
        .unwrap();
        assert!(p.bytes.len() > blank.bytes.len() + 200, "no glyphs drawn");
        assert_eq!(png(svg, 2.0).unwrap().bytes, p.bytes, "not deterministic");
    }
}
