//! The digest's chart: one PNG with four panels (posts per source per day, relevant and
//! matched per day, replies by decision, median time to decision), drawn in memory with
//! plotters' bitmap backend and a bundled font, so no system font is needed.

use std::sync::Once;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::{hours_text, Digest};

/// The chart's size in pixels.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 900;

/// The chart could not be drawn or encoded.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters failed while drawing (a font or a coordinate problem).
    #[error("drawing the digest chart: {0}")]
    Draw(String),
    /// The pixels could not be encoded as PNG.
    #[error("encoding the digest chart as PNG: {0}")]
    Encode(#[from] png::EncodingError),
}

type Result<T> = std::result::Result<T, ChartError>;

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

const FONT: &str = "sans-serif";
const SERIES: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];
/// States of a reply, stacked in this order, with their colours.
const STATES: [(&str, RGBColor); 4] = [
    ("pending", RGBColor(255, 193, 7)),
    ("approved", RGBColor(76, 175, 80)),
    ("posted", RGBColor(33, 150, 243)),
    ("rejected", RGBColor(158, 158, 158)),
];

/// plotters looks fonts up by family name; ours come from the `dejavu` crate, registered once.
fn register_fonts() -> Result<()> {
    static ONCE: Once = Once::new();
    let mut failed = false;
    ONCE.call_once(|| {
        failed = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
            .is_err()
            || plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_err();
    });
    if failed {
        return Err(ChartError::Draw(
            "the bundled DejaVu font is invalid".into(),
        ));
    }
    Ok(())
}

/// Draws `digest` as a [`WIDTH`] x [`HEIGHT`] PNG.
pub fn render_png(digest: &Digest) -> Result<Vec<u8>> {
    register_fonts()?;
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (head, body) = root.split_vertically(70);
        draw_heading(&head, digest)?;
        let panels = body.split_evenly((2, 2));
        posts_per_source(&panels[0], digest)?;
        relevant_and_matched(&panels[1], digest)?;
        replies_by_decision(&panels[2], digest)?;
        time_to_decision(&panels[3], digest)?;
        root.present().map_err(draw_err)?;
    }
    encode(&pixels)
}

fn encode(rgb: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn draw_heading(area: &Area<'_>, d: &Digest) -> Result<()> {
    let title = format!(
        "reviewgate: {} to {}",
        d.window.first_day.format("%a %Y-%m-%d"),
        d.window.last_day.format("%a %Y-%m-%d")
    );
    area.draw_text(
        &title,
        &(FONT, 26, FontStyle::Bold).into_text_style(area),
        (20, 8),
    )
    .map_err(draw_err)?;
    let median = d.median_hours.map_or("none yet".to_string(), hours_text);
    let line = format!(
        "{} posts, {} relevant, {} matched  |  {} replies queued, {} decided  |  median time to decision {}",
        d.posts, d.relevant, d.matched, d.queued, d.decided, median
    );
    area.draw_text(&line, &(FONT, 17).into_text_style(area), (20, 42))
        .map_err(draw_err)
}

/// Day labels (`11-24`) for a segmented x axis of `days`.
fn day_label(d: &Digest) -> impl Fn(&SegmentValue<i32>) -> String + '_ {
    move |v| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => d
            .days
            .get(*i as usize)
            .map(|day| day.format("%m-%d").to_string())
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    }
}

/// The end of segment `i` of `n`: the start of the next, or the axis end for the last.
fn seg_end(i: usize, n: usize) -> SegmentValue<i32> {
    if i + 1 < n {
        SegmentValue::Exact(i as i32 + 1)
    } else {
        SegmentValue::Last
    }
}

/// A y axis top with some room above the highest value.
fn top(max: f64) -> f64 {
    if max <= 0.0 {
        1.0
    } else {
        max * 1.15
    }
}

fn posts_per_source(area: &Area<'_>, d: &Digest) -> Result<()> {
    let n = d.days.len();
    let max = d
        .sources
        .iter()
        .flat_map(|s| s.per_day.iter())
        .copied()
        .max()
        .unwrap_or(0);
    let mut chart = ChartBuilder::on(area)
        .caption("Posts per source per day", (FONT, 20))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top(max as f64))
        .map_err(draw_err)?;
    let labels = day_label(d);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&labels)
        .y_desc("posts")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(draw_err)?;
    for (k, s) in d.sources.iter().enumerate() {
        let color = SERIES[k % SERIES.len()];
        let points: Vec<_> = s
            .per_day
            .iter()
            .enumerate()
            .map(|(i, v)| (SegmentValue::CenterOf(i as i32), *v as f64))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
            .map_err(draw_err)?
            .label(format!("{} ({})", s.source, s.posts))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
            });
        chart
            .draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 3, color.filled())),
            )
            .map_err(draw_err)?;
    }
    if !d.sources.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font((FONT, 14))
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

fn relevant_and_matched(area: &Area<'_>, d: &Digest) -> Result<()> {
    let n = d.days.len();
    let max = d.relevant_per_day.iter().copied().max().unwrap_or(0);
    let mut chart = ChartBuilder::on(area)
        .caption("Relevant and matched posts per day", (FONT, 20))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top(max as f64))
        .map_err(draw_err)?;
    let labels = day_label(d);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&labels)
        .y_desc("posts")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(draw_err)?;
    // Two bars side by side in each day's segment, placed by pixel margins.
    let width = chart.plotting_area().dim_in_pixel().0 / n.max(1) as u32;
    let pad = width / 8;
    let half = width.saturating_sub(2 * pad) / 2;
    let series = [
        (
            "relevant",
            &d.relevant_per_day,
            SERIES[0],
            (pad, pad + half),
        ),
        ("matched", &d.matched_per_day, SERIES[2], (pad + half, pad)),
    ];
    for (name, values, color, (left, right)) in series {
        chart
            .draw_series(values.iter().enumerate().map(|(i, v)| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i as i32), 0.0),
                        (seg_end(i, n), *v as f64),
                    ],
                    color.filled(),
                );
                bar.set_margin(0, 0, left, right);
                bar
            }))
            .map_err(draw_err)?
            .label(format!("{name} ({})", values.iter().sum::<u64>()))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 14))
        .draw()
        .map_err(draw_err)
}

fn replies_by_decision(area: &Area<'_>, d: &Digest) -> Result<()> {
    let n = d.replies.len().max(1);
    let max = d.replies.iter().map(|r| r.total).max().unwrap_or(0);
    let mut chart = ChartBuilder::on(area)
        .caption("Replies queued, by decision and state now", (FONT, 20))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top(max as f64))
        .map_err(draw_err)?;
    let names = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => d
            .replies
            .get(*i as usize)
            .map(|r| format!("{} ({})", r.decision, r.total))
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&names)
        .y_desc("replies")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(draw_err)?;
    let width = chart.plotting_area().dim_in_pixel().0 / n as u32;
    let pad = width / 5;
    for (k, (state, color)) in STATES.iter().enumerate() {
        let bars = d.replies.iter().enumerate().map(|(i, r)| {
            let counts = [r.pending, r.approved, r.posted, r.rejected];
            let below: u64 = counts[..k].iter().sum();
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i as i32), below as f64),
                    (seg_end(i, n), (below + counts[k]) as f64),
                ],
                color.filled(),
            );
            bar.set_margin(0, 0, pad, pad);
            bar
        });
        let color = *color;
        chart
            .draw_series(bars)
            .map_err(draw_err)?
            .label(*state)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 14))
        .draw()
        .map_err(draw_err)
}

fn time_to_decision(area: &Area<'_>, d: &Digest) -> Result<()> {
    let n = d.days.len();
    let max = d
        .median_hours_per_day
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    // Minutes when every median is under an hour: "0.0 hours" on every tick says nothing.
    let (unit, scale) = if max < 1.0 {
        ("minutes", 60.0)
    } else {
        ("hours", 1.0)
    };
    let max = max * scale;
    // Enough decimals that the ticks differ (decisions taken within seconds show 0.05 min).
    let digits = if max < 1.0 {
        2
    } else if max < 10.0 {
        1
    } else {
        0
    };
    let caption = match d.median_hours {
        Some(h) => format!("Median time to decision by day (all: {})", hours_text(h)),
        None => "Median time to decision by day (none decided)".to_string(),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 20))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(45)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top(max))
        .map_err(draw_err)?;
    let labels = day_label(d);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&labels)
        .y_desc(unit)
        .y_label_formatter(&|y| format!("{y:.digits$}"))
        .draw()
        .map_err(draw_err)?;
    let width = chart.plotting_area().dim_in_pixel().0 / n.max(1) as u32;
    let pad = width / 5;
    let color = SERIES[4];
    chart
        .draw_series(
            d.median_hours_per_day
                .iter()
                .enumerate()
                .filter_map(|(i, h)| Some((i, (*h)? * scale)))
                .map(|(i, h)| {
                    let mut bar = Rectangle::new(
                        [(SegmentValue::Exact(i as i32), 0.0), (seg_end(i, n), h)],
                        color.filled(),
                    );
                    bar.set_margin(0, 0, pad, pad);
                    bar
                }),
        )
        .map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::report::Window;
    use crate::store::ReportRows;

    fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn an_empty_store_and_a_one_day_window_still_draw_a_chart() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        for days in [1, 7, 366] {
            let digest = Digest::build(Window::last_days(now, days), &[], &ReportRows::default());
            let (w, h, pixels) = decode(&render_png(&digest).unwrap());
            assert_eq!((w, h), (WIDTH, HEIGHT));
            // Axes, captions and the heading are drawn even with no data.
            let drawn = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
            assert!(drawn > 5_000, "{days} days: {drawn} pixels drawn");
        }
    }
}
