//! Charts drawn on the server: SVG that reads without JavaScript, always shown with its
//! figures in a table beside it (the table is what screen readers and copy-paste use).
//!
//! A page builds a [`BarChart`] and includes `charts/bars.html` with it in scope as `chart`.
//! Bars are horizontal, so long labels in any of the four languages fit; a label longer than
//! the chart has room for is shortened in the drawing and given whole in the table.

/// The drawing's width in SVG units; it scales to its box.
const WIDTH: i64 = 640;
const ROW: i64 = 28;
const BAR: i64 = 18;
const LABEL_CHARS: usize = 34;
/// Room for the value after the longest bar.
const VALUE_ROOM: i64 = 84;

/// One bar: what it stands for, its value and how the value is shown.
pub struct Bar {
    pub label: String,
    /// The label as drawn (shortened when long).
    pub short_label: String,
    pub shown: String,
    /// Its share of the whole, in whole percent, when the chart shows shares.
    pub share: i64,
    pub length: i64,
    pub y: i64,
    pub text_y: i64,
    pub value_x: i64,
}

/// A horizontal bar chart with its figures.
pub struct BarChart {
    /// Unique on the page.
    pub id: String,
    pub title: String,
    /// A line under the title (an average, how many answered).
    pub note: String,
    pub label_heading: String,
    pub value_heading: String,
    /// Whether the table has a share column.
    pub shares: bool,
    pub bars: Vec<Bar>,
    pub width: i64,
    pub height: i64,
    pub label_width: i64,
    pub label_x: i64,
}

/// A bar's input: label, value, the value as shown, its share in percent.
pub struct BarInput {
    pub label: String,
    pub value: f64,
    pub shown: String,
    pub share: Option<i64>,
}

impl BarChart {
    /// A chart of `bars` on a scale from 0 to `max` (at least the largest value).
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        headings: (String, String),
        bars: Vec<BarInput>,
        max: f64,
    ) -> BarChart {
        let longest = bars
            .iter()
            .map(|b| b.label.chars().count().min(LABEL_CHARS))
            .max()
            .unwrap_or(1);
        // About 7.5 units per character at the chart's font size.
        let label_width = ((longest as i64) * 15 / 2 + 12).clamp(40, 270);
        let room = WIDTH - label_width - VALUE_ROOM;
        let max = bars.iter().map(|b| b.value).fold(max, f64::max);
        let shares = bars.iter().any(|b| b.share.is_some());
        let bars = bars
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let length = if max > 0.0 {
                    ((b.value.max(0.0) / max) * room as f64).round() as i64
                } else {
                    0
                };
                let y = 8 + (i as i64) * ROW;
                Bar {
                    short_label: shorten(&b.label),
                    label: b.label,
                    shown: b.shown,
                    share: b.share.unwrap_or(0),
                    length,
                    y,
                    text_y: y + BAR - 4,
                    value_x: label_width + length + 6,
                }
            })
            .collect::<Vec<_>>();
        BarChart {
            id: id.into(),
            title: title.into(),
            note: String::new(),
            label_heading: headings.0,
            value_heading: headings.1,
            shares,
            height: 16 + (bars.len() as i64) * ROW,
            bars,
            width: WIDTH,
            label_width,
            label_x: label_width - 8,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> BarChart {
        self.note = note.into();
        self
    }

    /// The bar's height in SVG units (for the template).
    pub fn bar_height(&self) -> i64 {
        BAR
    }
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let mut short: String = label.chars().take(LABEL_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> BarInput {
        BarInput {
            label: label.into(),
            value,
            shown: value.to_string(),
            share: None,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value_and_labels_are_shortened() {
        let long = "Переработка отходов и экономика замкнутого цикла";
        let chart = BarChart::new(
            "c",
            "t",
            ("a".into(), "b".into()),
            vec![bar("one", 2.0), bar(long, 4.0), bar("none", 0.0)],
            0.0,
        );
        let room = chart.width - chart.label_width - VALUE_ROOM;
        assert_eq!(chart.bars[1].length, room);
        assert_eq!(chart.bars[0].length, (room as f64 / 2.0).round() as i64);
        assert_eq!(chart.bars[2].length, 0);
        assert!(chart.bars[1].short_label.ends_with('…'));
        assert_eq!(chart.bars[1].short_label.chars().count(), LABEL_CHARS);
        assert_eq!(chart.bars[1].label, long);
        assert!(!chart.shares);
        assert_eq!(chart.height, 16 + 3 * ROW);
    }

    #[test]
    fn a_fixed_scale_holds_when_values_are_smaller() {
        let chart = BarChart::new("c", "t", ("a".into(), "b".into()), vec![bar("x", 2.5)], 5.0);
        let room = chart.width - chart.label_width - VALUE_ROOM;
        assert_eq!(chart.bars[0].length, (room as f64 / 2.0).round() as i64);
        let empty = BarChart::new("e", "t", ("a".into(), "b".into()), vec![bar("x", 0.0)], 0.0);
        assert_eq!(empty.bars[0].length, 0);
    }
}
